using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// A home's next gas order is brought to the legal window when the check before it moves the legal deadline later
/// (docs/gas-safety.md, A stale deadline on a projected order; branch <c>gas37</c>). H1 is overdue on 1 Dec 2026 (deadline
/// 20 Nov 2026): an urgent order from that day and, with a horizon past the next deadline, the next check's order projected
/// from the urgent visit made on its target day (Tue 8 Dec, the first day the booking can book it since branch gasproj38):
/// deadline 8 Dec 2027, window 9 Oct - 7 Dec 2027, target Mon 11 Oct. The urgent visit is made a week later (15 Dec, as when
/// the area had no room sooner; late: effective that day), so the legal deadline is 15 Dec 2027 and the legal window
/// 16 Oct - 14 Dec 2027 (target Mon 18 Oct). Real PostgreSQL; the report as the completion recorder makes it,
/// one at a time and in a batch.
/// </summary>
public class NextOrderMovedTests : GasTestBase
{
    private static readonly LocalDate Day1 = new(2026, 12, 1);
    private static readonly LocalDate Projected = new(2026, 12, 8);
    private static readonly LocalDate Visited = new(2026, 12, 15);

    /// <summary>H1 overdue (and H2, whose urgent visit is made on its target day), applied on 1 Dec 2026 with a 60-week horizon and booked.</summary>
    private async Task<string> OverdueHomesAsync(EstateConfiguration config)
    {
        await ImportAsync(GasEstate(Home("H1", "B1", "S1", new LocalDate(2025, 11, 20)), Home("H2", "B1", "S1", new LocalDate(2025, 11, 20))), Day1);
        await Generation(config).GenerateAsync(Day1);
        SetClock(Day1);
        await Booking(config).BookAsync(Day1);
        Assert.Equal(
            ["2027-12-08|2027-10-09|2027-12-07|2027-10-11|planned"],
            await Database.DataSource.RowsAsync("SELECT deadline::text, window_start::text, window_end::text, target_date::text, status FROM work_orders WHERE asset_id = 'H1' AND deadline > '2027-01-01'"));
        return await NextOrderAsync("H1");
    }

    private Task<string> NextOrderAsync(string home) =>
        Database.DataSource.ScalarAsync<string>($"SELECT reference FROM work_orders WHERE asset_id = '{home}' AND deadline > '2027-01-01' AND status <> 'cancelled'");

    private static EstateConfiguration Config60(Period? letterAhead = null) =>
        Config([GasSafety() with { Appointment = Policy with { LetterAhead = letterAhead } }], [GasEngineer()], horizonWeeks: 60);

    private Task<List<string>> OrderRowAsync(string reference) =>
        Database.DataSource.RowsAsync(
            $"SELECT reference, deadline::text, window_start::text, window_end::text, target_date::text, occurrence_key, usual_key FROM work_orders WHERE reference = '{reference}'");

    /// <summary>Books the order by hand for <paramref name="date"/> AM (as a booking made before the visit before it was reported would), with its letter.</summary>
    private async Task BookByHandAsync(string reference, LocalDate date, LocalDate letterOn)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var id = await Database.DataSource.ScalarAsync<long>($"SELECT id FROM work_orders WHERE reference = '{reference}'");
        var deadline = new LocalDate(2027, 12, 8);
        var order = new GasOrder(id, reference, "gas-safety", "gas-safety", "H1", "north", "planned", deadline);
        var booking = new GasBooking("H1", "north", deadline, new AccessAttempt(1, date, "AM", LetterKind.First, letterOn, AccessOutcome.Pending), true) { LetterReaches = letterOn };
        await GasBookingWriter.WriteAsync(connection, transaction, [(order, booking)], "v1", Day1, Clock.GetCurrentInstant(), Zone, CancellationToken.None);
        await transaction.CommitAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UrgentVisitMadeAWeekLate_TheNextOrderIsBroughtToTheLegalWindowInPlace(bool many)
    {
        var config = Config60();
        var ds = Database.DataSource;
        var next = await OverdueHomesAsync(config);
        var control = await NextOrderAsync("H2");

        await ReportAsync("H1", VisitOutcome.Done, Visited, config, many: many);
        await ReportAsync("H2", VisitOutcome.Done, Projected, config, clockDay: Visited, many: many); // on its projected day: nothing moves

        // The same row and reference, the legal deadline, the window and target the projection wants, the usual key.
        Assert.Equal(
            [$"{next}|2027-12-15|2027-10-16|2027-12-14|2027-10-18|gas-safety/H1/2027-10-16/gas-safety|True"],
            await OrderRowAsync(next));
        Assert.Equal(
            [$"{control}|2027-12-08|2027-10-09|2027-12-07|2027-10-11|gas-safety/H2/2027-10-09/gas-safety|True"],
            await OrderRowAsync(control));
        var reason = Assert.Single(await ds.RowsAsync($"SELECT e.from_status || '|' || e.to_status || '|' || e.reason FROM work_order_events e JOIN work_orders w ON w.id = e.work_order_id WHERE e.kind = 'rescheduled'"));
        Assert.StartsWith("planned|planned|WO-", reason, StringComparison.Ordinal);
        Assert.EndsWith(
            "reported done on 2026-12-15, effective 2026-12-15: the home's legal deadline is 2027-12-15 (was 2027-12-08); window 2027-10-16..2027-12-14 (was 2027-10-09..2027-12-07), target 2027-10-18 (was 2027-10-11)",
            reason,
            StringComparison.Ordinal);

        // Not yet sent to the contractor (its notice still pending) and not booked: nothing is written for it now.
        Assert.Equal(0, await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE idempotency_key LIKE '%/window/%' OR idempotency_key LIKE '%/appointment/%'"));

        // The next nights want nothing more: incremental, then a full compare of the same day.
        var night = await Generation(config).GenerateAsync(Visited.PlusDays(1));
        Assert.Empty(night.CreatedReferences);
        Assert.Empty(night.CancelledReferences);
        var full = await Generation(config).PlanAsync(Visited.PlusDays(1));
        Assert.Empty(full.Plan.Create);
        Assert.Empty(full.Plan.Cancel);

        // The booking books it inside the legal window, against the legal deadline.
        SetClock(Visited.PlusDays(1));
        await Booking(config).BookAsync(Visited.PlusDays(1));
        Assert.Equal(
            ["2027-10-18|2027-12-15|booked"],
            await ds.RowsAsync($"SELECT a.date::text, a.deadline::text, a.status FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE w.reference = '{next}'"));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task NextOrderSentAndBookedBeforeTheLegalWindow_AppointmentMovedAndOneChangedWindowNotice(bool letterSent, bool many)
    {
        var config = Config60(Period.FromWeeks(3));
        var ds = Database.DataSource;
        var next = await OverdueHomesAsync(config);
        await BookByHandAsync(next, new LocalDate(2027, 10, 11), new LocalDate(2027, 9, 20));
        await ds.ScalarAsync<int>($"WITH s AS (UPDATE outbox_messages SET status = 'sent' WHERE idempotency_key = 'order/{next}/0' RETURNING 1) SELECT count(*)::int FROM s");
        if (letterSent)
        {
            await ds.ScalarAsync<int>("WITH s AS (UPDATE outbox_messages SET status = 'sent' WHERE kind = 'tenant-letter' AND idempotency_key LIKE 'letter/%' AND work_order_ids @> ARRAY[(SELECT id FROM work_orders WHERE asset_id = 'H1' AND deadline > '2027-01-01')] RETURNING 1) SELECT count(*)::int FROM s");
        }

        await ReportAsync("H1", VisitOutcome.Done, Visited, config, many: many);
        await ReportAsync("H2", VisitOutcome.Done, Projected, config, clockDay: Visited, many: many); // else its urgent window, ended, gets another order

        Assert.Equal(
            [$"{next}|2027-12-15|2027-10-16|2027-12-14|2027-10-18|gas-safety/H1/2027-10-16/gas-safety|True"],
            await OrderRowAsync(next));

        // The visit of 11 Oct, before the legal window, is cancelled and booked again in it (attempt 1 against the new
        // deadline); the order stays appointed.
        Assert.Equal(
            ["1|2027-10-11|2027-12-08|cancelled", "1|2027-10-18|2027-12-15|booked"],
            await ds.RowsAsync($"SELECT a.attempt, a.date::text, a.deadline::text, a.status FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE w.reference = '{next}' ORDER BY a.id"));
        Assert.Equal("appointed", await ds.ScalarAsync<string>($"SELECT status FROM work_orders WHERE reference = '{next}'"));

        // The tenant: a letter for the new visit; the old one, if still waiting, never goes. Held a letter for 11 Oct, they
        // hear now, by the changed-appointment letter naming the day it replaces (and no first letter); else the first
        // letter waits for its day (the visit less letterAhead: 27 Sep 2027). The appointment's letter day says the same.
        var letters = await ds.RowsAsync(
            $"SELECT status, coalesce(to_char(release_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD'), 'now'), payload->>'letter', payload->>'date', coalesce(payload->>'replacesDate', '-'), coalesce(payload->>'replacesSlot', '-') FROM outbox_messages WHERE kind = 'tenant-letter' AND idempotency_key LIKE 'letter/{next}/%' ORDER BY id");
        Assert.Equal(letterSent
            ? ["sent|2027-09-20|appointment-first|2027-10-11|-|-", "pending|now|appointment-changed|2027-10-18|2027-10-11|AM"]
            : ["superseded|2027-09-20|appointment-first|2027-10-11|-|-", "pending|2027-09-27|appointment-first|2027-10-18|-|-"], letters);
        Assert.Equal(
            letterSent ? "2026-12-15" : "2027-09-27",
            await ds.ScalarAsync<string>($"SELECT a.letter_on::text FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE w.reference = '{next}' AND a.status = 'booked'"));

        // The contractor, sent the order: one changed-window notice on the order's UID, one above its notice, saying the
        // window before; no changed-appointment notice (the window notice carries the new visit).
        Assert.Equal(
            [$"order/{next}/window/2027-12-14|contractor|warmfix|1|pending"],
            await ds.RowsAsync($"SELECT idempotency_key, recipient_kind, recipient_id, sequence, status FROM outbox_messages WHERE idempotency_key LIKE 'order/{next}/%' AND idempotency_key <> 'order/{next}/0'"));
        Assert.Equal(
            new WindowChangePayload("window", new LocalDate(2027, 12, 14), new LocalDate(2027, 12, 7), new LocalDate(2027, 10, 11), new LocalDate(2027, 10, 9)),
            WindowChangePayload.FromJson(await ds.ScalarAsync<string>($"SELECT payload::text FROM outbox_messages WHERE idempotency_key = 'order/{next}/window/2027-12-14'")));

        // The same report again (a second upload) writes nothing more; the nights after want nothing.
        var night = await Generation(config).GenerateAsync(Visited.PlusDays(1));
        Assert.Empty(night.CreatedReferences);
        Assert.Empty(night.CancelledReferences);
        var full = await Generation(config).PlanAsync(Visited.PlusDays(1));
        Assert.Empty(full.Plan.Create);
        Assert.Empty(full.Plan.Cancel);
        SetClock(Visited.PlusDays(1));
        await Booking(config).BookAsync(Visited.PlusDays(1));
        Assert.Equal(1, await ds.ScalarAsync<long>($"SELECT count(*) FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE w.reference = '{next}' AND a.status = 'booked'"));
    }

    [Fact]
    public async Task NextOrderBookedInsideTheLegalWindow_TheVisitIsKeptAndNobodyIsTold()
    {
        var config = Config60(Period.FromWeeks(3));
        var ds = Database.DataSource;
        var next = await OverdueHomesAsync(config);
        await BookByHandAsync(next, new LocalDate(2027, 11, 15), new LocalDate(2027, 10, 25));

        await ReportAsync("H1", VisitOutcome.Done, Visited, config);

        Assert.Equal(
            [$"{next}|2027-12-15|2027-10-16|2027-12-14|2027-10-18|gas-safety/H1/2027-10-16/gas-safety|True"],
            await OrderRowAsync(next));
        Assert.Equal(
            ["1|2027-11-15|2027-12-15|booked"],
            await ds.RowsAsync($"SELECT a.attempt, a.date::text, a.deadline::text, a.status FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE w.reference = '{next}' ORDER BY a.id"));
        Assert.Equal(
            ["pending|2027-10-25"],
            await ds.RowsAsync($"SELECT status, to_char(release_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') FROM outbox_messages WHERE kind = 'tenant-letter' AND idempotency_key LIKE 'letter/{next}/%'"));
        Assert.Equal(0, await ds.ScalarAsync<long>($"SELECT count(*) FROM outbox_messages WHERE idempotency_key LIKE 'order/{next}/%' AND idempotency_key <> 'order/{next}/0'"));

        // The booking after it leaves the visit alone (booked, against the deadline the order now holds).
        SetClock(Visited.PlusDays(1));
        await Booking(config).BookAsync(Visited.PlusDays(1));
        Assert.Equal(1, await ds.ScalarAsync<long>($"SELECT count(*) FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE w.reference = '{next}'"));
    }

    [Fact]
    public async Task TwoChecksOfOneHomeInOneUpload_TheSecondCountsFromTheFirst()
    {
        var config = Config60();
        var ds = Database.DataSource;
        var next = await OverdueHomesAsync(config);

        // One upload (a batch), the later visit first: the urgent visit made a week late and the next check made on
        // 15 Nov 2027, inside the legal window (16 Oct - 14 Dec): it keeps the legal anniversary.
        var on = new LocalDate(2027, 11, 15);
        SetClock(on);
        await using (var db = Database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var completions = new List<RecordedCompletion>();
            foreach (var (reference, day) in new[] { (next, on), (await ds.ScalarAsync<string>("SELECT reference FROM work_orders WHERE asset_id = 'H1' AND deadline = '2026-11-20'"), Visited) })
            {
                var at = day.AtStartOfDayInZone(Zone).ToInstant();
                await using var update = new NpgsqlCommand(
                    "UPDATE work_orders SET status = 'completed', completed_on = @on, completed_at = @at WHERE reference = @reference RETURNING id",
                    connection,
                    (NpgsqlTransaction)transaction.GetDbTransaction());
                update.Parameters.AddWithValue("on", day);
                update.Parameters.AddWithValue("at", at);
                update.Parameters.AddWithValue("reference", reference);
                var id = (long)(await update.ExecuteScalarAsync())!;
                completions.Add(new RecordedCompletion(id, reference, "gas-safety", "gas-safety", "H1", "warmfix", VisitOutcome.Done, day, at, "csv", null, null));
            }

            await Effect(config).ApplyManyAsync(db, completions, CancellationToken.None);
            await transaction.CommitAsync();
        }

        Assert.Equal(
            ["2026-11-20|2026-12-15|2026-12-15|2027-12-15", "2027-12-15|2027-11-15|2027-12-15|2028-12-15"],
            await ds.RowsAsync("SELECT previous_deadline::text, completed_on::text, effective_on::text, next_deadline::text FROM gas_checks WHERE home_id = 'H1' ORDER BY completed_on"));
        Assert.Equal(new LocalDate(2027, 12, 15), await LastDoneAsync("H1", config));
        var state = Assert.Single((await new GasComplianceReader(ds, config).ReadAsync(on)).Homes, h => h.HomeId == "H1");
        Assert.Equal(new LocalDate(2028, 12, 15), state.Deadline);
    }
}
