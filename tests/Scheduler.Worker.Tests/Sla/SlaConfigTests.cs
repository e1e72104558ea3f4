using System.Text.Json;
using System.Text.RegularExpressions;

using Scheduler.Domain.Configuration;
using Scheduler.Domain.Sla;
using Scheduler.Worker.Configuration;
using Scheduler.Worker.Tests.Configuration;

using static Scheduler.Worker.Tests.Configuration.ConfigFixture;

namespace Scheduler.Worker.Tests.Sla;

/// <summary>
/// <c>sla:</c> in config: the shipped file states every default, overrides reach <see cref="EstateConfiguration.Sla"/>,
/// and every bad key or value is reported at its file, line and column (Awaab's Law may only be shortened).
/// </summary>
public class SlaConfigTests
{
    [Fact]
    public void Load_ShippedSlaYaml_StatesEveryDefaultTargetExactly()
    {
        var result = ConfigLoader.Load(RepositoryRoot.ConfigFolder);
        Assert.True(result.Succeeded, Describe(result));
        var text = File.ReadAllText(Path.Join(RepositoryRoot.ConfigFolder, "sla.yaml"));

        foreach (var target in SlaCatalog.Defaults.Targets)
        {
            var line = Regex.Match(text, $@"^\s+{Regex.Escape(target.Id)}:\s*([^#\n]+)", RegexOptions.Multiline);
            Assert.True(line.Success, $"sla.yaml does not set {target.Id}");
            Assert.True(FriendlyDuration.TryParse(line.Groups[1].Value.Trim(), out var written));
            Assert.Equal(target.Target, written);
            Assert.Equal(target.Target, result.Configuration!.Sla[target.Id].Target);
        }
    }

    [Fact]
    public void Parse_NoSlaSection_GivesTheDefaults()
    {
        var result = ParseWithBase();

        Assert.True(result.Succeeded, Describe(result));
        Assert.Same(SlaCatalog.Defaults, result.Configuration!.Sla);
    }

    [Fact]
    public void Parse_Overrides_ReplaceOnlyTheKeysGiven()
    {
        var result = ParseWithBase(("sla.yaml", """
            sla:
              repairs-routine: 14 days
              repairs-emergency: 2 HOURS
              awaab-safety-work: 3 working days
              complaints-respond: 8 working day
            """));

        Assert.True(result.Succeeded, Describe(result));
        var sla = result.Configuration!.Sla;
        Assert.Equal(new FriendlyDuration(14, DurationUnit.Days), sla[SlaIds.RepairsRoutine].Target);
        Assert.Equal(new FriendlyDuration(2, DurationUnit.Hours), sla[SlaIds.RepairsEmergency].Target);
        Assert.Equal(new FriendlyDuration(3, DurationUnit.WorkingDays), sla[SlaIds.AwaabSafetyWork].Target);
        Assert.Equal(new FriendlyDuration(8, DurationUnit.WorkingDays), sla[SlaIds.ComplaintsRespond].Target);
        var untouched = SlaCatalog.Defaults.Targets.Where(t => t.Id is not (SlaIds.RepairsRoutine or SlaIds.RepairsEmergency
            or SlaIds.AwaabSafetyWork or SlaIds.ComplaintsRespond));
        Assert.All(untouched, t => Assert.Equal(t.Target, sla[t.Id].Target));
    }

    [Fact]
    public void Parse_OverridesSplitOverTwoFiles_Merge()
    {
        var result = ParseWithBase(("sla-a.yaml", "sla:\n  repairs-routine: 10 days\n"), ("sla-b.yaml", "sla:\n  repairs-major: 45 days\n"));

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal(10, result.Configuration!.Sla[SlaIds.RepairsRoutine].Target.Count);
        Assert.Equal(45, result.Configuration.Sla[SlaIds.RepairsMajor].Target.Count);
    }

    [Fact]
    public void Parse_SameTargetInTwoFiles_NamesBoth()
    {
        var problem = Single(ParseWithBase(("sla-a.yaml", "sla:\n  repairs-routine: 10 days\n"), ("sla-b.yaml", "sla:\n  repairs-routine: 12 days\n")));

        AssertAt(problem, "sla-b.yaml", 2, 3);
        Assert.Contains("sla.repairs-routine is set in two files", problem.Message, StringComparison.Ordinal);
        Assert.Contains("sla-a.yaml:2:3", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownTarget_IsReportedAtTheKeyWithTheKnownIds()
    {
        var problem = Single(ParseWithBase(("sla.yaml", "sla:\n  repairs-urgent: 1 day\n")));

        AssertAt(problem, "sla.yaml", 2, 3);
        Assert.Equal("'repairs-urgent' is not an SLA target", problem.Message);
        Assert.Equal(string.Join(", ", SlaCatalog.Defaults.Targets.Select(t => t.Id)), problem.Accepted);
    }

    [Theory]
    [InlineData("17 dayz")]
    [InlineData("0 days")]
    [InlineData("seventeen days")]
    [InlineData("1.5 days")]
    public void Parse_BadDuration_IsReportedAtTheValueWithTheAcceptedForms(string value)
    {
        var problem = Single(ParseWithBase(("sla.yaml", $"sla:\n  repairs-routine: {value}\n")));

        AssertAt(problem, "sla.yaml", 2, 20);
        Assert.Equal("sla.repairs-routine is not a duration", problem.Message);
        Assert.Equal(value, problem.Value);
        Assert.Equal(FriendlyDuration.AcceptedForms, problem.Accepted);
    }

    [Fact]
    public void Parse_EmptyValue_IsReported()
    {
        var problem = Single(ParseWithBase(("sla.yaml", "sla:\n  repairs-routine:\n")));

        Assert.Equal("sla.repairs-routine is empty; give it a value", problem.Message);
    }

    [Theory]
    [InlineData("awaab-emergency-make-safe: 25 hours", 30)]
    [InlineData("awaab-emergency-make-safe: 1 day", 30)]
    [InlineData("awaab-damp-mould-investigate: 11 working days", 33)]
    [InlineData("awaab-damp-mould-investigate: 10 days", 33)]
    [InlineData("awaab-safety-work: 7 days", 22)]
    [InlineData("awaab-further-work-start: 3 months", 29)]
    public void Parse_StatutoryTargetLengthenedOrInAnotherUnit_IsRefusedWithTheDomainsReason(string line, int column)
    {
        var problem = Single(ParseWithBase(("sla.yaml", $"sla:\n  {line}\n")));

        AssertAt(problem, "sla.yaml", 2, column);
        Assert.StartsWith($"sla.{line[..line.IndexOf(':', StringComparison.Ordinal)]} is refused: ", problem.Message, StringComparison.Ordinal);
        Assert.Contains("is set by law", problem.Message, StringComparison.Ordinal);
        Assert.Contains("may be shortened", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("awaab-emergency-make-safe: 12 hours")]
    [InlineData("awaab-emergency-make-safe: 24 hours")]
    [InlineData("awaab-damp-mould-investigate: 5 working days")]
    [InlineData("awaab-further-work-start: 8 weeks")]
    public void Parse_StatutoryTargetShortenedInTheSameUnit_IsAccepted(string line)
    {
        var result = ParseWithBase(("sla.yaml", $"sla:\n  {line}\n"));

        Assert.True(result.Succeeded, Describe(result));
    }

    [Fact]
    public void Parse_EveryProblemInTheSection_IsReportedAtOnce()
    {
        var result = ParseWithBase(("sla.yaml", """
            sla:
              repairs-routine: soon
              awaab-safety-work: 6 working days
              repair-major: 60 days
              referral-reply: [48 hours]
            """));

        Assert.Null(result.Configuration);
        Assert.Equal([2, 3, 4, 5], result.Problems.Select(p => p.Location.Line));
    }

    [Fact]
    public void Parse_SlaNotAMapping_IsReported()
    {
        var problem = Single(ParseWithBase(("sla.yaml", "sla: [repairs-routine]\n")));

        AssertAt(problem, "sla.yaml", 1, 6);
        Assert.Contains("sla must be a mapping", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_SlaKeys_AreTheCatalogsIds()
    {
        var sla = LoadSchema().GetProperty("$defs").GetProperty("sla");

        Assert.Equal(SlaCatalog.Defaults.Targets.Select(t => t.Id), sla.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.False(sla.GetProperty("additionalProperties").GetBoolean());
    }

    [Theory]
    [InlineData("4 hours")]
    [InlineData("1 hour")]
    [InlineData("17 days")]
    [InlineData("2 working days")]
    [InlineData("1 Working Day")]
    [InlineData("12 weeks")]
    [InlineData("3 months")]
    [InlineData("1 year")]
    [InlineData("0 days")]
    [InlineData("4 hrs")]
    [InlineData("working days")]
    [InlineData("2 work days")]
    public void Schema_SlaDurationPattern_AgreesWithFriendlyDuration(string text)
    {
        var pattern = LoadSchema().GetProperty("$defs").GetProperty("slaDuration").GetProperty("pattern").GetString()!;

        Assert.Equal(FriendlyDuration.TryParse(text, out _), Regex.IsMatch(text, pattern));
    }

    private static JsonElement LoadSchema()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Join(RepositoryRoot.ConfigFolder, "schema", "estate-config.schema.json")));
        return document.RootElement.Clone();
    }
}
