using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
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

    [Fact]
    public async Task BuildAsync_TenantCopyNotRecorded_ListedFromSevenDaysBeforeDueUntilRecorded()
    {
        await SetUpAsync(new LocalDate(2027, 3, 15), TestEstate.Home("N01", "B1", "S1", new LocalDate(2026, 5, 10)));
        await ReportAsync("N01", VisitOutcome.Done, new LocalDate(2027, 4, 6)); // copy due 4 May
        var reference = await ReferenceAsync("N01");
        var section = Section();

        var early = await section.BuildAsync(new LocalDate(2027, 4, 26), CancellationToken.None);
        var week = await section.BuildAsync(new LocalDate(2027, 4, 27), CancellationToken.None);
        var refused = await GasTenantCopies.RecordSentAsync(Database.DataSource, reference, new LocalDate(2027, 4, 5));
        var recorded = await GasTenantCopies.RecordSentAsync(Database.DataSource, reference, new LocalDate(2027, 4, 28));
        var again = await GasTenantCopies.RecordSentAsync(Database.DataSource, reference, new LocalDate(2027, 4, 29));
        var after = await section.BuildAsync(new LocalDate(2027, 5, 10), CancellationToken.None);

        Assert.DoesNotContain(early?.Lines ?? [], l => l.Group == "tenant copy");
        var line = Assert.Single(week!.Lines, l => l.Group == "tenant copy");
        Assert.Equal(reference, line.Reference);
        Assert.Equal("home N01: the tenant's copy of the record of the check on 2027-04-06 is due 2027-05-04 (in 7 day(s)) and not recorded as sent", line.Text);
        Assert.EndsWith("1 tenant copy(ies) of a gas safety record due within 7 days or overdue.", week.Summary, StringComparison.Ordinal);
        Assert.Equal(TenantCopyStatus.BeforeCheck, refused.Status);
        Assert.Equal(TenantCopyStatus.Recorded, recorded.Status);
        Assert.Equal(TenantCopyStatus.AlreadyRecorded, again.Status);
        Assert.DoesNotContain(after?.Lines ?? [], l => l.Group == "tenant copy");
        Assert.Equal(TenantCopyStatus.UnknownOrder, (await GasTenantCopies.RecordSentAsync(Database.DataSource, "WO-1999-000001", new LocalDate(2027, 4, 28))).Status);
    }

    [Fact]
    public async Task BuildAsync_VisitBookedAtShortNotice_ListedUntilItsDayToRingTheTenant_NotOnceVisited()
    {
        // N01 is booked as usual; its visit is then marked as the booking marks one at short notice (its letter by post
        // reaching the tenant two days before), which LettersByPostBookingTests checks the booking does.
        await SetUpAsync(new LocalDate(2027, 3, 15), TestEstate.Home("N01", "B1", "S1", new LocalDate(2026, 6, 10)), TestEstate.Home("N05", "B1", "S1", new LocalDate(2026, 12, 1)));
        var visit = LocalDatePattern.Iso.Parse(
            (await Database.DataSource.RowsAsync("SELECT date::text FROM gas_appointments WHERE home_id = 'N01' AND status = 'booked'")).Single()).Value;
        var slot = (await Database.DataSource.RowsAsync("SELECT slot FROM gas_appointments WHERE home_id = 'N01' AND status = 'booked'")).Single();
        await Database.DataSource.ExecuteAsync(
            $"UPDATE gas_appointments SET short_notice = true, letter_reaches = '{visit.PlusDays(-2):uuuu-MM-dd}' WHERE home_id = 'N01' AND status = 'booked'");
        var reference = (await Database.DataSource.RowsAsync("SELECT w.reference FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE a.home_id = 'N01'")).Single();
        var section = Section();

        var before = await section.BuildAsync(visit.PlusDays(-3), CancellationToken.None);
        var onTheDay = await section.BuildAsync(visit, CancellationToken.None);
        var after = await section.BuildAsync(visit.PlusDays(1), CancellationToken.None);

        var line = Assert.Single(before!.Lines, l => l.Group == "short notice");
        Assert.Equal(reference, line.Reference);
        Assert.Equal(
            $"home N01 (north): visit {visit:uuuu-MM-dd} {slot} (in 3 day(s)), booked at short notice before the deadline 2027-06-10; its letter goes by post and reaches the tenant by {visit.PlusDays(-2):uuuu-MM-dd}: ring the tenant to confirm",
            line.Text);
        Assert.EndsWith("1 visit(s) booked at short notice still to come: ring the tenant, then record the call (estate-scheduler tenant-rung REF --on DATE) and the visit leaves this list.", before.Summary, StringComparison.Ordinal);
        Assert.Contains("(today)", Assert.Single(onTheDay!.Lines, l => l.Group == "short notice").Text, StringComparison.Ordinal);
        Assert.DoesNotContain(after?.Lines ?? [], l => l.Group == "short notice");

        // Visited: no longer booked, so no longer listed.
        await ReportAsync("N01", VisitOutcome.Done, visit);
        Assert.DoesNotContain((await section.BuildAsync(visit, CancellationToken.None))?.Lines ?? [], l => l.Group == "short notice");
    }

    [Fact]
    public async Task BuildAsync_ShortNoticeVisitWhoseTenantWasRung_NoLongerListed_TheCallRecordedOnce()
    {
        // N01's visit marked short notice as above; N02 booked with the full notice.
        await SetUpAsync(
            new LocalDate(2027, 3, 15),
            TestEstate.Home("N01", "B1", "S1", new LocalDate(2026, 6, 10)),
            TestEstate.Home("N02", "B1", "S1", new LocalDate(2026, 6, 12)));
        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        var visit = LocalDatePattern.Iso.Parse(
            (await Database.DataSource.RowsAsync("SELECT date::text FROM gas_appointments WHERE home_id = 'N01' AND status = 'booked'")).Single()).Value;
        var booked = LocalDatePattern.Iso.Parse(
            (await Database.DataSource.RowsAsync("SELECT (booked_at AT TIME ZONE 'Europe/London')::date::text FROM gas_appointments WHERE home_id = 'N01' AND status = 'booked'")).Single()).Value;
        await Database.DataSource.ExecuteAsync(
            $"UPDATE gas_appointments SET short_notice = true, letter_reaches = '{visit.PlusDays(-2):uuuu-MM-dd}' WHERE home_id = 'N01' AND status = 'booked'");
        var reference = (await Database.DataSource.RowsAsync("SELECT w.reference FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE a.home_id = 'N01'")).Single();
        var fullNotice = (await Database.DataSource.RowsAsync("SELECT w.reference FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE a.home_id = 'N02'")).Single();
        var section = Section();
        Assert.True(booked < visit.PlusDays(-3), "the visit is booked days ahead");

        var beforeBooking = await GasShortNotice.RecordRungAsync(Database.DataSource, reference, booked.PlusDays(-1), london);
        var afterVisit = await GasShortNotice.RecordRungAsync(Database.DataSource, reference, visit.PlusDays(1), london);
        var notShort = await GasShortNotice.RecordRungAsync(Database.DataSource, fullNotice, visit.PlusDays(-3), london);
        var unknown = await GasShortNotice.RecordRungAsync(Database.DataSource, "WO-1999-000001", visit.PlusDays(-3), london);
        var listed = await section.BuildAsync(visit.PlusDays(-3), CancellationToken.None);
        var recorded = await GasShortNotice.RecordRungAsync(Database.DataSource, reference, visit.PlusDays(-3), london);
        var again = await GasShortNotice.RecordRungAsync(Database.DataSource, reference, visit.PlusDays(-2), london);
        var after = await section.BuildAsync(visit.PlusDays(-2), CancellationToken.None);

        Assert.Equal(TenantRungStatus.BeforeBooking, beforeBooking.Status);
        Assert.Equal($"refused: {booked.PlusDays(-1):uuuu-MM-dd} is before the visit was booked ({booked:uuuu-MM-dd})", beforeBooking.Message);
        Assert.Equal(TenantRungStatus.AfterVisit, afterVisit.Status);
        Assert.Equal(TenantRungStatus.NotShortNotice, notShort.Status);
        Assert.Equal(TenantRungStatus.UnknownOrder, unknown.Status);
        Assert.Single(listed!.Lines, l => l.Group == "short notice");
        Assert.Equal(TenantRungStatus.Recorded, recorded.Status);
        Assert.StartsWith($"recorded: the tenant of {reference} was rung on {visit.PlusDays(-3):uuuu-MM-dd} about the visit on {visit:uuuu-MM-dd} ", recorded.Message, StringComparison.Ordinal);
        Assert.Equal(TenantRungStatus.AlreadyRecorded, again.Status);
        Assert.Equal($"already recorded: the tenant of {reference} was rung on {visit.PlusDays(-3):uuuu-MM-dd}; nothing changed", again.Message);
        Assert.Equal([visit.PlusDays(-3).ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)], await Database.DataSource.RowsAsync("SELECT tenant_rung_on::text FROM gas_appointments WHERE home_id = 'N01' AND status = 'booked'"));
        Assert.DoesNotContain(after?.Lines ?? [], l => l.Group == "short notice");
        Assert.DoesNotContain("short notice", after?.Summary ?? string.Empty, StringComparison.Ordinal);

        // Visited: nothing booked to record a call for.
        await ReportAsync("N01", VisitOutcome.Done, visit);
        Assert.Equal(TenantRungStatus.NoVisitBooked, (await GasShortNotice.RecordRungAsync(Database.DataSource, reference, visit, london)).Status);
    }

    private async Task<string> ReferenceAsync(string homeId)
    {
        await using var command = Database.DataSource.CreateCommand("SELECT w.reference FROM gas_checks c JOIN work_orders w ON w.id = c.work_order_id WHERE c.home_id = @home");
        command.Parameters.AddWithValue("home", homeId);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private GasAlertsSection Section() =>
        new(new LiveConfiguration(new ConfigSnapshot(GasConfig(), TestEstate.Calendar, [])), Database.DataSource);
}
