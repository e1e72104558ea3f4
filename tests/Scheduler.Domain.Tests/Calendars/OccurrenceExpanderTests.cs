using NodaTime;
using Scheduler.Domain.Calendars;
using static Scheduler.Domain.Tests.SeedConfiguration;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Calendars;

public class OccurrenceExpanderTests
{
    private static readonly LocalDate AsOf = D("2026-11-29");

    private static List<Occurrence> Year2027(Scheduler.Domain.Estate.EstateRegister register, string? schedule = null) =>
        new OccurrenceExpander(Build(), EnglandAndWales)
            .Expand(register, D("2027-01-01"), D("2027-12-31"), AsOf, new ExpansionFilter(schedule))
            .ToList();

    [Fact]
    public void Expand_GrassSite_FourteenCutsEachWithAPathSweep()
    {
        var all = Year2027(Register(sites: [Site("s1")]), "grass-cut");
        var cuts = all.Where(o => o.Service == "grass-cut").ToList();
        var sweeps = all.Where(o => o.Service == "path-sweep").ToList();

        Assert.Equal([3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10], cuts.Select(c => c.TargetDate.Month));
        Assert.Equal(14, sweeps.Count);
        Assert.All(sweeps, s =>
        {
            Assert.NotNull(s.Parent);
            Assert.Equal(EnglandAndWales.AddWorkingDays(s.Parent!.TargetDate, 1), s.TargetDate);
            Assert.Equal("grounds", s.ContractorId);
            Assert.Equal(s.Parent.ContractorId, s.ContractorId);
        });
    }

    [Fact]
    public void Expand_FollowUpAfterAFridayCut_IsAimedAtMondayAndOpenUntilAWorkingDayAfterTheCutsWindow()
    {
        // 1 October 2027 is a Friday; the cut's window is October, and 31 October is a Sunday.
        var sweep = Year2027(Register(sites: [Site("s1")]), "grass-cut").Single(o => o.Service == "path-sweep" && o.TargetDate.Month == 10);
        Assert.Equal(D("2027-10-01"), sweep.Parent!.TargetDate);
        Assert.Equal(D("2027-10-04"), sweep.TargetDate);
        Assert.Equal(new ServiceWindow(D("2027-10-04"), D("2027-11-01")), sweep.Window);
    }

    [Fact]
    public void Expand_PathSweep_StaysOpenUntilAWorkingDayAfterItsCutsWindowEnds()
    {
        // A cut may be made on any day of its window; its sweep must not be late before the cut is: the window closes
        // 1 working day after the cut's window ends, and opens (so the key is unchanged) the working day after its target.
        var all = Year2027(Register(sites: [Site("s1")]), "grass-cut");
        var sweeps = all.Where(o => o.Service == "path-sweep").ToList();

        Assert.All(sweeps, s =>
        {
            Assert.Equal(EnglandAndWales.NextWorkingDay(s.Parent!.TargetDate), s.Window.Start);
            Assert.Equal(EnglandAndWales.AddWorkingDays(s.Parent.Window.End, 1), s.Window.End);
            Assert.Equal($"grass-cut/s1/{s.Window.Start:uuuu-MM-dd}/path-sweep", s.Key);
        });

        // April is split 1st-15th and 16th-30th: cuts aimed Thursday 1 and Friday 16 April. 30 April is a Friday and
        // 3 May the Early May bank holiday, so the second sweep may be done until Tuesday 4 May.
        var april = sweeps.Where(s => s.Parent!.Window.Start.Month == 4).ToList();
        Assert.Equal(["2027-04-02..2027-04-16", "2027-04-19..2027-05-04"], april.Select(s => s.Window.ToString()));
        Assert.Equal([D("2027-04-02"), D("2027-04-19")], april.Select(s => s.TargetDate));
    }

    [Fact]
    public void Expand_PathSweepsOfOneSite_NeverOverlap()
    {
        // The reviewer's check (preview_2027.py) refuses overlapping windows of one schedule, service and asset.
        var sweeps = Year2027(Register(sites: [Site("s1")]), "grass-cut").Where(o => o.Service == "path-sweep").OrderBy(o => o.Window.Start).ToList();
        Assert.Equal(14, sweeps.Count);
        Assert.All(sweeps.Zip(sweeps.Skip(1)), pair => Assert.True(pair.Second.Window.Start > pair.First.Window.End, $"{pair.First.Window} overlaps {pair.Second.Window}"));
    }

    [Fact]
    public void Expand_TwiceMonthlyWindowsSplitOnTheFifteenth()
    {
        var april = Year2027(Register(sites: [Site("s1")]), "grass-cut").Where(o => o.Service == "grass-cut" && o.Window.Start.Month == 4).ToList();
        Assert.Equal(["2027-04-01..2027-04-15", "2027-04-16..2027-04-30"], april.Select(o => o.Window.ToString()));
        Assert.Equal([D("2027-04-01"), D("2027-04-16")], april.Select(o => o.TargetDate));
    }

    [Theory]
    [InlineData("clean-weekly", "weekly", 52)]
    [InlineData("clean-fortnightly", "fortnightly", 26)]
    [InlineData("clean-monthly", "monthly", 12)]
    public void Expand_BlockCleansByFrequency(string schedule, string cleaning, int expected)
    {
        var register = Register(blocks: [Block("b1", "weekly"), Block("b2", "fortnightly"), Block("b3", "monthly")]);
        var occurrences = Year2027(register, schedule);
        Assert.Equal(expected, occurrences.Count);
        Assert.All(occurrences, o => Assert.Equal(register.Blocks.Single(b => b.Attributes["cleaning"] == cleaning).Id, o.AssetId));
    }

    [Fact]
    public void Expand_WeeklyTargetOnABankHoliday_MovesToTheNextWorkingDayInTheWeek()
    {
        // Tue 28 Dec 2027 is the Boxing Day substitute; Mon 27 Dec the Christmas substitute.
        var christmasWeek = Year2027(Register(blocks: [Block("b1", "weekly")]), "clean-weekly").Single(o => o.Window.Start == D("2027-12-27"));
        Assert.Equal(D("2027-12-29"), christmasWeek.TargetDate);
    }

    [Fact]
    public void Expand_TargetOnGoodFridayAtTheEndOfTheWindow_MovesBackToThursday()
    {
        var config = Build(Schedule("friday", "block-clean", Scheduler.Domain.Estate.AssetKind.Block, [], new WeeklyRule(1, IsoDayOfWeek.Friday, null)));
        var easter = new OccurrenceExpander(config, EnglandAndWales)
            .Expand(Register(blocks: [Block("b1", "weekly")]), D("2027-03-22"), D("2027-03-28"), AsOf).Single();
        Assert.Equal(D("2027-03-25"), easter.TargetDate);
    }

    [Fact]
    public void Expand_HedgeCuts_FebruaryAndLateAugust()
    {
        var cuts = Year2027(Register(sites: [Site("s1")]), "hedge-cut");
        Assert.Equal([D("2027-02-01"), D("2027-08-31")], cuts.Select(c => c.TargetDate));
    }

    [Fact]
    public void Expand_SitesWithoutGrassOrHedges_GetNoCutsButStillWeedControl()
    {
        var register = Register(sites: [Site("bare", grass: false, hedges: false)]);
        var all = Year2027(register);
        Assert.DoesNotContain(all, o => o.Service is "grass-cut" or "hedge-cut" or "path-sweep");
        Assert.Equal(6, all.Count(o => o.Service == "weed-control"));
        Assert.Equal(2, all.Count(o => o.Service == "residual-spray"));
    }

    [Fact]
    public void Expand_GasHome_WindowEndsBeforeTheDeadline()
    {
        // Last effective check 15 Mar 2026: deadline 15 Mar 2027, window 16 Jan – 14 Mar 2027.
        var gas = Year2027(Register(homes: [Home("h1", "2026-03-15")]), "gas-safety").Single();
        Assert.Equal(new ServiceWindow(D("2027-01-16"), D("2027-03-14")), gas.Window);
        Assert.Equal(D("2027-01-18"), gas.TargetDate); // 16 Jan 2027 is a Saturday
    }

    [Fact]
    public void Expand_OverdueGasHome_IsBookedUrgentlyFromAsOfThenProjectedFromThatVisit()
    {
        var expander = new OccurrenceExpander(Build(), EnglandAndWales);
        var visits = expander.Expand(Register(homes: [Home("h1", "2025-06-01")]), D("2026-11-01"), D("2027-12-31"), AsOf).ToList();
        Assert.Equal(new ServiceWindow(AsOf, AsOf.PlusDays(13)), visits[0].Window);
        Assert.Equal(D("2026-11-30"), visits[0].TargetDate);
        // Done late on 30 Nov 2026: the next deadline is 30 Nov 2027, booked in its early window.
        Assert.Equal(new ServiceWindow(D("2027-10-01"), D("2027-11-29")), visits[1].Window);
        Assert.Equal(2, visits.Count);
    }

    [Fact]
    public void Expand_GasHomeWithNoRecord_IsTreatedAsOverdue()
    {
        var visit = new OccurrenceExpander(Build(), EnglandAndWales)
            .Expand(Register(homes: [Home("h1", null)]), AsOf, AsOf.PlusDays(20), AsOf).First();
        Assert.Equal(AsOf, visit.Window.Start);
    }

    [Fact]
    public void Expand_NonGasHome_HasNoGasVisits() =>
        Assert.Empty(Year2027(Register(homes: [Home("h1", "2026-03-15", gas: false)]), "gas-safety"));

    [Fact]
    public void Expand_LastDoneFromStorage_OverridesTheRegister()
    {
        var visit = new OccurrenceExpander(Build(), EnglandAndWales)
            .Expand(Register(homes: [Home("h1", "2026-03-15")]), D("2027-01-01"), D("2027-12-31"), AsOf, lastDone: (_, _) => D("2026-06-30"))
            .Single();
        Assert.Equal(D("2027-06-29"), visit.Window.End);
    }

    [Fact]
    public void Expand_AssetFilter_ReturnsOnlyThatAsset()
    {
        var register = Register(sites: [Site("s1"), Site("s2")]);
        var only = new OccurrenceExpander(Build(), EnglandAndWales)
            .Expand(register, D("2027-01-01"), D("2027-12-31"), AsOf, new ExpansionFilter(AssetId: "s2")).ToList();
        Assert.NotEmpty(only);
        Assert.All(only, o => Assert.Equal("s2", o.AssetId));
    }

    [Fact]
    public void Occurrence_Key_IsStableAndNamesScheduleAssetWindowAndService()
    {
        var sweep = Year2027(Register(sites: [Site("s1")]), "grass-cut").First(o => o.Service == "path-sweep");
        Assert.Equal("grass-cut/s1/2027-03-02/path-sweep", sweep.Key);
        Assert.Equal("grass-cut/s1/2027-03-01/grass-cut", sweep.Parent!.Key);
    }
}
