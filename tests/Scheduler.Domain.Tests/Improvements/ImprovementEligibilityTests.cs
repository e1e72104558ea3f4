using Scheduler.Domain.Improvements;
using static Scheduler.Domain.Tests.Improvements.TestHomes;

namespace Scheduler.Domain.Tests.Improvements;

public class ImprovementEligibilityTests
{
    // Typed register columns, shipped lifetimes, status in 2027.
    [Theory]
    [InlineData("kitchen", 2005, 2025, EligibilityStatus.Eligible)]
    [InlineData("kitchen", 2007, 2027, EligibilityStatus.Eligible)] // eligible in its eligibility year
    [InlineData("kitchen", 2008, 2028, EligibilityStatus.NotYetEligible)]
    [InlineData("bathroom", 1997, 2027, EligibilityStatus.Eligible)]
    [InlineData("bathroom", 1998, 2028, EligibilityStatus.NotYetEligible)]
    [InlineData("boiler", 2012, 2027, EligibilityStatus.Eligible)]
    [InlineData("boiler", 2013, 2028, EligibilityStatus.NotYetEligible)]
    public void Assess_TypedColumns(string component, int installed, int eligible, EligibilityStatus in2027)
    {
        var home = Home("P1", kitchen: component == "kitchen" ? installed : null, bathroom: component == "bathroom" ? installed : null,
            boiler: component == "boiler" ? installed : null);
        var result = ImprovementEligibility.Assess(home, component, ShippedLifetimes[component]);
        Assert.Equal((installed, eligible, in2027), (result.InstalledYear, result.EligibleYear, result.StatusIn(2027)));
        Assert.Empty(result.Notes);
        Assert.Equal($"eligible from {eligible}", result.Describe());
    }

    // Any other component: its <component>_year column, a year or an ISO date (only the year counts).
    [Theory]
    [InlineData("windows", "windows_year=1997", 1997, 2027)]
    [InlineData("heating-distribution", "heating_distribution_year=1987", 1987, 2027)]
    [InlineData("heating-distribution", "heating-distribution_year=1988", 1988, 2028)] // hyphenated spelling read too
    [InlineData("external-doors", "external_doors_year=2000-01-15", 2000, 2030)]
    [InlineData("electrics", "electrics_year= 1995 ", 1995, 2025)] // spaces ignored
    [InlineData("roof", "roof_year=2004-02-29", 2004, 2054)] // 29 February: only the year matters
    [InlineData("home-mot", "home_mot_year=2017", 2017, 2027)]
    public void Assess_RegisterColumns(string component, string column, int installed, int eligible)
    {
        var result = ImprovementEligibility.Assess(Home("P1", columns: column), component, ShippedLifetimes[component]);
        Assert.Equal((installed, eligible), (result.InstalledYear, result.EligibleYear));
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void Assess_TwentyNinthFebruaryIsTheSameAsAnyDayThatYear()
    {
        var leap = ImprovementEligibility.Assess(Home("P1", columns: "windows_year=2004-02-29"), "windows", 20);
        var march = ImprovementEligibility.Assess(Home("P2", columns: "windows_year=2004-03-01"), "windows", 20);
        var year = ImprovementEligibility.Assess(Home("P3", columns: "windows_year=2004"), "windows", 20);
        Assert.Equal([2024, 2024, 2024], new[] { leap.EligibleYear, march.EligibleYear, year.EligibleYear });
        Assert.Equal(EligibilityStatus.Eligible, leap.StatusIn(2024));
        Assert.Equal(EligibilityStatus.NotYetEligible, leap.StatusIn(2023));
    }

    [Theory]
    [InlineData("kitchen", null, "kitchen_year is empty")]
    [InlineData("windows", null, "the register has no windows_year column")]
    [InlineData("heating-distribution", null, "the register has no heating_distribution_year column")]
    [InlineData("windows", "windows_year=", "windows_year is empty")]
    [InlineData("windows", "windows_year=   ", "windows_year is empty")]
    [InlineData("windows", "windows_year=abc", "windows_year 'abc' is not a year from 1900 to 2100 or an ISO date")]
    [InlineData("windows", "windows_year=97", "windows_year '97' is not a year from 1900 to 2100 or an ISO date")]
    [InlineData("windows", "windows_year=1850", "windows_year '1850' is not a year from 1900 to 2100 or an ISO date")]
    [InlineData("windows", "windows_year=2005-02-29", "windows_year '2005-02-29' is not a year from 1900 to 2100 or an ISO date")]
    public void Assess_UnknownYearNeedsASurvey(string component, string? column, string note)
    {
        var home = column is null ? Home("P1") : Home("P1", columns: column);
        var result = ImprovementEligibility.Assess(home, component, 30);
        Assert.Null(result.InstalledYear);
        Assert.Null(result.EligibleYear);
        Assert.Equal(note, Assert.Single(result.Notes));
        Assert.Equal(ComponentEligibility.UnknownText, result.Describe());
        Assert.Equal("Unknown: survey needed", result.Describe());
        foreach (var year in new[] { 1900, 2027, 2100 })
        {
            Assert.Equal(EligibilityStatus.Unknown, result.StatusIn(year)); // never eligible or not by default
        }
    }

    [Fact]
    public void Assess_UnderscoreColumnWinsOverTheHyphenatedOne()
    {
        var home = Home("P1", columns: ["heating_distribution_year=1980", "heating-distribution_year=1999"]);
        Assert.Equal(1980, ImprovementEligibility.Assess(home, "heating-distribution", 40).InstalledYear);
    }

    [Theory]
    [InlineData("kitchen_condition=4", 4, null)]
    [InlineData("kitchen_condition=1", 1, null)]
    [InlineData("kitchen_condition=5", 5, null)]
    [InlineData("kitchen_condition=", null, null)]
    [InlineData("bedrooms=3", null, null)]
    [InlineData("kitchen_condition=7", null, "kitchen_condition '7' is not a score from 1 to 5; ignored")]
    [InlineData("kitchen_condition=poor", null, "kitchen_condition 'poor' is not a score from 1 to 5; ignored")]
    public void Assess_ConditionScore(string column, int? condition, string? note)
    {
        var result = ImprovementEligibility.Assess(Home("P1", kitchen: 2000, columns: column), "kitchen", 20);
        Assert.Equal(condition, result.Condition);
        Assert.Equal(note is null ? [] : [note], result.Notes);
        Assert.Equal(2020, result.EligibleYear); // a bad score never hides the year
    }

    [Fact]
    public void Assess_EveryConfiguredComponentInOrdinalOrder()
    {
        var home = Home("P1", "south", kitchen: 2001, bathroom: 1990, boiler: 2015, columns: ["windows_year=1996", "roof_year=1960"]);
        var all = ImprovementEligibility.Assess(home, ShippedLifetimes);
        Assert.Equal(
            ["bathroom", "boiler", "electrics", "external-doors", "heating-distribution", "home-mot", "kitchen", "roof", "windows"],
            all.Select(a => a.Component));
        Assert.All(all, a => Assert.Equal(("P1", "south"), (a.HomeId, a.AreaId)));
        var byComponent = all.ToDictionary(a => a.Component);
        Assert.Equal(2020, byComponent["bathroom"].EligibleYear);
        Assert.Equal(2030, byComponent["boiler"].EligibleYear);
        Assert.Equal(2021, byComponent["kitchen"].EligibleYear);
        Assert.Equal(2010, byComponent["roof"].EligibleYear);
        Assert.Equal(2026, byComponent["windows"].EligibleYear);
        Assert.Equal(EligibilityStatus.Unknown, byComponent["electrics"].StatusIn(2027));
    }

    [Fact]
    public void ImprovementComponents_ListsTheNinePublishedComponentsAllConfigured()
    {
        Assert.Equal(9, ImprovementComponents.All.Count);
        Assert.Equal(ShippedLifetimes.Keys.Order(StringComparer.Ordinal), ImprovementComponents.All.Order(StringComparer.Ordinal));
        Assert.Equal(["external_doors_year", "external-doors_year"], ImprovementComponents.YearColumns(ImprovementComponents.ExternalDoors));
        Assert.Equal(["roof_condition"], ImprovementComponents.ConditionColumns(ImprovementComponents.Roof));
    }
}
