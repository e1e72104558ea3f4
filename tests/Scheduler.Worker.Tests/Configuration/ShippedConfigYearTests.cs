using NodaTime;

using Scheduler.Domain;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;
using Scheduler.Worker.Configuration;

namespace Scheduler.Worker.Tests.Configuration;

/// <summary>
/// The shipped config, expanded over 2027 for a small estate, keeps the seed's commitments: the same counts and
/// months that <c>checks/preview_2027.py</c> looks for.
/// </summary>
public class ShippedConfigYearTests
{
    private static readonly LocalDate From = new(2027, 1, 1);
    private static readonly LocalDate To = new(2027, 12, 31);

    // England and Wales bank holidays in 2027 (DOMAIN.md §6).
    private static readonly WorkingDayCalendar Calendar = new(
        BankHolidayRegion.EnglandAndWales,
        new[] { (1, 1), (3, 26), (3, 29), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28) }
            .Select(d => new BankHoliday(new LocalDate(2027, d.Item1, d.Item2), "holiday", false, false)));

    private static readonly List<Occurrence> Year = Expand();

    [Theory]
    [InlineData("grass-cut", new[] { 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10 })]
    [InlineData("hedge-cut", new[] { 2, 8 })]
    [InlineData("weed-control", new[] { 1, 3, 5, 7, 9, 11 })]
    [InlineData("residual-spray", new[] { 3, 9 })]
    public void Expand_2027_GroundsVisitsFallInTheSeedsMonths(string service, int[] months)
    {
        Assert.Equal(months, Of(service).Select(o => o.TargetDate.Month));
    }

    [Fact]
    public void Expand_2027_APathSweepFollowsEveryGrassCutOnTheNextWorkingDay()
    {
        var cuts = Of("grass-cut");
        var sweeps = Of("path-sweep");

        Assert.Equal(14, sweeps.Count);
        Assert.Equal(cuts.Select(c => Calendar.NextWorkingDay(c.TargetDate)), sweeps.Select(s => s.TargetDate));
        Assert.All(sweeps, s => Assert.Equal("greenscape", s.ContractorId));
    }

    [Fact]
    public void Expand_2027_TheSummerHedgeCutIsLateInAugust()
    {
        var august = Of("hedge-cut").Single(o => o.TargetDate.Month == 8);

        Assert.Equal(new LocalDate(2027, 8, 31), august.TargetDate); // 30 August is the summer bank holiday
    }

    [Theory]
    [InlineData("clean-weekly", 52, 53)]
    [InlineData("clean-fortnightly", 26, 27)]
    [InlineData("clean-monthly", 12, 12)]
    public void Expand_2027_BlocksAreCleanedAtTheirFrequency(string schedule, int least, int most)
    {
        var count = Year.Count(o => o.ScheduleId == schedule);

        Assert.InRange(count, least, most);
    }

    [Fact]
    public void Expand_2027_EveryTargetIsAWorkingDayInsideItsWindow()
    {
        Assert.All(Year, o =>
        {
            Assert.True(o.Window.Contains(o.TargetDate), $"{o.ScheduleId} {o.TargetDate} outside {o.Window}");
            Assert.True(Calendar.IsWorkingDay(o.TargetDate), $"{o.ScheduleId} {o.TargetDate} is not a working day");
        });
    }

    [Fact]
    public void Expand_2027_GasSafetyIsBookedBeforeTheAnniversary()
    {
        var check = Assert.Single(Of("gas-safety"));

        Assert.Equal(new ServiceWindow(new LocalDate(2027, 3, 11), new LocalDate(2027, 5, 9)), check.Window);
        Assert.Equal("warmsafe", check.ContractorId);
    }

    private static List<Occurrence> Of(string service) => [.. Year.Where(o => o.Service == service)];

    private static List<Occurrence> Expand()
    {
        var config = ConfigLoader.Load(RepositoryRoot.ConfigFolder).Configuration!;
        var site = new Site("s1", "Example Court", "north", "ZZ1 1AA", true, true, true, Columns(("site_id", "s1"), ("area_id", "north"), ("grass", "true"), ("hedges", "true"), ("hardstanding", "true")));
        static Block Block(string id, CleaningFrequency cleaning, string word) =>
            new(id, "s1", id, "south", cleaning, Columns(("block_id", id), ("area_id", "south"), ("cleaning", word)));
        var home = new Home("p1", "b1", "s1", "1 Example Court", "ZZ1 1AA", "east", true, new LocalDate(2026, 5, 10), 2001, 1999, 2015,
            Columns(("property_id", "p1"), ("area_id", "east"), ("gas", "true"), ("last_gas_check", "2026-05-10")));
        var register = new EstateRegister(
            [new Area("north", "North"), new Area("south", "South"), new Area("east", "East")],
            [site],
            [Block("b1", CleaningFrequency.Weekly, "weekly"), Block("b2", CleaningFrequency.Fortnightly, "fortnightly"), Block("b3", CleaningFrequency.Monthly, "monthly")],
            [home],
            []);

        Assert.Empty(Scheduler.Domain.Configuration.ConfigurationRules.CheckCoverage(config, register));
        return [.. new OccurrenceExpander(config, Calendar).Expand(register, From, To, asOf: From)];
    }

    private static Dictionary<string, string> Columns(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);
}
