using NodaTime;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Compliance;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Reports;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// A check counts against an open gas order when it is later than the check that order's deadline counted from
/// (<c>FloatingRule.Covers</c>), not only when it is on or after the day the order's window opened (the rule until branch
/// <c>deadline26</c>): a check made shortly <i>before</i> the window opened (an emergency contractor's, imported from the
/// register) makes the order's deadline obsolete all the same. Until then such an order stayed open with its visit booked
/// (an engineer sent to a home checked two weeks before), was listed overdue once its window ended, and held back the
/// booking of the next check. The planner, the booking (<c>GasCheckedOrders</c> and its candidates) and <c>overdue</c>
/// say the same thing.
/// </summary>
public class CheckBeforeTheWindowTests : GasTestBase
{
    // The register says 30 Jun 2026: due 30 Jun 2027, window 1 May – 29 Jun 2027 (its first working day, the target, is
    // Tue 4 May: 3 May is a bank holiday). Applied and booked on 26 Apr 2027: the visit on 10 May (14 days' notice).
    private static readonly LocalDate Basis = new(2026, 6, 30);
    private static readonly LocalDate FirstDay = new(2027, 4, 26);
    private static readonly LocalDate Emergency = new(2027, 4, 20); // an emergency contractor's check, 11 days before the window

    [Fact]
    public async Task CheckMadeBeforeTheWindowOpened_ImportedWhileItIsOpen_TheOrderItsVisitAndLetterGoThatNight_TheNextCountsFromIt()
    {
        var ds = Database.DataSource;
        var config = GasConfig(horizonWeeks: 60);
        await StartAsync(config, "H1");
        var (order, orderId) = await OrderForAsync("H1", "2027-06-30");
        Assert.Equal(["2027-05-01|2027-06-29|2027-05-04"], await ds.RowsAsync($"SELECT window_start::text || '|' || window_end::text || '|' || target_date::text FROM work_orders WHERE id = {orderId}"));
        Assert.Equal(["2027-05-10|booked"], await ds.RowsAsync($"SELECT date::text || '|' || status FROM gas_appointments WHERE work_order_id = {orderId}"));
        Assert.Equal(["pending"], await ds.RowsAsync($"SELECT status FROM outbox_messages WHERE kind = 'tenant-letter' AND work_order_ids = ARRAY[{orderId}::bigint]"));
        var (following, _) = await OrderForAsync("H1", "2028-06-30"); // planned too (60 weeks), counted from the visit above

        // Thu 6 May: the window is open and its target day passed (the order is history to the planner), the visit is
        // still ahead. The register now records the emergency check of 20 Apr.
        var day = new LocalDate(2027, 5, 6);
        await ImportAsync(day, ("H1", Emergency));
        var applied = await new WorkOrderGeneration(ds, config, Calendar, Clock).ApplyAsync(day);
        var booked = await Booking(config).BookAsync(day);

        // That night: the order cancelled check-made, its visit cancelled, its letter not sent, its contractor told; the
        // order for 30 Jun 2028 (counted from the old deadline) is no longer wanted; the next is due 20 Apr 2028 (12
        // months after the check: the register holds an effective date) and planned and booked.
        Assert.Contains(order, applied.CancelledReferences);
        Assert.Contains(following, applied.CancelledReferences);
        Assert.Empty(booked.Closed);
        Assert.Equal(
            [$"cancelled|check-made: the check for this visit is recorded in the register (last gas check 2027-04-20, later than the check its deadline 2027-06-30 counted from)"],
            await ds.RowsAsync($"SELECT status || '|' || cancelled_reason FROM work_orders WHERE id = {orderId}"));
        Assert.StartsWith("cancelled|schedule-changed: ", (await ds.RowsAsync($"SELECT status || '|' || cancelled_reason FROM work_orders WHERE reference = '{following}'")).Single(), StringComparison.Ordinal);
        Assert.Equal(["2027-05-10|cancelled"], await ds.RowsAsync($"SELECT date::text || '|' || status FROM gas_appointments WHERE work_order_id = {orderId}"));
        Assert.Equal(["superseded"], await ds.RowsAsync($"SELECT status FROM outbox_messages WHERE kind = 'tenant-letter' AND work_order_ids = ARRAY[{orderId}::bigint]"));
        Assert.Equal([$"cancel/{order}/1"], await ds.RowsAsync($"SELECT idempotency_key FROM outbox_messages WHERE kind = 'contractor-cancellation' AND work_order_ids = ARRAY[{orderId}::bigint]"));

        var (next, nextId) = await OrderForAsync("H1", "2028-04-20");
        Assert.Contains(next, applied.CreatedReferences);
        Assert.Equal(["2028-02-21|2028-04-19"], await ds.RowsAsync($"SELECT window_start::text || '|' || window_end::text FROM work_orders WHERE id = {nextId}"));
        Assert.Equal(["2028-04-20|booked"], await ds.RowsAsync($"SELECT deadline::text || '|' || status FROM gas_appointments WHERE work_order_id = {nextId}"));
        Assert.Equal(["booked"], await ds.RowsAsync("SELECT status FROM gas_appointments WHERE status = 'booked'"));

        var home = (await new GasComplianceReader(ds, config).ReadAsync(day)).Homes.Single();
        Assert.Equal(new LocalDate(2028, 4, 20), home.Deadline);
        Assert.Equal(GasComplianceStatus.Compliant, home.Status);

        // The night after changes nothing.
        var again = await new WorkOrderGeneration(ds, config, Calendar, Clock).ApplyAsync(day.PlusDays(1));
        Assert.Equal(0, again.CreateCount + again.CancelCount);
    }

    [Fact]
    public async Task WindowEndedWhileTheCheckWasMadeBeforeIt_OverdueComplianceAndBookingAgreeWithThePlanner()
    {
        // Three homes due 30 Jun 2027, each booked. H1's visit found no one in (no-access, kept as the record of the
        // attempt), H2's was never reported, H3's neither. On 5 Jul, after the windows ended, the register records the
        // emergency checks of 20 Apr for H1 and H2 (before their windows opened); H3's record is unchanged.
        var ds = Database.DataSource;
        var config = GasConfig(horizonWeeks: 60);
        await StartAsync(config, "H1", "H2", "H3");
        var (noAccess, _) = await OrderForAsync("H1", "2027-06-30");
        var (unreported, unreportedId) = await OrderForAsync("H2", "2027-06-30");
        var (late, _) = await OrderForAsync("H3", "2027-06-30");
        await ds.ExecuteAsync($"UPDATE work_orders SET status = 'no-access', completed_on = '2027-05-10' WHERE reference = '{noAccess}'");

        var day = new LocalDate(2027, 7, 5);
        await ImportAsync(day, ("H1", Emergency), ("H2", Emergency), ("H3", Basis));
        await new WorkOrderGeneration(ds, config, Calendar, Clock).ApplyAsync(day);
        var booked = await Booking(config).BookAsync(day);

        // The booking closes H2's order (window ended, its check known) and books H1's and H2's next checks, due 20 Apr
        // 2028; H3's order stays open, its check not known.
        Assert.Equal([unreported], booked.Closed);
        Assert.Equal(
            ["cancelled|check-made: the check for deadline 2027-06-30 is recorded in the register (last gas check 2027-04-20)"],
            await ds.RowsAsync($"SELECT status || '|' || cancelled_reason FROM work_orders WHERE id = {unreportedId}"));
        Assert.Equal(["appointed"], await ds.RowsAsync($"SELECT status FROM work_orders WHERE reference = '{late}'"));
        Assert.Equal(
            ["H1|2028-04-20|booked", "H2|2028-04-20|booked"],
            await ds.RowsAsync("SELECT home_id || '|' || deadline::text || '|' || status FROM gas_appointments WHERE deadline > '2027-06-30' ORDER BY home_id"));

        // overdue lists H3's order only: H1's no-access order's check is known (the planner leaves it, a reported visit).
        await using (var db = Database.CreateContext())
        {
            var overdue = await OverdueQuery.ListAsync(db, day, DateTimeZoneProviders.Tzdb["Europe/London"], config.FloatingRules());
            Assert.Equal([late], overdue.Select(o => o.Reference));
        }

        // compliance: H1 and H2 due 20 Apr 2028 with their visits booked, H3 overdue since 30 Jun 2027.
        var homes = (await new GasComplianceReader(ds, config).ReadAsync(day)).Homes.OrderBy(h => h.HomeId, StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["H1|2028-04-20|Compliant", "H2|2028-04-20|Compliant", "H3|2027-06-30|Overdue"],
            homes.Select(h => $"{h.HomeId}|{h.Deadline:uuuu-MM-dd}|{h.Status}"));
    }

    [Theory]
    [InlineData(12)]
    [InlineData(6)]
    public async Task CoversSql_SaysWhatFloatingRuleCoversSays_ForTheChecksAroundEveryBasis2024To2030(int months)
    {
        // The booking's SQL and the planner's rule must draw the line on the same day, month ends and 29 February too.
        var rule = new FloatingRule(Period.FromMonths(months), Period.FromMonths(2));
        await using var command = Database.DataSource.CreateCommand(
            $"""
            SELECT d, e, {GasCheckedOrders.CoversSql("e", "@after", "d")}
            FROM generate_series('2024-01-01'::date, '2030-12-31'::date, interval '1 day') AS s(day)
            CROSS JOIN LATERAL (SELECT s.day::date AS d) dd
            CROSS JOIN LATERAL generate_series((d - @after)::date - 3, (d - @after)::date + 3, interval '1 day') AS g(at)
            CROSS JOIN LATERAL (SELECT g.at::date AS e) ee
            """);
        command.Parameters.AddWithValue("after", rule.After);
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var (deadline, effective) = (reader.GetFieldValue<LocalDate>(0), reader.GetFieldValue<LocalDate>(1));
            Assert.True(rule.Covers(deadline, effective) == reader.GetBoolean(2), $"deadline {deadline}, check {effective}");
            rows++;
        }

        Assert.Equal(2557 * 7, rows);
    }

    /// <summary>Imports <paramref name="homes"/> with their register date <see cref="Basis"/>, then applies and books on <see cref="FirstDay"/>.</summary>
    private async Task StartAsync(Domain.Configuration.EstateConfiguration config, params string[] homes)
    {
        await ImportAsync(FirstDay, [.. homes.Select(h => (h, Basis))]);
        await new WorkOrderGeneration(Database.DataSource, config, Calendar, Clock).ApplyAsync(FirstDay);
        await Booking(config).BookAsync(FirstDay);
    }

    private async Task ImportAsync(LocalDate on, params (string Home, LocalDate LastGasCheck)[] homes)
    {
        SetClock(on);
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(
            GasEstate([.. homes.Select(h => Home(h.Home, "B1", "S1", h.LastGasCheck))]), "test", on);
    }

    private async Task<(string Reference, long Id)> OrderForAsync(string home, string deadline)
    {
        var row = (await Database.DataSource.RowsAsync(
            $"SELECT reference || '|' || id FROM work_orders WHERE asset_id = '{home}' AND deadline = '{deadline}' AND status <> 'cancelled'")).Single().Split('|');
        return (row[0], long.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
