using NodaTime;

using Scheduler.Domain.Configuration;
using Scheduler.Worker.Configuration;

using static Scheduler.Worker.Tests.Configuration.ConfigFixture;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>
/// <c>appointment.slots</c>: each slot a plain name (as before) or <c>{ id, from, to }</c> with its hours; the hours
/// read into the policy, every mistake reported at file, line and column with why.
/// </summary>
public class AppointmentSlotsConfigTests
{
    private static string Gas(string slots) => GasSchedule($"""
              notice: 14 days
              attempts: 3
              slots:
        {slots}
        """);

    private static AppointmentPolicy Policy(ConfigLoadResult result)
    {
        Assert.True(result.Problems.Count == 0, Describe(result));
        return result.Configuration!.FindSchedule("gas-safety")!.Appointment!;
    }

    [Fact]
    public void Parse_SlotsWithHours_AreReadAsLocalTimes()
    {
        var policy = Policy(ParseWithBase(("gas.yaml", Gas("""
                    - { id: AM, from: "08:00", to: "12:00" }
                    - { id: PM, from: "12:00", to: "17:30" }
            """))));

        Assert.Equal(["AM", "PM"], policy.Slots);
        Assert.Equal((new LocalTime(8, 0), new LocalTime(12, 0)), (policy.HoursOf("AM")!.From, policy.HoursOf("AM")!.To));
        Assert.Equal((new LocalTime(12, 0), new LocalTime(17, 30)), (policy.HoursOf("PM")!.From, policy.HoursOf("PM")!.To));
    }

    [Fact]
    public void Parse_PlainNames_HaveNoHoursAsBefore()
    {
        var policy = Policy(ParseWithBase(("gas.yaml", Gas("""
                    [AM, PM]
            """))));

        Assert.Equal(["AM", "PM"], policy.Slots);
        Assert.Empty(policy.Hours);
        Assert.Null(policy.HoursOf("AM"));
    }

    [Fact]
    public void Parse_NamesAndMappingsMixed_OnlyTheMappedSlotHasHours()
    {
        var policy = Policy(ParseWithBase(("gas.yaml", Gas("""
                    - EARLY
                    - { id: AM, from: 8:30, to: "12:00" }
                    - { id: PM }
            """))));

        Assert.Equal(["EARLY", "AM", "PM"], policy.Slots);
        Assert.Equal("08:30–12:00", policy.HoursOf("AM")!.ToString());
        Assert.Null(policy.HoursOf("EARLY"));
        Assert.Null(policy.HoursOf("PM"));
    }

    [Theory]
    [InlineData("""- { id: AM, from: "8am", to: "12:00" }""", 12, 27, "schedule 'gas-safety': appointment.slots: slot 'AM': from is not a time of day", "8am")]
    [InlineData("""- { id: AM, from: "08:00", to: "24:00" }""", 12, 40, "schedule 'gas-safety': appointment.slots: slot 'AM': to is not a time of day", "24:00")]
    [InlineData("""- { id: AM, from: "08:00", to: "" }""", 12, 40, "schedule 'gas-safety': appointment.slots: slot 'AM': to is empty; give it a value", null)]
    [InlineData("""- { id: AM, from: "12:00", to: "08:00" }""", 12, 40, "schedule 'gas-safety': appointment.slots: slot 'AM' ends at 08:00, not after it starts at 12:00: 'from' must be before 'to' on the same day", "08:00")]
    [InlineData("""- { id: AM, from: "08:00", to: "08:00" }""", 12, 40, "schedule 'gas-safety': appointment.slots: slot 'AM' ends at 08:00, not after it starts at 08:00: 'from' must be before 'to' on the same day", "08:00")]
    [InlineData("""- { id: AM, from: "08:00" }""", 12, 11, "schedule 'gas-safety': appointment.slots: slot 'AM' has 'from' but no 'to'; give both times or neither", null)]
    [InlineData("""- { id: AM, to: "12:00" }""", 12, 11, "schedule 'gas-safety': appointment.slots: slot 'AM' has 'to' but no 'from'; give both times or neither", null)]
    [InlineData("""- { from: "08:00", to: "12:00" }""", 12, 11, "a slot of schedule 'gas-safety': appointment.slots is missing the required key 'id'", null)]
    [InlineData("""- { id: AM, hours: "8-12" }""", 12, 21, "unknown key 'hours' in a slot of schedule 'gas-safety': appointment.slots", "hours")]
    [InlineData("""- [AM, PM]""", 12, 11, "an entry of schedule 'gas-safety': appointment.slots must be a slot name (e.g. AM) or a mapping { id: AM, from: \"08:00\", to: \"12:00\" }, but this is a list", null)]
    [InlineData("""- { id: [AM], from: "08:00", to: "12:00" }""", 12, 17, "a slot's id in schedule 'gas-safety': appointment.slots must be a single value, but this is a list", null)]
    [InlineData("""- AM | - { id: AM, from: "08:00", to: "12:00" }""", 12, 9, "schedule 'gas-safety': appointment.slots lists a slot twice", "AM, AM")]
    public void Parse_BadSlot_IsReportedAtItsPlaceSayingWhy(string slots, int line, int column, string message, string? value)
    {
        // Slots separated by " | " are one a line.
        var result = ParseWithBase(("gas.yaml", Gas("        " + slots.Replace(" | ", "\n        ", StringComparison.Ordinal))));

        var problem = Single(result);
        AssertAt(problem, "gas.yaml", line, column);
        Assert.Equal(message, problem.Message);
        Assert.Equal(value, problem.Value);
    }

    [Fact]
    public void Parse_OverlappingSlots_AreReportedAtTheLaterOne()
    {
        var result = ParseWithBase(("gas.yaml", Gas("""
                    - { id: AM, from: "08:00", to: "12:00" }
                    - PM
                    - { id: MID, from: "11:30", to: "14:00" }
            """)));

        var problem = Single(result);
        AssertAt(problem, "gas.yaml", 14, 11);
        Assert.Equal("schedule 'gas-safety': appointment.slots: slot 'MID' (11:30–14:00) overlaps slot 'AM' (08:00–12:00); slots must not overlap (one may end as the next starts)", problem.Message);
        Assert.Equal("a slot starting at or after 12:00 or ending at or before 08:00", problem.Accepted);
    }

    [Fact]
    public void Parse_EveryBadSlot_IsReportedNotJustTheFirst()
    {
        var result = ParseWithBase(("gas.yaml", Gas("""
                    - { id: AM, from: "8", to: "12:00" }
                    - { id: PM, from: "12:00" }
            """)));

        Assert.Null(result.Configuration);
        Assert.Equal(["gas.yaml:12:27", "gas.yaml:13:11"], result.Problems.Select(p => p.Location.ToString()));
    }

    [Fact]
    public void ScheduleSection_SlotKeys_AreIdFromTo() =>
        Assert.Equal(["id", "from", "to"], ScheduleSection.SlotKeys);
}
