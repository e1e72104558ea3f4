using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// A gas check made outside the system (an emergency contractor, another landlord's engineer, a data correction) and
/// imported in the register's <c>last_gas_check</c>, later than the last check completed in the system: the next deadline
/// counts from it (the later of the two dates, <c>FloatingRule.CountsFrom</c>), so the order planned for the old deadline
/// goes at the next night with its booked visit and waiting letter, and the next deadline's order is planned and booked.
/// A register date earlier than the last completion changes nothing. Until branch <c>reg25</c> a completion in the system
/// always won: the register's later check was ignored.
/// </summary>
public class RegisterCheckTests : GasTestBase
{
    // H1's register says 7 Feb 2026: due 7 Feb 2027. Its order (window 4 Jan – 6 Feb 2027) is booked for 18 Jan and done
    // that day: inside the early window, so it counts as made on 7 Feb 2027 (reg. 36A) and the next deadline is 7 Feb 2028.
    private static readonly LocalDate FirstDay = new(2027, 1, 4);
    private static readonly LocalDate Done = new(2027, 1, 18);

    [Fact]
    public async Task RegisterCheckLaterThanTheLastCompletion_TheNextDeadlineCountsFromIt_TheOldOrderAndItsVisitGo()
    {
        var ds = Database.DataSource;
        var config = GasConfig(horizonWeeks: 60);
        await CheckedInTheSystemAsync(config);
        var next = await ds.ScalarAsync<string>("SELECT reference FROM work_orders WHERE asset_id = 'H1' AND deadline = '2028-02-07' AND status = 'appointed'");
        Assert.Equal(["2027-12-08|booked"], await ds.RowsAsync($"SELECT a.date::text || '|' || a.status FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE w.reference = '{next}'"));

        // A register date later than the one imported first but earlier than the check made here changes nothing.
        var june = new LocalDate(2027, 6, 1);
        await ImportAsync(new LocalDate(2026, 11, 1), june);
        var unchanged = await new WorkOrderGeneration(ds, config, Calendar, Clock).ApplyAsync(june);
        Assert.Equal(0, unchanged.CreateCount + unchanged.CancelCount);
        Assert.Equal(new LocalDate(2028, 2, 7), (await new GasComplianceReader(ds, config).ReadAsync(june)).Homes.Single().Deadline);

        // A check made elsewhere on 25 Nov 2027, imported on 30 Nov: the next deadline is 25 Nov 2028. The order for
        // 7 Feb 2028 (its window not yet open) is for the check now made: cancelled check-made (until branch deadline26
        // schedule-changed, as any order no longer wanted) with its visit of 8 Dec, its contractor told;
        // the order for 25 Nov 2028 is planned (window 26 Sep – 24 Nov 2028, its deadline stored) and booked.
        var day = new LocalDate(2027, 11, 30);
        await ImportAsync(new LocalDate(2027, 11, 25), day);
        var applied = await new WorkOrderGeneration(ds, config, Calendar, Clock).ApplyAsync(day);
        Assert.Equal([next], applied.CancelledReferences);
        var created = Assert.Single(applied.CreatedReferences);
        await Booking(config).BookAsync(day);

        Assert.Equal(
            ["cancelled|check-made: the check for this visit is recorded in the register (last gas check 2027-11-25, later than the check its deadline 2028-02-07 counted from)"],
            await ds.RowsAsync($"SELECT status || '|' || cancelled_reason FROM work_orders WHERE reference = '{next}'"));
        Assert.Equal([$"cancel/{next}/1"], await ds.RowsAsync($"SELECT o.idempotency_key FROM outbox_messages o JOIN work_orders w ON w.id = ANY(o.work_order_ids) WHERE o.kind = 'contractor-cancellation' AND w.reference = '{next}'"));
        Assert.Equal(
            [$"{next}|2028-02-07|2027-12-08|cancelled", $"{created}|2028-11-25|2028-09-26|booked"],
            await ds.RowsAsync(
                """
                SELECT w.reference || '|' || a.deadline::text || '|' || a.date::text || '|' || a.status
                FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE w.deadline >= '2028-01-01' ORDER BY a.id
                """));
        Assert.Equal(
            ["2028-09-26|2028-11-24|2028-11-25"],
            await ds.RowsAsync($"SELECT window_start::text || '|' || window_end::text || '|' || deadline::text FROM work_orders WHERE reference = '{created}'"));

        var home = (await new GasComplianceReader(ds, config).ReadAsync(day)).Homes.Single();
        Assert.Equal(new LocalDate(2028, 11, 25), home.Deadline);
        Assert.Equal(new LocalDate(2028, 9, 26), home.Appointment);
        Assert.Equal(GasComplianceStatus.Compliant, home.Status);
    }

    [Fact]
    public async Task RegisterCheckInsideTheOpenWindowOfTheNextOrder_CountsTwelveMonthsFromIt_TheOrderVisitAndLetterGoThatNight()
    {
        // The order for 7 Feb 2028 (window 8 Dec 2027 – 6 Feb 2028) is made and booked on 1 Dec 2027, for 15 Dec (14 days'
        // notice), its letter waiting in the outbox. A check is made elsewhere on 9 Dec, inside that window, and imported
        // on 10 Dec, before the visit.
        var ds = Database.DataSource;
        var config = GasConfig();
        var (next, nextId) = await BookedForTheNextDeadlineAsync(config);
        Assert.Equal(["2027-12-15|booked"], await ds.RowsAsync($"SELECT date::text || '|' || status FROM gas_appointments WHERE work_order_id = {nextId}"));
        Assert.Equal(["pending"], await ds.RowsAsync($"SELECT status FROM outbox_messages WHERE kind = 'tenant-letter' AND work_order_ids = ARRAY[{nextId}::bigint]"));

        var day = new LocalDate(2027, 12, 10);
        await ImportAsync(new LocalDate(2027, 12, 9), day);
        SetClock(day);
        var applied = await new WorkOrderGeneration(ds, config, Calendar, Clock).ApplyAsync(day);
        var booked = await Booking(config).BookAsync(day);

        // That night: the order cancelled (check-made) although its window is open, its visit cancelled before the day,
        // its letter not sent, its contractor told. The booking has nothing left to close itself.
        Assert.Equal([next], applied.CancelledReferences);
        Assert.Empty(booked.Closed);
        var reason = "check-made: the check for this visit is recorded in the register (last gas check 2027-12-09, later than the check its deadline 2028-02-07 counted from)";
        Assert.Equal([$"cancelled|{reason}"], await ds.RowsAsync($"SELECT status || '|' || cancelled_reason FROM work_orders WHERE id = {nextId}"));
        Assert.Equal(["2027-12-15|cancelled"], await ds.RowsAsync($"SELECT date::text || '|' || status FROM gas_appointments WHERE work_order_id = {nextId}"));
        Assert.Equal(["superseded"], await ds.RowsAsync($"SELECT status FROM outbox_messages WHERE kind = 'tenant-letter' AND work_order_ids = ARRAY[{nextId}::bigint]"));
        Assert.Equal([$"cancel/{next}/1"], await ds.RowsAsync($"SELECT idempotency_key FROM outbox_messages WHERE kind = 'contractor-cancellation' AND work_order_ids = ARRAY[{nextId}::bigint]"));

        // The register holds the effective date already: the next deadline is 9 Dec 2028, 12 months on, not the
        // anniversary (7 Feb 2029) that a check made in that window would have kept had it been recorded as made on the
        // deadline. The earlier deadline is the cautious reading.
        var home = (await new GasComplianceReader(ds, config).ReadAsync(day)).Homes.Single();
        Assert.Equal(new LocalDate(2028, 12, 9), home.Deadline);
        Assert.Equal(GasComplianceStatus.Compliant, home.Status);
        Assert.Empty(await ds.RowsAsync("SELECT id FROM gas_appointments WHERE status = 'booked'"));
    }

    [Fact]
    public async Task RegisterCheckOnTheDaysAroundTheBasis_OlderOrOnItChangesNothing_TheDayAfterCancelsTheOpenOrder()
    {
        // The order for 7 Feb 2028 counts from the completion's effective date, 7 Feb 2027 (its basis); made and booked on
        // 1 Dec 2027 for 15 Dec. While its window (8 Dec – 6 Feb) is open, after its target day, the register records in
        // turn: the check's own day (18 Jan 2027: older than the completion's effective date), the basis itself, the day after.
        var ds = Database.DataSource;
        var config = GasConfig();
        var (next, nextId) = await BookedForTheNextDeadlineAsync(config);

        foreach (var (registered, on) in new[] { (Done, new LocalDate(2027, 12, 9)), (new LocalDate(2027, 2, 7), new LocalDate(2027, 12, 10)) })
        {
            await ImportAsync(registered, on);
            var unchanged = await new WorkOrderGeneration(ds, config, Calendar, Clock).ApplyAsync(on);
            Assert.True(unchanged.CreateCount + unchanged.CancelCount == 0, $"register {registered}: nothing changes");
            Assert.Empty((await Booking(config).BookAsync(on)).Closed);
            Assert.Equal(["appointed|2027-12-15|booked"], await ds.RowsAsync($"SELECT w.status || '|' || a.date::text || '|' || a.status FROM work_orders w JOIN gas_appointments a ON a.work_order_id = w.id WHERE w.id = {nextId}"));
            Assert.Equal(new LocalDate(2028, 2, 7), (await new GasComplianceReader(ds, config).ReadAsync(on)).Homes.Single().Deadline);
        }

        // 8 Feb 2027: a check later than the one the deadline counted from. It moves the deadline by a day only, and the
        // order's window overlaps the new one's, but the order was for the check now made: cancelled check-made with its
        // visit, and the visit for 8 Feb 2028 planned and booked anew (before, the order stayed as the new one's cover).
        var day = new LocalDate(2027, 12, 13);
        await ImportAsync(new LocalDate(2027, 2, 8), day);
        var applied = await new WorkOrderGeneration(ds, config, Calendar, Clock).ApplyAsync(day);
        await Booking(config).BookAsync(day);
        Assert.Equal([next], applied.CancelledReferences);
        Assert.Equal(
            ["cancelled|check-made: the check for this visit is recorded in the register (last gas check 2027-02-08, later than the check its deadline 2028-02-07 counted from)"],
            await ds.RowsAsync($"SELECT status || '|' || cancelled_reason FROM work_orders WHERE id = {nextId}"));
        Assert.Equal(["2027-12-15|cancelled"], await ds.RowsAsync($"SELECT date::text || '|' || status FROM gas_appointments WHERE work_order_id = {nextId}"));
        var (created, createdId) = await OrderForAsync("2028-02-08");
        Assert.Equal([created], applied.CreatedReferences);
        Assert.Equal(["2027-12-13|2028-02-07"], await ds.RowsAsync($"SELECT window_start::text || '|' || window_end::text FROM work_orders WHERE id = {createdId}"));
        Assert.Equal(["booked"], await ds.RowsAsync($"SELECT status FROM gas_appointments WHERE work_order_id = {createdId}"));
        Assert.Equal(new LocalDate(2028, 2, 8), (await new GasComplianceReader(ds, config).ReadAsync(day)).Homes.Single().Deadline);
    }

    /// <summary>H1 (register 7 Feb 2026) applied and booked on 4 Jan 2027, its check done on 18 Jan (effective 7 Feb 2027).</summary>
    private async Task CheckedInTheSystemAsync(Domain.Configuration.EstateConfiguration config)
    {
        var ds = Database.DataSource;
        SetClock(FirstDay);
        await new RegisterImporter(ds, Clock).ImportAsync(GasEstate(Home("H1", "B1", "S1", new LocalDate(2026, 2, 7))), "test", FirstDay);
        await new WorkOrderGeneration(ds, config, Calendar, Clock).ApplyAsync(FirstDay);
        await Booking(config).BookAsync(FirstDay);
        Assert.Equal(["2027-02-07|2027-01-18"], await ds.RowsAsync("SELECT deadline::text || '|' || date::text FROM gas_appointments"));
        await ReportAsync("H1", VisitOutcome.Done, Done, config);
        Assert.Equal(["2027-02-07|2028-02-07"], await ds.RowsAsync("SELECT effective_on::text || '|' || next_deadline::text FROM gas_checks"));
        var day = Done.PlusDays(1);
        SetClock(day);
        await new WorkOrderGeneration(ds, config, Calendar, Clock).ApplyAsync(day);
        await Booking(config).BookAsync(day);
    }

    /// <summary>H1 checked in the system (<see cref="CheckedInTheSystemAsync"/>), then its order for 7 Feb 2028 made and booked on 1 Dec 2027.</summary>
    private async Task<(string Reference, long Id)> BookedForTheNextDeadlineAsync(Domain.Configuration.EstateConfiguration config)
    {
        await CheckedInTheSystemAsync(config);
        var december = new LocalDate(2027, 12, 1);
        SetClock(december);
        await new WorkOrderGeneration(Database.DataSource, config, Calendar, Clock).ApplyAsync(december);
        await Booking(config).BookAsync(december);
        return await OrderForAsync("2028-02-07");
    }

    private async Task ImportAsync(LocalDate lastGasCheck, LocalDate on)
    {
        SetClock(on);
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(GasEstate(Home("H1", "B1", "S1", lastGasCheck)), "test", on);
    }

    private async Task<(string Reference, long Id)> OrderForAsync(string deadline)
    {
        var row = (await Database.DataSource.RowsAsync($"SELECT reference || '|' || id FROM work_orders WHERE asset_id = 'H1' AND deadline = '{deadline}' AND status <> 'cancelled'")).Single().Split('|');
        return (row[0], long.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
