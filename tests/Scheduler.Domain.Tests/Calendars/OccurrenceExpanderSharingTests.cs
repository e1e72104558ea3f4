using NodaTime;
using Scheduler.Domain.Calendars;
using static Scheduler.Domain.Tests.SeedConfiguration;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Calendars;

/// <summary>
/// The expander works out once what does not depend on the asset (fixed visits, follow-up dates, a floating
/// projection per last date) and filters assets in batches: each asset must still get exactly what it gets alone.
/// </summary>
public sealed class OccurrenceExpanderSharingTests
{
    private static readonly LocalDate AsOf = D("2026-11-29");

    [Fact]
    public void Expand_ManyHomesSharingLastChecks_EachGetsWhatItGetsAlone()
    {
        // More homes than one filtering batch, a few last dates shared by many, some without gas or a record.
        var homes = Enumerable.Range(0, 700).Select(i => Home(
            $"h{i}",
            i % 7 == 0 ? null : D("2026-01-05").PlusDays(i % 40 * 9).ToString("uuuu-MM-dd", null),
            gas: i % 5 != 0)).ToList();
        var expander = new OccurrenceExpander(Build(), EnglandAndWales);

        var together = expander.Expand(Register(homes: homes), D("2027-01-01"), D("2027-12-31"), AsOf).ToList();

        var alone = homes.SelectMany(h => expander.Expand(Register(homes: [h]), D("2027-01-01"), D("2027-12-31"), AsOf)).ToList();
        Assert.Equal(alone, together);
        Assert.True(together.Count > 500);
    }

    [Fact]
    public void Expand_GrassSites_FollowUpsAreDatedFromTheirOwnParent()
    {
        var all = new OccurrenceExpander(Build(), EnglandAndWales)
            .Expand(Register(sites: [Site("s1"), Site("s2")]), D("2027-01-01"), D("2027-12-31"), AsOf, new ExpansionFilter("grass-cut"))
            .ToList();

        var sweeps = all.Where(o => o.Parent is not null).ToList();
        Assert.Equal(28, sweeps.Count);
        Assert.All(sweeps, s =>
        {
            Assert.Equal(s.Parent!.AssetId, s.AssetId);
            Assert.Equal(
                new ServiceWindow(EnglandAndWales.NextWorkingDay(s.Parent.TargetDate), EnglandAndWales.AddWorkingDays(s.Parent.Window.End, 1)), s.Window);
            Assert.Equal(EnglandAndWales.AddWorkingDays(s.Parent.TargetDate, 1), s.TargetDate);
        });
    }
}
