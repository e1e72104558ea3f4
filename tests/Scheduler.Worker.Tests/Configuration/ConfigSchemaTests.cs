using System.Text.Json;
using System.Text.RegularExpressions;

using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Worker.Configuration;

namespace Scheduler.Worker.Tests.Configuration;

/// <summary>
/// The JSON Schema shipped for editors (config/schema/estate-config.schema.json) says what the loader accepts:
/// the same keys in every mapping, the same words, and duration and name patterns that agree with the parsers.
/// </summary>
public class ConfigSchemaTests
{
    private static readonly JsonElement Schema = LoadSchema();

    private static JsonElement Defs => Schema.GetProperty("$defs");

    public static TheoryData<string, string[]> MappingKeys => new()
    {
        { "organisation", OrganisationSection.Keys },
        { "service", ServiceSection.Keys },
        { "contractor", ContractorSection.Keys },
        { "schedule", ScheduleSection.Keys },
        { "followUp", ScheduleSection.FollowUpKeys },
        { "nestingSeason", ScheduleSection.NestingSeasonKeys },
        { "appointment", ScheduleSection.AppointmentKeys },
        { "appointmentSlot", ScheduleSection.SlotKeys },
        { "monthsRule", RecurrenceSection.MonthsKeys },
        { "afterRule", RecurrenceSection.AfterKeys },
        { "improvement", ImprovementsSection.ComponentKeys },
        { "whereSites", [.. RegisterColumns.For(AssetKind.Site)] },
        { "whereBlocks", [.. RegisterColumns.For(AssetKind.Block)] },
        { "whereProperties", [.. RegisterColumns.For(AssetKind.Property)] },
    };

    [Fact]
    public void Schema_IsDraft2020_12()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", Schema.GetProperty("$schema").GetString());
        Assert.False(Schema.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Schema_TopLevelKeys_AreTheLoadersAndAllOptional()
    {
        Assert.Equal(ConfigLoader.TopLevelKeys, PropertyNames(Schema));
        Assert.False(Schema.TryGetProperty("required", out _));
    }

    [Theory]
    [MemberData(nameof(MappingKeys))]
    public void Schema_MappingKeys_AreTheLoadersAndNoOthers(string definition, string[] keys)
    {
        var mapping = Defs.GetProperty(definition);

        Assert.Equal(keys, PropertyNames(mapping));
        Assert.False(mapping.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Schema_EveryRules_TogetherHaveTheLoadersKeys()
    {
        var keys = PropertyNames(Defs.GetProperty("everyWeeksRule")).Union(PropertyNames(Defs.GetProperty("everyMonthsRule")));

        Assert.Equal(RecurrenceSection.EveryKeys.Order(), keys.Order());
    }

    [Fact]
    public void Schema_Choices_AreTheLoadersWords()
    {
        Assert.Equal(ContractorSection.DispatchModes.Keys, Enum(Defs.GetProperty("contractor").GetProperty("properties").GetProperty("dispatch")));
        Assert.Equal(OrganisationSection.Regions.Keys, Enum(Defs.GetProperty("organisation").GetProperty("properties").GetProperty("bankHolidays")));
        Assert.Equal(ScheduleSection.AssetKinds.Keys, Enum(Defs.GetProperty("schedule").GetProperty("properties").GetProperty("appliesTo")));
        Assert.Equal(RecurrenceSection.Targets.Keys, Enum(Defs.GetProperty("monthsRule").GetProperty("properties").GetProperty("target")));
        Assert.Equal(RegisterColumns.CleaningValues, Enum(Defs.GetProperty("whereBlocks").GetProperty("properties").GetProperty("cleaning")));
    }

    [Theory]
    [InlineData("Jan")]
    [InlineData("january")]
    [InlineData("SEPTEMBER")]
    [InlineData("sep")]
    [InlineData("May")]
    [InlineData("Sept")]
    [InlineData("Octo")]
    [InlineData("Ja")]
    [InlineData("13")]
    [InlineData("")]
    public void Schema_MonthPattern_AgreesWithTheLoader(string name)
    {
        Assert.Equal(CalendarNames.Month(name) is not null, Pattern("month").IsMatch(name));
    }

    [Theory]
    [InlineData("Monday")]
    [InlineData("fri")]
    [InlineData("THURSDAY")]
    [InlineData("Saturday")]
    [InlineData("sun")]
    [InlineData("Tues")]
    [InlineData("Mo")]
    public void Schema_WeekdayPattern_AgreesWithTheLoader(string name)
    {
        var accepted = CalendarNames.Day(name) is { } day && day <= NodaTime.IsoDayOfWeek.Friday;

        Assert.Equal(accepted, Pattern("weekday").IsMatch(name));
    }

    [Theory]
    [InlineData("8 weeks")]
    [InlineData("1 week")]
    [InlineData("3 Months")]
    [InlineData("14 days")]
    [InlineData(" 2  WEEK ")]
    [InlineData("1 working day")]
    [InlineData("2 Working Days")]
    [InlineData("4 hours")]
    [InlineData("20 years")]
    [InlineData("1 year")]
    [InlineData("0 weeks")]
    [InlineData("2 wks")]
    [InlineData("1.5 weeks")]
    [InlineData("weeks")]
    [InlineData("1 weekss")]
    public void Schema_DurationPatterns_AgreeWithFriendlyDuration(string text)
    {
        var parsed = FriendlyDuration.TryParse(text, out var duration);
        var durations = new (string Pattern, DurationUnit[] Units)[]
        {
            (Top("horizon"), [DurationUnit.Weeks, DurationUnit.Months, DurationUnit.Days]),
            (Property("followUp", "due"), [DurationUnit.WorkingDays]),
            (Property("improvement", "lifetime"), [DurationUnit.Years]),
            (Property("afterRule", "after"), [DurationUnit.Months, DurationUnit.Years, DurationUnit.Weeks, DurationUnit.Days]),
            (Property("afterRule", "earlyWindow"), [DurationUnit.Months, DurationUnit.Weeks, DurationUnit.Days]),
            (Property("appointment", "notice"), [DurationUnit.Days, DurationUnit.Weeks]),
            (Property("everyWeeksRule", "every"), [DurationUnit.Weeks]),
        };

        foreach (var (pattern, units) in durations)
        {
            Assert.True(
                (parsed && units.Contains(duration.Unit)) == Regex.IsMatch(text, pattern),
                $"'{text}' against {pattern}");
        }
    }

    [Theory]
    [InlineData("1 month", true)]
    [InlineData("2 months", true)]
    [InlineData("6 months", true)]
    [InlineData("12 months", true)]
    [InlineData("5 months", false)]
    [InlineData("24 months", false)]
    [InlineData("2 weeks", false)]
    public void Schema_EveryMonths_DividesTwelveAsTheLoaderRequires(string text, bool accepted)
    {
        Assert.Equal(accepted, Regex.IsMatch(text, Property("everyMonthsRule", "every")));
    }

    [Theory]
    [InlineData("08:00")]
    [InlineData("8:30")]
    [InlineData("17:05")]
    [InlineData("23:59")]
    [InlineData("0:00")]
    [InlineData("24:00")]
    [InlineData("8am")]
    [InlineData("08:0")]
    [InlineData("08:60")]
    [InlineData("08:00:00")]
    [InlineData("0800")]
    [InlineData("008:00")]
    public void Schema_TimeOfDayPattern_AgreesWithTheLoader(string text)
    {
        var result = ConfigFixture.ParseWithBase(("gas.yaml", $$"""
            services:
              - { id: gas-safety, name: Gas safety check }
            schedules:
              - id: gas-safety
                service: gas-safety
                appliesTo: properties
                recurrence: { after: 12 months, earlyWindow: 2 months }
                appointment: { notice: 14 days, attempts: 3, slots: [{ id: AM, from: "{{text}}", to: "{{text}}" }] }
            """));
        var loaderReads = !result.Problems.Any(p => p.Message.EndsWith("is not a time of day", StringComparison.Ordinal));

        Assert.Equal(loaderReads, Pattern("timeOfDay").IsMatch(text));
    }

    private static JsonElement LoadSchema()
    {
        var path = Path.Join(RepositoryRoot.ConfigFolder, "schema", "estate-config.schema.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    private static string[] PropertyNames(JsonElement mapping) =>
        [.. mapping.GetProperty("properties").EnumerateObject().Select(p => p.Name)];

    private static string[] Enum(JsonElement element) =>
        [.. element.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)];

    private static Regex Pattern(string definition) => new(Defs.GetProperty(definition).GetProperty("pattern").GetString()!);

    private static string Top(string key) => Schema.GetProperty("properties").GetProperty(key).GetProperty("pattern").GetString()!;

    private static string Property(string definition, string key) =>
        Defs.GetProperty(definition).GetProperty("properties").GetProperty(key).GetProperty("pattern").GetString()!;
}
