using Scheduler.Domain.Estate;
using Scheduler.Domain.Improvements;
using static Scheduler.Domain.Tests.Improvements.TestHomes;

namespace Scheduler.Domain.Tests.Improvements;

/// <summary>The published schedule: every home and component, with the programme, deferrals, later years and surveys.</summary>
public class ImprovementScheduleTests
{
    private static readonly Dictionary<string, int> KitchensAndRoofs = new(StringComparer.Ordinal) { ["kitchen"] = 20, ["roof"] = 50 };

    [Fact]
    public void Build_CapacityShort_DefersTheYoungestWithTheReason()
    {
        // Five kitchens eligible by 2027 (fitted 1995–2005), two a year.
        var homes = new[]
        {
            Home("K1", kitchen: 2005), Home("K2", kitchen: 1995), Home("K3", kitchen: 2001), Home("K4", kitchen: 1999), Home("K5", kitchen: 2003),
        };

        var schedule = ImprovementSchedule.Build(homes, Kitchens(), Capacity(2), 2027);

        Assert.Equal(
            ["K2 Programmed 2027 -", "K4 Programmed 2027 -",
             "K3 Deferred 2028 capacity for kitchen in 2027 is 2; 3 homes deferred.",
             "K5 Deferred 2028 capacity for kitchen in 2027 is 2; 3 homes deferred.",
             "K1 Deferred 2029 capacity for kitchen in 2027 is 2; 3 homes deferred. capacity for kitchen in 2028 is 2; 1 home deferred."],
            schedule.Entries.Select(e => $"{e.Home.Id} {e.Status} {e.ProgrammeYear} {e.Reason ?? "-"}"));
        Assert.Equal(["K2", "K4"], schedule.ProgrammedInYear.Select(e => e.Home.Id));
        Assert.Equal("2028 (deferred)", schedule.Entries[2].Describe());
        Assert.Equal("2027", schedule.Entries[0].Describe());
    }

    [Fact]
    public void Build_OrderIsAgeThenConditionThenArea()
    {
        var homes = new[]
        {
            Home("S1", "south", kitchen: 2000, columns: "condition=5"),
            Home("N1", "north", kitchen: 2000, columns: "condition=2"),
            Home("N2", "north", kitchen: 1998),
            Home("S2", "south", kitchen: 2000, columns: "condition=2"),
            Home("N3", "north", kitchen: 2000, columns: "condition=5"),
        };

        var schedule = ImprovementSchedule.Build(homes, Kitchens(), Capacity(10), 2027);

        // All fit in 2027: listed by area (north first), and within an area oldest first, then worst condition.
        Assert.Equal(["N2", "N3", "N1", "S1", "S2"], schedule.ProgrammedInYear.Select(e => e.Home.Id));

        var tight = ImprovementSchedule.Build(homes, Kitchens(), Capacity(2), 2027);

        // Two a year. Priority: N2 (oldest), then condition 5 (N3, S1: area breaks the tie), then condition 2 (N1, S2).
        // Each year's homes are then listed by area, so 2028 shows N1 (north) before S1 (south).
        Assert.Equal(["N2@2027", "N3@2027", "N1@2028", "S1@2028", "S2@2029"],
            tight.Entries.Where(e => e.ProgrammeYear is not null).Select(e => $"{e.Home.Id}@{e.ProgrammeYear}"));
        Assert.Equal(["N2", "N3"], tight.ProgrammedInYear.Select(e => e.Home.Id));
    }

    [Fact]
    public void Build_UnknownYear_IsSurveyNeeded_NeverProgrammedOrDeferred()
    {
        var homes = new[] { Home("K1", kitchen: 1990), Home("U1"), Home("U2", columns: "condition=5") };

        var schedule = ImprovementSchedule.Build(homes, Kitchens(), Capacity(1), 2027);

        var surveys = schedule.Entries.Where(e => e.Status == ScheduleStatus.SurveyNeeded).ToList();
        Assert.Equal(["U1", "U2"], surveys.Select(e => e.Home.Id));
        Assert.All(surveys, e => Assert.Null(e.ProgrammeYear));
        Assert.All(surveys, e => Assert.Equal("kitchen_year is empty", e.Reason));
        Assert.All(surveys, e => Assert.Equal("Unknown: survey needed", e.Describe()));
        Assert.Equal(["K1"], schedule.ProgrammedInYear.Select(e => e.Home.Id));
        Assert.Empty(schedule.Programme.Shortfalls); // the unknowns do not take capacity
    }

    [Fact]
    public void Build_EveryHomeAndComponentOnce_InTheDocumentedGroups()
    {
        var homes = new[]
        {
            Home("A", kitchen: 2001, columns: "roof_year=1970"), // kitchen eligible 2021 (programmed); roof 2020 (no capacity)
            Home("B", kitchen: 2015, columns: "roof_year=1990"), // kitchen 2035, roof 2040: both later
            Home("C", kitchen: 2012), // kitchen 2032 later; no roof column: survey
        };

        var schedule = ImprovementSchedule.Build(homes, KitchensAndRoofs, Capacity(5), 2027);

        Assert.Equal(
            ["A kitchen Programmed", "A roof NotProgrammed", "C kitchen NotYetEligible", "B kitchen NotYetEligible", "B roof NotYetEligible",
             "C roof SurveyNeeded"],
            schedule.Entries.Select(e => $"{e.Home.Id} {e.Component} {e.Status}"));
        Assert.Equal("eligible since 2020, not programmed", schedule.Entries[1].Describe());
        Assert.Equal("no capacity is configured for roof", schedule.Entries[1].Reason);
        Assert.Equal("eligible from 2032", schedule.Entries[2].Describe());
        Assert.Equal("the register has no roof_year column", schedule.Entries[5].Reason);
    }

    [Fact]
    public void Build_SameHomesInAnyOrder_SameSchedule()
    {
        var homes = Enumerable.Range(1, 30)
            .Select(i => Home($"P{i:00}", i % 3 == 0 ? "south" : "north", kitchen: 1995 + (i % 9), columns: i % 4 == 0 ? $"condition={1 + (i % 5)}" : "bedrooms=2"))
            .ToList();

        var forward = ImprovementSchedule.Build(homes, Kitchens(), Capacity(4), 2027);
        var backward = ImprovementSchedule.Build(Enumerable.Reverse(homes), Kitchens(), Capacity(4), 2027);

        Assert.Equal(Describe(forward), Describe(backward));
        Assert.All(forward.Entries.Where(e => e.ProgrammeYear is not null).GroupBy(e => e.ProgrammeYear), g => Assert.True(g.Count() <= 4));
    }

    private static Dictionary<string, int> Kitchens() => new(StringComparer.Ordinal) { ["kitchen"] = 20 };

    private static Dictionary<string, int> Capacity(int kitchens) => new(StringComparer.Ordinal) { ["kitchen"] = kitchens };

    private static IEnumerable<string> Describe(ImprovementSchedule schedule) =>
        schedule.Entries.Select(e => $"{e.Home.Id} {e.Component} {e.Status} {e.ProgrammeYear} {e.Reason}");
}
