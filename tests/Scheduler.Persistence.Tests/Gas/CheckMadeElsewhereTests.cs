using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Reports;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// An overdue home's urgent order whose window passed unvisited while the check for its deadline was made another way
/// (on the home's next urgent order, reported one at a time or in a batch; or recorded in the register) is cancelled by
/// the next booking with the reason <c>check-made</c>, its audit row, and the contractor's cancellation notice, as an
/// apply cancels an order; and so no longer listed as overdue. An order whose deadline's check is not known stays open.
/// </summary>
public class CheckMadeElsewhereTests : GasTestBase
{
    private static readonly LocalDate FirstDay = new(2027, 3, 1);
    private static readonly LocalDate SecondDay = new(2027, 3, 15);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CheckReportedOnTheNextUrgentOrder_TheStaleOrderIsCancelledWithItsNotice(bool batch)
    {
        // H1 and H2 were due on 7 Feb 2027: overdue on 1 Mar, each gets an urgent order (window 1–14 Mar), booked; neither
        // visit is reported. On 15 Mar each gets a second urgent order; H1's check is done on it that day, H2's is not.
        var ds = Database.DataSource;
        await new RegisterImporter(ds, Clock).ImportAsync(
            GasEstate(Home("H1", "B1", "S1", new LocalDate(2026, 2, 7)), Home("H2", "B1", "S1", new LocalDate(2026, 2, 7))), "test", FirstDay);
        foreach (var day in new[] { FirstDay, SecondDay })
        {
            await new WorkOrderGeneration(ds, GasConfig(), Calendar, Clock).ApplyAsync(day);
            var result = await Booking().BookAsync(day);
            Assert.Empty(result.Closed); // no deadline's check is known yet
        }

        var (stale, staleId) = await FirstOrderAsync("H1");
        var newer = await ds.ScalarAsync<string>("SELECT reference FROM work_orders WHERE asset_id = 'H1' ORDER BY id DESC LIMIT 1");
        Assert.NotEqual(stale, newer);
        SetClock(SecondDay);
        var report = new CompletionReport(newer, "warmfix", VisitOutcome.Done, SecondDay, CompletionSources.Csv, null, null);
        var recorder = new CompletionRecorder(ds, Clock, TestEstate.Zone, [Effect()]);
        var status = batch ? (await recorder.RecordManyAsync([report])).Single().Status : (await recorder.RecordAsync(report)).Status;
        Assert.Equal(CompletionStatus.Recorded, status);
        Assert.Equal("appointed", await StatusAsync(stale)); // the report alone leaves it: the next booking closes it

        var night = SecondDay.PlusDays(1);
        SetClock(night);
        await new WorkOrderGeneration(ds, GasConfig(), Calendar, Clock).ApplyAsync(night);
        var closed = await Booking().BookAsync(night);

        Assert.Equal([stale], closed.Closed);
        var reason = $"check-made: the check for deadline 2027-02-07 was made on order {newer}";
        Assert.Equal(
            [$"cancelled|{reason}"],
            await ds.RowsAsync($"SELECT status || '|' || cancelled_reason FROM work_orders WHERE reference = '{stale}'"));
        Assert.Equal(
            [$"cancelled|appointed|cancelled|{reason}|v1"],
            await ds.RowsAsync($"SELECT kind || '|' || from_status || '|' || to_status || '|' || reason || '|' || config_version FROM work_order_events WHERE work_order_id = {staleId} AND kind = 'cancelled'"));
        Assert.Equal(
            [$"contractor-cancellation|cancel/{stale}/1|cancel/{stale}/1@estate-scheduler|contractor|warmfix|{{{staleId}}}|1|pending"],
            await ds.RowsAsync(
                $"""
                SELECT kind || '|' || idempotency_key || '|' || message_id || '|' || recipient_kind || '|' || recipient_id || '|'
                       || work_order_ids::text || '|' || sequence || '|' || status
                FROM outbox_messages WHERE work_order_ids @> ARRAY[{staleId}::bigint] AND kind = 'contractor-cancellation'
                """));

        // H2's first order: its window passed too, but its deadline's check is not known: still open, still late.
        var (open, _) = await FirstOrderAsync("H2");
        Assert.Equal("appointed", await StatusAsync(open));
        await using (var db = Database.CreateContext())
        {
            var overdue = await OverdueQuery.ListAsync(db, night, DateTimeZoneProviders.Tzdb["Europe/London"], GasConfig().FloatingRules());
            Assert.Contains(overdue, o => o.Reference == open);
            Assert.DoesNotContain(overdue, o => o.Reference == stale);
        }

        // Done once: the next night closes nothing and writes no second notice.
        Assert.Empty((await Booking().BookAsync(night.PlusDays(1))).Closed);
        Assert.Equal(1, await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE kind = 'contractor-cancellation'"));
    }

    [Fact]
    public async Task CheckRecordedInTheRegister_TheStaleOrderAndItsVisitAreCancelled()
    {
        // H1 overdue on 1 Mar 2027: urgent order (window 1–14 Mar) booked and never reported. The check was made on 10 Mar
        // by someone else; the register is imported with it on 20 Mar, and that night's booking closes the order.
        var ds = Database.DataSource;
        var day = new LocalDate(2027, 3, 20);
        var (stale, staleId) = await BookedThenCheckedInTheRegisterAsync(new LocalDate(2027, 3, 10), day);

        var result = await Booking().BookAsync(day);

        Assert.Equal([stale], result.Closed);
        await AssertCancelledWithItsVisitAsync(
            stale, staleId, "check-made: the check for deadline 2027-02-07 is recorded in the register (last gas check 2027-03-10)", "2027-03-08");
    }

    [Fact]
    public async Task CheckRecordedWhileTheWindowIsOpen_TheOrderAndItsVisitAreCancelledThatNight()
    {
        // As above, but the register (check made 4 Mar) is imported on 5 Mar, inside the urgent order's window (1–14 Mar),
        // before its visit (8 Mar). Until branch reg25 the order and its visit stayed until the night after the window
        // (the planner leaves an order whose window has started alone, and the booking closes only past windows): an
        // engineer was sent on 8 Mar to a home already checked. Now that night's apply cancels the order (check-made, its
        // contractor told) and the booking cancels its visit; the booking itself has nothing left to close.
        var ds = Database.DataSource;
        var day = new LocalDate(2027, 3, 5);
        var (stale, staleId) = await BookedThenCheckedInTheRegisterAsync(new LocalDate(2027, 3, 4), day);
        Assert.Equal(["2027-03-08|booked"], await ds.RowsAsync($"SELECT date::text || '|' || status FROM gas_appointments WHERE work_order_id = {staleId}"));

        Assert.Empty((await Booking().BookAsync(day)).Closed);

        await AssertCancelledWithItsVisitAsync(
            stale,
            staleId,
            "check-made: the check for this visit is recorded in the register (last gas check 2027-03-04, later than the check its deadline 2027-02-07 counted from)",
            "2027-03-08");

        // The next deadline counts from the register's check (4 Mar 2027 + 12 months), and nothing is booked for the old one.
        var home = (await new GasComplianceReader(ds, GasConfig()).ReadAsync(day)).Homes.Single();
        Assert.Equal(new LocalDate(2028, 3, 4), home.Deadline);
        Assert.Empty(await ds.RowsAsync("SELECT id FROM gas_appointments WHERE status = 'booked'"));

        // Done once: the next nights cancel nothing more.
        SetClock(SecondDay);
        Assert.Empty((await new WorkOrderGeneration(ds, GasConfig(), Calendar, Clock).ApplyAsync(SecondDay)).CancelledReferences);
        Assert.Empty((await Booking().BookAsync(SecondDay)).Closed);
        Assert.Equal(1, await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE kind = 'contractor-cancellation'"));
    }

    [Fact]
    public async Task NoAccessOrderWhoseDeadlinesCheckIsKnown_NotOverdue_OneWhoseCheckIsNotStaysOverdue()
    {
        // H1's and H2's urgent orders (window 1–14 Mar) both end as no access, as an order does when its last allowed visit
        // failed (a reported visit: the booking does not cancel it). H1's check is then made on its next urgent order on
        // 15 Mar; H2's is not.
        var ds = Database.DataSource;
        await new RegisterImporter(ds, Clock).ImportAsync(
            GasEstate(Home("H1", "B1", "S1", new LocalDate(2026, 2, 7)), Home("H2", "B1", "S1", new LocalDate(2026, 2, 7))), "test", FirstDay);
        foreach (var day in new[] { FirstDay, SecondDay })
        {
            SetClock(day);
            await new WorkOrderGeneration(ds, GasConfig(), Calendar, Clock).ApplyAsync(day);
            await Booking().BookAsync(day);
        }

        var (first1, _) = await FirstOrderAsync("H1");
        var (first2, _) = await FirstOrderAsync("H2");
        await ds.ExecuteAsync($"UPDATE work_orders SET status = 'no-access', completed_on = '2027-03-10' WHERE reference IN ('{first1}', '{first2}')");
        var next1 = await ds.ScalarAsync<string>("SELECT reference FROM work_orders WHERE asset_id = 'H1' ORDER BY id DESC LIMIT 1");
        var report = new CompletionReport(next1, "warmfix", VisitOutcome.Done, SecondDay, CompletionSources.Csv, null, null);
        Assert.Equal(CompletionStatus.Recorded, (await new CompletionRecorder(ds, Clock, TestEstate.Zone, [Effect()]).RecordManyAsync([report])).Single().Status);

        await using var db = Database.CreateContext();
        var overdue = await OverdueQuery.ListAsync(db, SecondDay.PlusDays(1), DateTimeZoneProviders.Tzdb["Europe/London"], GasConfig().FloatingRules());

        Assert.DoesNotContain(overdue, o => o.Reference == first1);
        Assert.Contains(overdue, o => o.Reference == first2 && o.Status == Scheduler.Domain.Planning.WorkOrderStatus.NoAccess);
    }

    /// <summary>
    /// H1, due on 7 Feb 2027, overdue on 1 Mar: its urgent order (window 1–14 Mar) applied and booked, never reported; then
    /// the register imported on <paramref name="importedOn"/> with the check made on <paramref name="checkedOn"/> and that
    /// day's apply run. Returns the urgent order.
    /// </summary>
    private async Task<(string Reference, long Id)> BookedThenCheckedInTheRegisterAsync(LocalDate checkedOn, LocalDate importedOn)
    {
        var ds = Database.DataSource;
        await new RegisterImporter(ds, Clock).ImportAsync(GasEstate(Home("H1", "B1", "S1", new LocalDate(2026, 2, 7))), "test", FirstDay);
        await new WorkOrderGeneration(ds, GasConfig(), Calendar, Clock).ApplyAsync(FirstDay);
        await Booking().BookAsync(FirstDay);
        await new RegisterImporter(ds, Clock).ImportAsync(GasEstate(Home("H1", "B1", "S1", checkedOn)), "test", importedOn);
        SetClock(importedOn);
        await new WorkOrderGeneration(ds, GasConfig(), Calendar, Clock).ApplyAsync(importedOn);
        return await FirstOrderAsync("H1");
    }

    /// <summary>
    /// The appointed order <paramref name="reference"/> cancelled with <paramref name="reason"/> and its audit row, its visit
    /// of <paramref name="visit"/> cancelled, and its contractor's cancellation queued.
    /// </summary>
    private async Task AssertCancelledWithItsVisitAsync(string reference, long id, string reason, string visit)
    {
        var ds = Database.DataSource;
        Assert.Equal([$"cancelled|{reason}"], await ds.RowsAsync($"SELECT status || '|' || cancelled_reason FROM work_orders WHERE id = {id}"));
        Assert.Equal(
            [$"appointed|{reason}"],
            await ds.RowsAsync($"SELECT from_status || '|' || reason FROM work_order_events WHERE work_order_id = {id} AND kind = 'cancelled'"));
        Assert.Equal([$"{visit}|cancelled"], await ds.RowsAsync($"SELECT date::text || '|' || status FROM gas_appointments WHERE work_order_id = {id}"));
        Assert.Equal(
            [$"cancel/{reference}/1"],
            await ds.RowsAsync($"SELECT idempotency_key FROM outbox_messages WHERE kind = 'contractor-cancellation' AND work_order_ids = ARRAY[{id}::bigint]"));
    }

    private async Task<(string Reference, long Id)> FirstOrderAsync(string homeId)
    {
        var row = (await Database.DataSource.RowsAsync($"SELECT reference || '|' || id FROM work_orders WHERE asset_id = '{homeId}' ORDER BY id LIMIT 1")).Single().Split('|');
        return (row[0], long.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private Task<string> StatusAsync(string reference) =>
        Database.DataSource.ScalarAsync<string>($"SELECT status FROM work_orders WHERE reference = '{reference}'");
}
