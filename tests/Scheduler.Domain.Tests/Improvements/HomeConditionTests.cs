using Scheduler.Domain.Improvements;
using static Scheduler.Domain.Tests.Improvements.TestHomes;

namespace Scheduler.Domain.Tests.Improvements;

/// <summary>The home's own <c>condition</c> column (the last home MOT's score) and how it combines with per-component scores.</summary>
public class HomeConditionTests
{
    [Theory]
    [InlineData("condition=4", null, 4, null)] // the home's score when the component has none
    [InlineData("condition=4", "kitchen_condition=2", 2, null)] // the component's own score wins
    [InlineData("condition=", null, null, null)]
    [InlineData("condition= 3 ", null, 3, null)]
    [InlineData("condition=9", null, null, "condition '9' is not a score from 1 to 5; ignored")]
    [InlineData("condition=4", "kitchen_condition=x", 4, "kitchen_condition 'x' is not a score from 1 to 5; ignored")] // a bad own score falls back
    public void Assess_HomeConditionFallback(string home, string? own, int? expected, string? note)
    {
        string[] columns = own is null ? [home] : [home, own];
        var result = ImprovementEligibility.Assess(Home("P1", kitchen: 2000, columns: columns), "kitchen", 20);
        Assert.Equal(expected, result.Condition);
        Assert.Equal(note is null ? [] : [note], result.Notes);
        Assert.Equal(2020, result.EligibleYear);
    }

    [Theory]
    [InlineData("condition=5", 5)]
    [InlineData("condition=1", 1)]
    [InlineData("condition=", null)]
    [InlineData("condition=0", null)]
    [InlineData("bedrooms=2", null)]
    public void HomeCondition_ReadsOnlyAScore(string column, int? expected) =>
        Assert.Equal(expected, ImprovementEligibility.HomeCondition(Home("P1", columns: column)));

    [Theory]
    [InlineData("1997", true, 1997)]
    [InlineData(" 2004-02-29 ", true, 2004)]
    [InlineData("1899", false, 0)]
    [InlineData("2101", false, 0)]
    [InlineData("97", false, 0)]
    [InlineData("", false, 0)]
    [InlineData("2005-02-29", false, 0)]
    public void TryParseYear_YearOrIsoDate(string text, bool ok, int year)
    {
        Assert.Equal(ok, ImprovementEligibility.TryParseYear(text, out var parsed));
        Assert.Equal(year, parsed);
    }

    [Fact]
    public void Build_HomeConditionOrdersHomesOfTheSameAge()
    {
        var homes = new[]
        {
            Home("A", kitchen: 2000, columns: "condition=2"),
            Home("B", kitchen: 2000, columns: "condition=5"),
            Home("C", kitchen: 2000),
            Home("D", kitchen: 2000, columns: ["condition=1", "kitchen_condition=4"]),
        };

        var programme = ImprovementProgramme.Build(homes, ShippedLifetimes, new Dictionary<string, int> { ["kitchen"] = 1 }, 2027);

        Assert.Equal(["B@2027", "D@2028", "A@2029", "C@2030"], programme.Work.Select(w => $"{w.HomeId}@{w.Year}"));
    }
}
