using Scheduler.Domain.Estate;
using Scheduler.Domain.Improvements;
using static Scheduler.Domain.Tests.Improvements.TestHomes;

namespace Scheduler.Domain.Tests.Improvements;

public class ImprovementProgrammeTests
{
    private static readonly Dictionary<string, int> Kitchens = new() { ["kitchen"] = 20 };

    // Homes written "id:area:kitchen year[:condition]"; the programme for 2027 (eligible when installed 2007 or
    // earlier); expected "id@year" in programme order.
    [Theory]
    [InlineData("A:north:1990 B:north:1995 C:north:2000 D:north:2010", 2, "A@2027 B@2027 C@2028")] // oldest first; D not eligible
    [InlineData("A:north:2000 B:north:1990 C:north:1995", 3, "B@2027 C@2027 A@2027")] // all fit: oldest first within the area
    [InlineData("A:north:2000:2 B:north:2000:5 C:north:2000 D:north:2000:3", 1, "B@2027 D@2028 A@2029 C@2030")] // worse condition first, unscored last
    [InlineData("A:north:1999:1 B:north:2000:5", 1, "A@2027 B@2028")] // age before condition
    [InlineData("S1:south:2000 N1:north:2000 S2:south:1995 N2:north:1990", 4, "N2@2027 N1@2027 S2@2027 S1@2027")] // grouped by area
    [InlineData("S1:south:2000 N1:north:2000", 1, "N1@2027 S1@2028")] // a tie is broken by area, then id
    [InlineData("B:north:2007 A:north:2007", 1, "A@2027 B@2028")] // installed 2007: eligible in 2027 itself
    public void Build_OrdersAndDefers(string homes, int capacity, string expected)
    {
        var programme = ImprovementProgramme.Build(Parse(homes), Kitchens, new Dictionary<string, int> { ["kitchen"] = capacity }, 2027);
        Assert.Equal(expected.Split(' '), programme.Work.Select(w => $"{w.HomeId}@{w.Year}"));
    }

    [Fact]
    public void Build_DeferralCarriesTheReason()
    {
        // 52 kitchens eligible in 2027, 40 a year: 12 deferred to 2028 (the brief's example).
        var homes = Enumerable.Range(1, 52).Select(i => Home($"P{i:00}", kitchen: 1980 + (i % 20))).ToList();
        var programme = ImprovementProgramme.Build(homes, Kitchens, new Dictionary<string, int> { ["kitchen"] = 40 }, 2027);
        Assert.Equal(40, programme.In(2027).Count());
        Assert.All(programme.In(2027), w => Assert.Null(w.DeferralReason));
        var deferred = programme.In(2028).ToList();
        Assert.Equal(12, deferred.Count);
        Assert.All(deferred, w => Assert.Equal("capacity for kitchen in 2027 is 40; 12 homes deferred.", w.DeferralReason));
        Assert.All(deferred, w => Assert.True(w.Deferred));
        Assert.Equal([new CapacityShortfall("kitchen", 2027, 40, 12)], programme.Shortfalls);

        // Every deferred home is at least as young as every home kept in 2027.
        Assert.True(programme.In(2027).Max(w => w.InstalledYear) <= deferred.Min(w => w.InstalledYear));
    }

    [Fact]
    public void Build_DeferredTwiceListsBothYears()
    {
        var programme = ImprovementProgramme.Build(Parse("A:north:1990 B:north:1991 C:north:1992"), Kitchens, new Dictionary<string, int> { ["kitchen"] = 1 }, 2027);
        Assert.Equal(
            "capacity for kitchen in 2027 is 1; 2 homes deferred. capacity for kitchen in 2028 is 1; 1 home deferred.",
            programme.Work.Single(w => w.HomeId == "C").DeferralReason);
        Assert.Equal(2029, programme.Work.Single(w => w.HomeId == "C").Year);
        Assert.Equal(
            [new CapacityShortfall("kitchen", 2027, 1, 2), new CapacityShortfall("kitchen", 2028, 1, 1)],
            programme.Shortfalls);
    }

    [Fact]
    public void Build_UnknownInstallYearNeedsASurveyAndIsNotProgrammed()
    {
        var homes = new[] { Home("A", kitchen: 1990), Home("B"), Home("C", kitchen: 2020), Home("D") };
        var programme = ImprovementProgramme.Build(homes, Kitchens, new Dictionary<string, int> { ["kitchen"] = 10 }, 2027);
        Assert.Equal(["A"], programme.Work.Select(w => w.HomeId));
        Assert.Equal(["B", "D"], programme.SurveysNeeded.Select(s => s.HomeId));
        Assert.All(programme.SurveysNeeded, s => Assert.Equal("Unknown: survey needed", s.Describe()));
        Assert.Empty(programme.Shortfalls);
    }

    [Fact]
    public void Build_ComponentsHaveTheirOwnCapacity()
    {
        var homes = new[]
        {
            Home("A", kitchen: 1990, bathroom: 1980, columns: "windows_year=1990"),
            Home("B", kitchen: 1991, bathroom: 1981),
            Home("C", kitchen: 1992, bathroom: 2000, columns: "windows_year=1980"),
        };
        var capacity = new Dictionary<string, int> { ["kitchen"] = 1, ["bathroom"] = 5, ["windows"] = 1 };
        var programme = ImprovementProgramme.Build(homes, ShippedLifetimes, capacity, 2027);
        Assert.Equal(
            ["bathroom A@2027", "bathroom B@2027", "kitchen A@2027", "windows C@2027", "kitchen B@2028", "windows A@2028", "kitchen C@2029"],
            programme.Work.Select(w => $"{w.Component} {w.HomeId}@{w.Year}"));
        Assert.Equal(["windows"], programme.SurveysNeeded.Select(s => s.Component).Distinct()); // B has no windows_year
        Assert.DoesNotContain(programme.Work, w => w.Component == "boiler"); // no capacity given: not programmed
    }

    [Fact]
    public void Build_LeavesOutWorkAlreadyDone()
    {
        var programme = ImprovementProgramme.Build(
            Parse("A:north:1990 B:north:1991 C:north:1992"), Kitchens, new Dictionary<string, int> { ["kitchen"] = 2 }, 2027, [("A", "kitchen"), ("B", "bathroom")]);
        Assert.Equal(["B@2027", "C@2027"], programme.Work.Select(w => $"{w.HomeId}@{w.Year}"));
    }

    [Fact]
    public void Build_CarriesYearsAndCondition()
    {
        var work = Assert.Single(ImprovementProgramme.Build(Parse("A:south:2001:4"), Kitchens, new Dictionary<string, int> { ["kitchen"] = 1 }, 2027).Work);
        Assert.Equal(new ProgrammedWork("A", "south", "kitchen", 2001, 2021, 4, 2027, null), work);
    }

    [Fact]
    public void Build_IsDeterministicWhateverTheInputOrder()
    {
        var homes = Enumerable.Range(1, 60)
            .Select(i => Home($"P{i:00}", i % 3 == 0 ? "south" : "north", kitchen: 1985 + (i % 7), columns: i % 4 == 0 ? $"kitchen_condition={1 + (i % 5)}" : "bedrooms=2"))
            .ToList();
        var capacity = new Dictionary<string, int> { ["kitchen"] = 13 };
        var forward = ImprovementProgramme.Build(homes, Kitchens, capacity, 2027);
        var reversed = ImprovementProgramme.Build(Enumerable.Reverse(homes), Kitchens, capacity, 2027);
        Assert.Equal(forward.Work, reversed.Work);
        Assert.Equal(forward.Shortfalls, reversed.Shortfalls);
        Assert.Equal(60, forward.Work.Count);
        Assert.Equal([13, 13, 13, 13, 8], forward.Work.GroupBy(w => w.Year).Select(g => g.Count()));
    }

    [Fact]
    public void Build_RefusesBadCapacity()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ImprovementProgramme.Build([], Kitchens, new Dictionary<string, int> { ["kitchen"] = 0 }, 2027));
        Assert.Throws<ArgumentException>(() => ImprovementProgramme.Build([], Kitchens, new Dictionary<string, int> { ["loft"] = 5 }, 2027));
    }

    [Fact]
    public void CapacityShortfall_ReasonCountsHomes()
    {
        Assert.Equal("capacity for kitchen in 2027 is 40; 12 homes deferred", new CapacityShortfall("kitchen", 2027, 40, 12).Reason);
        Assert.Equal("capacity for roof in 2030 is 5; 1 home deferred", new CapacityShortfall("roof", 2030, 5, 1).Reason);
    }

    private static List<Home> Parse(string homes) =>
    [
        .. homes.Split(' ').Select(h => h.Split(':')).Select(p =>
            Home(p[0], p[1], kitchen: int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture), columns: p.Length > 3 ? $"kitchen_condition={p[3]}" : "bedrooms=2")),
    ];
}
