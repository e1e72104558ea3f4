using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Tests;
using Scheduler.Worker.Hosting.Digest;
using Scheduler.Worker.Hosting.Reload;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>The digest's gas alerts from the database: overdue homes, and deadlines within 14 days with no appointment.</summary>
public class GasAlertsSectionTests : GasWorkerTestBase
{
    [Fact]
    public async Task BuildAsync_MixedEstate_ListsOverdueAndUnbookedSoonInThatOrder()
    {
        await SetUpAsync(
            new LocalDate(2027, 3, 15),
            TestEstate.Home("N01", "B1", "S1", new LocalDate(2026, 6, 10)),              // deadline 10 June: more than 14 days away
            TestEstate.Home("N02", "B1", "S1", new LocalDate(2026, 4, 30)),              // deadline 30 April, no access: no appointment
            TestEstate.Home("N03", "B1", "S1", new LocalDate(2026, 4, 10)),              // deadline 10 April: overdue on the 20th
            TestEstate.Home("N04", "B1", "S1", null),                                    // never checked: overdue
            TestEstate.Home("N05", "B1", "S1", new LocalDate(2026, 12, 1)),              // far off: nothing to say
            TestEstate.Home("S01", null, null, new LocalDate(2026, 5, 2), area: "south")); // no engineers south: never booked, due 2 May

        // N02's visits on 30 March, 6 and 13 April all fail: it is escalated and has no appointment.
        await ReportAsync("N02", VisitOutcome.NoAccess, new LocalDate(2027, 3, 30));
        await ReportAsync("N02", VisitOutcome.NoAccess, new LocalDate(2027, 4, 6));
        await ReportAsync("N02", VisitOutcome.NoAccess, new LocalDate(2027, 4, 13));
        var section = Section();

        var built = await section.BuildAsync(new LocalDate(2027, 4, 20), CancellationToken.None);

        Assert.NotNull(built);
        Assert.Equal(GasAlertsSection.SectionOrder, built.Order);
        Assert.Equal("2 gas home(s) overdue; 2 with a deadline within 14 days and no appointment booked.", built.Summary);
        Assert.Equal(
            [("overdue", "N03"), ("overdue", "N04"), ("no appointment", "N02"), ("no appointment", "S01")],
            built.Lines.Select(l => (l.Group, l.Reference)));
        Assert.Equal("Flat N03, High Street, AB1 2CD (north): deadline 2027-04-10 (10 day(s) ago)", built.Lines[0].Text);
        Assert.Equal("Flat N04, High Street, AB1 2CD (north): no gas check known", built.Lines[1].Text);
        Assert.Equal("Flat N02, High Street, AB1 2CD (north): deadline 2027-04-30 (in 10 day(s)); 3 no-access attempt(s); escalated to the compliance manager", built.Lines[2].Text);
        Assert.DoesNotContain(built.Lines, l => l.Text.Contains("Tenant", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BuildAsync_EverythingBookedAndFarOff_ReturnsNull()
    {
        await SetUpAsync(new LocalDate(2027, 3, 15), TestEstate.Home("N01", "B1", "S1", new LocalDate(2026, 6, 10)));

        Assert.Null(await Section().BuildAsync(new LocalDate(2027, 3, 16), CancellationToken.None));
    }

    private GasAlertsSection Section() =>
        new(new LiveConfiguration(new ConfigSnapshot(GasConfig(), TestEstate.Calendar, [])), Database.DataSource);
}
