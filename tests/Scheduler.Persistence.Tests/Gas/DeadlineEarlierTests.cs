using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// A home's gas deadline moved earlier while its order is open and booked (docs/gas-safety.md, A deadline moved earlier):
/// the register's <c>last_gas_check</c> corrected back by an import. Until branch <c>gas35</c> the stored order still
/// overlapped the wanted window, so it covered it and was kept with its later window and deadline: nothing was cancelled,
/// created or written, and the visit stayed booked after the deadline the landlord now has. Now the next generation
/// replaces it (<c>deadline-earlier</c>): its contractor gets the cancellation and the new order's notice, the booking
/// cancels the old visit (its letter still waiting superseded) and books the new order inside the new window with the
/// tenant's first letter. Once: a second night writes nothing, incremental or full.
/// </summary>
public class DeadlineEarlierTests : GasTestBase
{
    // Every home's register says 10 Jun 2026: due 10 Jun 2027, window 11 Apr – 9 Jun 2027. Applied and booked on Mon
    // 1 Mar 2027: H1 on Mon 12 Apr AM, H2 that PM, H3 and H4 on Tue 13 Apr (one engineer, two slots a day).
    private static readonly LocalDate Basis = new(2026, 6, 10);
    private static readonly LocalDate FirstDay = new(2027, 3, 1);

    [Fact]
    public async Task RegisterCheckCorrectedBack_TheNextNightReplacesTheOrder_ContractorAndTenantToldOnce_TheNextNightWritesNothing()
    {
        var ds = Database.DataSource;
        var config = GasConfig();
        var kept = new PlanningRegisterCache(); // the worker's nights: incremental from the watermark, the register kept
        await ImportAsync(FirstDay, ("H1", Basis), ("H2", Basis), ("H3", Basis), ("H4", Basis));
        await new WorkOrderGeneration(ds, config, Calendar, Clock, kept).GenerateAsync(FirstDay);
        await Booking(config).BookAsync(FirstDay);
        var h1 = await OrderOfAsync("H1");
        var h2 = await OrderOfAsync("H2");
        var h3 = await OrderOfAsync("H3");
        var h4 = await OrderOfAsync("H4");
        Assert.Equal(
            ["H1|2027-04-12|AM|2027-06-10", "H2|2027-04-12|PM|2027-06-10", "H3|2027-04-13|AM|2027-06-10", "H4|2027-04-13|PM|2027-06-10"],
            await ds.RowsAsync("SELECT home_id || '|' || date::text || '|' || slot || '|' || deadline::text FROM gas_appointments WHERE status = 'booked' ORDER BY home_id"));

        // The dispatcher sent every notice and letter but H1's letter (still waiting).
        await ds.ExecuteAsync(
            $"""
            UPDATE outbox_messages SET status = 'sent', sent_at = now()
            WHERE NOT (kind = 'tenant-letter' AND work_order_ids = ARRAY[(SELECT id FROM work_orders WHERE reference = '{h1}')])
            """);
        var before = await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages");

        // Mon 8 Mar: the register's checks corrected back. H1's to 1 May 2026 (due 1 May 2027, window to 30 Apr: its visit
        // of 12 Apr is still inside it); H2's to 12 Apr 2026 (due 12 Apr 2027, window to 11 Apr, a day of the order's: its
        // visit is on the deadline day); H3's unchanged; H4's to 5 Apr 2026 (due 5 Apr 2027, window to 4 Apr: no overlap
        // with the order's, so it was already replaced before this branch, schedule-changed).
        var day = new LocalDate(2027, 3, 8);
        await ImportAsync(day, ("H1", new LocalDate(2026, 5, 1)), ("H2", new LocalDate(2026, 4, 12)), ("H3", Basis), ("H4", new LocalDate(2026, 4, 5)));
        var applied = await new WorkOrderGeneration(ds, config, Calendar, Clock, kept).GenerateAsync(day);
        Assert.Equal(GenerationScopes.RegisterChanged, applied.Scope.Reason); // an import makes the next night full
        var booked = await Booking(config).BookAsync(day);

        Assert.Equal([h1, h2, h4], applied.CancelledReferences.Order(StringComparer.Ordinal));
        Assert.Equal(3, applied.CreatedReferences.Count);
        Assert.Empty(booked.Closed);
        Assert.Equal(
            [
                $"{h1}|cancelled|deadline-earlier: the check is due earlier than the deadline 2027-06-10 this order was made for: schedule 'gas-safety' now wants the visit in window 2027-03-08..2027-04-30, and this order's window 2027-04-11..2027-06-09 runs past it",
                $"{h2}|cancelled|deadline-earlier: the check is due earlier than the deadline 2027-06-10 this order was made for: schedule 'gas-safety' now wants the visit in window 2027-03-08..2027-04-11, and this order's window 2027-04-11..2027-06-09 runs past it",
                $"{h3}|appointed|",
                $"{h4}|cancelled|schedule-changed: schedule 'gas-safety' no longer wants a 'gas-safety' visit to 'H4' in window 2027-04-11..2027-06-09",
            ],
            await ds.RowsAsync($"SELECT reference || '|' || status || '|' || coalesce(cancelled_reason, '') FROM work_orders WHERE reference IN ('{h1}', '{h2}', '{h3}', '{h4}') ORDER BY reference"));

        // The new orders: the earlier windows and deadlines, booked in deadline order from the first day 14 days' notice
        // allows; the old visits cancelled, H3's kept.
        var n1 = await OrderOfAsync("H1");
        var n2 = await OrderOfAsync("H2");
        var n4 = await OrderOfAsync("H4");
        Assert.Equal([n1, n2, n4], applied.CreatedReferences.Order(StringComparer.Ordinal));
        Assert.Equal(
            [$"{n1}|2027-03-08|2027-04-30|2027-05-01|appointed", $"{n2}|2027-03-08|2027-04-11|2027-04-12|appointed", $"{n4}|2027-03-08|2027-04-04|2027-04-05|appointed"],
            await ds.RowsAsync($"SELECT reference || '|' || window_start::text || '|' || window_end::text || '|' || deadline::text || '|' || status FROM work_orders WHERE reference IN ('{n1}', '{n2}', '{n4}') ORDER BY reference"));
        Assert.Equal(
            [
                $"{h1}|H1|2027-04-12|AM|2027-06-10|1|cancelled",
                $"{h2}|H2|2027-04-12|PM|2027-06-10|1|cancelled",
                $"{h3}|H3|2027-04-13|AM|2027-06-10|1|booked",
                $"{h4}|H4|2027-04-13|PM|2027-06-10|1|cancelled",
                $"{n1}|H1|2027-03-23|AM|2027-05-01|1|booked",
                $"{n2}|H2|2027-03-22|PM|2027-04-12|1|booked",
                $"{n4}|H4|2027-03-22|AM|2027-04-05|1|booked",
            ],
            await ds.RowsAsync(
                """
                SELECT w.reference || '|' || a.home_id || '|' || a.date::text || '|' || a.slot || '|' || a.deadline::text || '|' || a.attempt || '|' || a.status
                FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id ORDER BY w.reference
                """));

        // The messages, once each: the contractor a cancellation of each old order (SEQUENCE 1, above the notice it was
        // sent) and a notice of each new one (SEQUENCE 0, its calendar entry on the new appointment when composed); each
        // tenant a first letter for the new visit; H1's letter for the old visit, still waiting, never goes.
        Assert.Equal(
            [
                $"contractor-cancellation|cancel/{h1}/1|1|pending",
                $"contractor-cancellation|cancel/{h2}/1|1|pending",
                $"contractor-cancellation|cancel/{h4}/1|1|pending",
                $"contractor-order|order/{n1}/0|0|pending",
                $"contractor-order|order/{n2}/0|0|pending",
                $"contractor-order|order/{n4}/0|0|pending",
                $"tenant-letter|letter/{n1}/1/|appointment-first 2027-03-23|pending",
                $"tenant-letter|letter/{n2}/1/|appointment-first 2027-03-22|pending",
                $"tenant-letter|letter/{n4}/1/|appointment-first 2027-03-22|pending",
            ],
            await ds.RowsAsync(
                $"""
                SELECT kind || '|' || CASE WHEN kind = 'tenant-letter' THEN regexp_replace(idempotency_key, '[0-9]+$', '') ELSE idempotency_key END || '|'
                       || CASE WHEN kind = 'tenant-letter' THEN (payload->>'letter') || ' ' || (payload->>'date') ELSE sequence::text END || '|' || status
                FROM outbox_messages WHERE created_at > (SELECT max(created_at) FROM outbox_messages WHERE idempotency_key = 'order/{h3}/0')
                ORDER BY 1
                """));
        Assert.Equal(before + 9, await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));
        Assert.Equal(
            ["superseded"],
            await ds.RowsAsync($"SELECT status FROM outbox_messages WHERE kind = 'tenant-letter' AND work_order_ids = ARRAY[(SELECT id FROM work_orders WHERE reference = '{h1}')]"));

        // compliance: each home due by its corrected deadline, with a visit booked before it.
        var homes = (await new GasComplianceReader(ds, config).ReadAsync(day)).Homes.OrderBy(h => h.HomeId, StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["H1|2027-05-01|2027-03-23|Compliant", "H2|2027-04-12|2027-03-22|Compliant", "H3|2027-06-10|2027-04-13|Compliant", "H4|2027-04-05|2027-03-22|Compliant"],
            homes.Select(h => $"{h.HomeId}|{h.Deadline:uuuu-MM-dd}|{h.Appointment:uuuu-MM-dd}|{h.Status}"));

        // The nights after write nothing more: the next night's compare (incremental), a full one, and their bookings.
        foreach (var (next, incremental) in new[] { (day.PlusDays(1), true), (day.PlusDays(2), false) })
        {
            SetClock(next);
            var again = incremental
                ? await new WorkOrderGeneration(ds, config, Calendar, Clock, kept).GenerateAsync(next)
                : await new WorkOrderGeneration(ds, config, Calendar, Clock).ApplyAsync(next);
            Assert.Equal(incremental, again.Scope.Incremental);
            Assert.Equal((0, 0), (again.CreateCount, again.CancelCount));
            var full = (await new WorkOrderGeneration(ds, config, Calendar, Clock).PlanAsync(next)).Plan;
            Assert.Equal((0, 0), (full.Create.Count, full.Cancel.Count));
            Assert.Empty((await Booking(config).BookAsync(next)).Closed);
            Assert.Equal(before + 9, await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));
        }
    }

    [Fact]
    public async Task RegisterCheckReimportedUnchangedOrLater_TheOrderIsKeptOrGoesCheckMadeAsBefore_NothingDeadlineEarlier()
    {
        // The deadline as it was (the same date imported again) keeps H1's order and visit; a later date (a check recorded
        // in the register) is the check-made rule's, as before this branch: H2's order goes check-made, not deadline-earlier.
        var ds = Database.DataSource;
        var config = GasConfig();
        await ImportAsync(FirstDay, ("H1", Basis), ("H2", Basis));
        await new WorkOrderGeneration(ds, config, Calendar, Clock).ApplyAsync(FirstDay);
        await Booking(config).BookAsync(FirstDay);
        var h1 = await OrderOfAsync("H1");
        var h2 = await OrderOfAsync("H2");
        var before = await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages");

        var day = new LocalDate(2027, 3, 8);
        await ImportAsync(day, ("H1", Basis), ("H2", new LocalDate(2026, 7, 1)));
        var applied = await new WorkOrderGeneration(ds, config, Calendar, Clock).ApplyAsync(day);
        await Booking(config).BookAsync(day);

        Assert.Equal([h2], applied.CancelledReferences);
        Assert.Equal(
            [$"{h1}|appointed", $"{h2}|cancelled|check-made"],
            await ds.RowsAsync($"SELECT reference || '|' || status || coalesce('|' || split_part(cancelled_reason, ':', 1), '') FROM work_orders WHERE reference IN ('{h1}', '{h2}') ORDER BY reference"));
        Assert.Equal(["H1|2027-04-12|2027-06-10"], await ds.RowsAsync($"SELECT home_id || '|' || date::text || '|' || deadline::text FROM gas_appointments WHERE status = 'booked' AND home_id = 'H1'"));
        Assert.Equal(
            ["contractor-order", "tenant-letter"], // H1: its notice and letter of 1 Mar only
            await ds.RowsAsync($"SELECT kind FROM outbox_messages WHERE work_order_ids = ARRAY[(SELECT id FROM work_orders WHERE reference = '{h1}')] ORDER BY kind"));
        Assert.Equal(
            [$"cancel/{h2}/1"],
            await ds.RowsAsync($"SELECT idempotency_key FROM outbox_messages WHERE kind = 'contractor-cancellation'"));
        Assert.Equal(before + 3, await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages")); // H2's cancellation, new notice and letter
    }

    private async Task ImportAsync(LocalDate on, params (string Home, LocalDate LastGasCheck)[] homes)
    {
        SetClock(on);
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(
            GasEstate([.. homes.Select(h => Home(h.Home, "B1", "S1", h.LastGasCheck))]), "test", on);
    }

    /// <summary>The reference of <paramref name="home"/>'s open gas order (there is one).</summary>
    private async Task<string> OrderOfAsync(string home) =>
        (await Database.DataSource.RowsAsync(
            $"SELECT reference FROM work_orders WHERE asset_id = '{home}' AND status IN ('planned', 'issued', 'appointed')")).Single();
}
