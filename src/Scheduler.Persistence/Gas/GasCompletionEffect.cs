using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence.Bulk;
using Scheduler.Persistence.Completions;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// What a reported gas safety visit does, inside the completion's transaction (after the recorder has set the order's
/// status and <c>completed_on</c>):
/// <list type="bullet">
/// <item><b>Done / Defect</b>: the check is recorded in <c>gas_checks</c> with its reg. 36A dates against the home's legal
/// deadline (<see cref="CheckedAgainst"/>: the order's, unless the order was made from a projection the check before it
/// did not follow; the order's deadline is then set to it) (effective date, next deadline, tenant's copy due in 28 days), the appointment marked attended, and any
/// escalation flag on the home lifted; a visit still booked for the same home and deadline under another order (an
/// overdue home's earlier urgent order) cancelled, its letter still waiting superseded. Generation counts the next deadline from the same two dates
/// (<c>FloatingHistory</c>), so the two always agree. The home's next order, when it was made for an earlier deadline than
/// the legal one this check gives (projected from this visit on its target day, and the visit made later), is brought to
/// the legal deadline, window and target in place (<see cref="MoveNextOrdersAsync"/>).</item>
/// <item><b>NoAccess</b>: the attempt is recorded (the booked appointment marked no-access, or an unbooked visit added,
/// any appointment still booked for the home and deadline under another order cancelled first);
/// the next appointment is booked at least 5 working days later with the firmer letter and the order set back to
/// <c>appointed</c>; after the last allowed attempt the home is escalated to the compliance manager with the evidence
/// and flagged. When no next appointment fits before the deadline the order stays <c>no-access</c>; booking tries again
/// on the next run and the digest's alerts show the home. A visit that failed after the deadline (the home overdue) is
/// rebooked at the earliest free slot after the rebooking gap, even once the allowed attempts have run out (the
/// escalation stands).</item>
/// </list>
/// Completions of other schedules are ignored. An order with no known deadline (a home with no gas check known) gets its
/// check recorded counting from the day it was done; a no-access visit to such a home is recorded, rebooked and escalated
/// like any other, against <see cref="GasSafetyRecord.NoKnownCheck"/> (the deadline its booking was made against).
/// </summary>
public sealed partial class GasCompletionEffect : ICompletionBatchEffect
{
    private readonly EstateConfiguration _config;
    private readonly WorkingDayCalendar _calendar;
    private readonly IClock _clock;

    /// <summary>Creates the effect for the configuration and working-day calendar in force.</summary>
    /// <param name="config">Its gas schedules (floating, with an appointment policy) say which completions are gas checks.</param>
    /// <param name="calendar">The working days a rebooking may use.</param>
    /// <param name="clock">The time written on rows and messages, and the day of rebooking (the organisation's zone) (never before the visit).</param>
    public GasCompletionEffect(EstateConfiguration config, WorkingDayCalendar calendar, IClock clock)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _calendar = calendar ?? throw new ArgumentNullException(nameof(calendar));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <inheritdoc />
    public async Task ApplyAsync(EstateDbContext db, RecordedCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(completion);
        var gas = GasSchedule.All(_config).FirstOrDefault(g => g.Schedule.Id == completion.ScheduleId);
        if (gas is null || completion.VisitAlreadyRecorded)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("GasCompletionEffect runs inside the completion's transaction; none is open.");
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var order = await ReadOrderAsync(connection, transaction, completion.WorkOrderId, cancellationToken).ConfigureAwait(false);
        if (order is null)
        {
            return; // a follow-up or an order of a home no longer in the register: nothing of the gas record changes
        }

        var now = _clock.GetCurrentInstant();
        if (completion.Outcome is VisitOutcome.Done or VisitOutcome.Defect)
        {
            // The check for this deadline (or the home's first known check) is made: a visit still booked for it under
            // another order is not needed.
            var superseded = await CancelSupersededAsync(
                connection, transaction, [order.Id], [order.HomeId], [GasSafetyRecord.BookingDeadline(order.Deadline)], now, cancellationToken).ConfigureAwait(false);

            var (legal, effective) = await RecordCheckAsync(connection, transaction, gas, order, completion, now, cancellationToken).ConfigureAwait(false);
            await CancelledLetters.WriteAsync(connection, transaction, superseded, checkMade: true, Today(now), now, cancellationToken).ConfigureAwait(false);
            await MoveNextOrdersAsync(connection, transaction, [new CheckMade(gas, order, completion, legal, effective)], now, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await RecordNoAccessAsync(
                connection, transaction, gas, order, GasSafetyRecord.BookingDeadline(order.Deadline), completion, now, cancellationToken).ConfigureAwait(false);
        }

        // A letter still waiting for the visit just reported (letterAhead defers it for weeks) must not go now.
        await PendingLetters.SupersedeUnbookedAsync(connection, transaction, [order.Id], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The day of <paramref name="now"/> in the organisation's zone.</summary>
    private LocalDate Today(Instant now) => now.InZone(_config.Organisation.Zone).Date;

    /// <inheritdoc />
    /// <remarks>The gas effect refuses nothing.</remarks>
    public Task<IReadOnlyList<CompletionEffectRefusal>> CheckManyAsync(EstateDbContext db, IReadOnlyList<RecordedCompletion> completions, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CompletionEffectRefusal>>([]);

    /// <inheritdoc />
    /// <remarks>
    /// Set-based for the checks made (done or defect: every <c>gas_checks</c> row, appointment attended and escalation
    /// lifted in one statement each, in report order); the no-access visits after the checks, set-based too
    /// (<see cref="RecordNoAccessManyAsync"/>: each area's taken slots and each home's failed attempts read once, the
    /// rebookings planned in memory in report order), unless two of them are visits to one home, which go one at a time.
    /// </remarks>
    public async Task ApplyManyAsync(EstateDbContext db, IReadOnlyList<RecordedCompletion> completions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(completions);
        var schedules = GasSchedule.All(_config).ToDictionary(g => g.Schedule.Id, StringComparer.Ordinal);
        var mine = completions.Where(c => schedules.ContainsKey(c.ScheduleId) && !c.VisitAlreadyRecorded).ToList(); // a later defect's check was recorded with its visit
        if (mine.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("GasCompletionEffect runs inside the completion's transaction; none is open.");
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // A batch that adds a tenth of the checks or more (a landlord's first day of reports) analyzes them before it
        // commits, so the next booking's read of the checks (GasCheckedOrders) does not plan them blind.
        var growth = await TableStatistics.Growth.StartAsync(connection, transaction, ["gas_checks"], cancellationToken).ConfigureAwait(false);
        var orders = await ReadOrdersAsync(connection, transaction, [.. mine.Select(c => c.WorkOrderId)], cancellationToken).ConfigureAwait(false);
        var now = _clock.GetCurrentInstant();
        var checks = new List<(GasSchedule Gas, GasOrder Order, RecordedCompletion Completion)>();
        foreach (var completion in mine)
        {
            if (completion.Outcome is VisitOutcome.Done or VisitOutcome.Defect && orders.TryGetValue(completion.WorkOrderId, out var order))
            {
                checks.Add((schedules[completion.ScheduleId], order, completion));
            }
        }

        var superseded = await CancelSupersededAsync(
            connection, transaction, [.. checks.Select(c => c.Order.Id)], [.. checks.Select(c => c.Order.HomeId)],
            [.. checks.Select(c => GasSafetyRecord.BookingDeadline(c.Order.Deadline))], now, cancellationToken).ConfigureAwait(false);
        var made = CheckedAgainstInBatch(checks);
        await RecordChecksAsync(connection, transaction, made, now, cancellationToken).ConfigureAwait(false);
        await CancelledLetters.WriteAsync(connection, transaction, superseded, checkMade: true, Today(now), now, cancellationToken).ConfigureAwait(false);
        // A home's next order follows its last check of the batch (by visit date; report order among one day's).
        await MoveNextOrdersAsync(
            connection, transaction,
            [.. made.Select((c, i) => (Check: c, Index: i)).GroupBy(c => (c.Check.Order.HomeId, c.Check.Order.ScheduleId))
                .Select(g => g.OrderBy(c => c.Check.Completion.On).ThenBy(c => c.Index).Last().Check)],
            now, cancellationToken).ConfigureAwait(false);
        var noAccess = new List<(GasSchedule Gas, GasOrder Order, LocalDate Deadline, RecordedCompletion Completion)>();
        foreach (var completion in mine)
        {
            if (completion.Outcome == VisitOutcome.NoAccess && orders.TryGetValue(completion.WorkOrderId, out var order))
            {
                noAccess.Add((schedules[completion.ScheduleId], order, GasSafetyRecord.BookingDeadline(order.Deadline), completion));
            }
        }

        if (noAccess.Select(v => v.Order.HomeId).Distinct(StringComparer.Ordinal).Count() == noAccess.Count)
        {
            await RecordNoAccessManyAsync(connection, transaction, noAccess, now, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Two visits to one home (two of its orders): the second's attempt number and rebooking depend on the first's
            // rows, so one at a time, as RecordAsync would.
            foreach (var (gas, order, deadline, completion) in noAccess)
            {
                await RecordNoAccessAsync(connection, transaction, gas, order, deadline, completion, now, cancellationToken).ConfigureAwait(false);
            }
        }

        // Letters still waiting for the visits just reported (letterAhead defers them for weeks) must not go now.
        await PendingLetters.SupersedeUnbookedAsync(connection, transaction, [.. orders.Keys.Order()], cancellationToken).ConfigureAwait(false);
        await growth.AnalyzeIfEnoughAsync(connection, transaction, "gas_checks", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Each check of a batch with the deadline it answers (<see cref="CheckedAgainst"/>) and its effective date, in the
    /// batch's order. A home's checks in one batch (two of its orders in one upload) are counted in visit date order, each
    /// from the one before it: the rows are written together, so the second cannot find the first's <c>gas_checks</c> row
    /// (<see cref="GasOrder.CountsFrom"/> was read before either), and would otherwise count from the check before both.
    /// </summary>
    private static List<CheckMade> CheckedAgainstInBatch(List<(GasSchedule Gas, GasOrder Order, RecordedCompletion Completion)> checks)
    {
        var made = new CheckMade[checks.Count];
        foreach (var home in Enumerable.Range(0, checks.Count).GroupBy(i => (checks[i].Order.HomeId, checks[i].Order.ScheduleId)))
        {
            LocalDate? before = null; // the latest effective date of the home's checks before this one in the batch
            foreach (var i in home.OrderBy(i => checks[i].Completion.On)) // stable: report order among one day's
            {
                var (gas, order, completion) = checks[i];
                var counted = before is { } b && (order.CountsFrom is not { } from || b > from) ? order with { CountsFrom = b } : order;
                var legal = CheckedAgainst(gas, counted, completion.On);
                var effective = legal is { } d ? gas.Rule.EffectiveDate(d, completion.On) : completion.On;
                made[i] = new CheckMade(gas, order, completion, legal, effective);
                before = before is { } last && last > effective ? last : effective;
            }
        }

        return [.. made];
    }

    private static async Task RecordChecksAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<CheckMade> checks, Instant now, CancellationToken cancellationToken)
    {
        if (checks.Count == 0)
        {
            return;
        }

        // As RecordCheckAsync, for every check at once; an escalation is lifted on the date of the home's first check here.
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO gas_checks (home_id, work_order_id, schedule_id, previous_deadline, completed_on, effective_on, next_deadline,
                                    outcome, tenant_copy_due, recorded_at)
            SELECT b.home_id, b.order_id, b.schedule_id, b.previous, b.completed, b.effective, b.next, b.outcome, b.copy_due, @now
            FROM unnest(@homes, @orders, @schedules, @previous, @completed, @effective, @next, @outcomes, @copy_due)
                 WITH ORDINALITY AS b(home_id, order_id, schedule_id, previous, completed, effective, next, outcome, copy_due, ord)
            ORDER BY b.ord
            ON CONFLICT (work_order_id) DO NOTHING;
            UPDATE work_orders w SET deadline = b.previous
            FROM unnest(@orders, @previous) AS b(order_id, previous)
            WHERE w.id = b.order_id AND b.previous IS NOT NULL AND w.deadline IS DISTINCT FROM b.previous;
            UPDATE gas_appointments a SET status = 'attended', outcome_on = b.completed, outcome_at = b.at
            FROM unnest(@orders, @completed, @ats) AS b(order_id, completed, at)
            WHERE a.work_order_id = b.order_id AND a.status = 'booked';
            UPDATE gas_escalations e SET resolved_on = f.completed
            FROM (SELECT DISTINCT ON (home_id) home_id, completed
                  FROM unnest(@homes, @completed) WITH ORDINALITY AS u(home_id, completed, ord)
                  ORDER BY home_id, ord) f
            WHERE e.home_id = f.home_id AND e.resolved_on IS NULL;
            """,
            connection,
            transaction)
        { CommandTimeout = 0 };
        command.Parameters.AddWithValue("homes", checks.Select(c => c.Order.HomeId).ToArray());
        command.Parameters.AddWithValue("orders", checks.Select(c => c.Order.Id).ToArray());
        command.Parameters.AddWithValue("schedules", checks.Select(c => c.Order.ScheduleId).ToArray());
        command.Parameters.Add(new NpgsqlParameter<LocalDate?[]>("previous", [.. checks.Select(c => c.Legal)]));
        command.Parameters.AddWithValue("completed", checks.Select(c => c.Completion.On).ToArray());
        command.Parameters.AddWithValue("effective", checks.Select(c => c.Effective).ToArray());
        command.Parameters.AddWithValue("next", checks.Select(c => c.Next).ToArray());
        command.Parameters.AddWithValue("outcomes", checks.Select(c => c.Completion.Outcome == VisitOutcome.Defect ? "defect" : "done").ToArray());
        command.Parameters.AddWithValue("copy_due", checks.Select(c => c.Completion.On.PlusDays(GasSafetyRecord.TenantCopyDays)).ToArray());
        command.Parameters.AddWithValue("ats", checks.Select(c => c.Completion.At).ToArray());
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records one check (<see cref="RecordChecksAsync"/> for one); returns the deadline it answered and its effective date.</summary>
    private static async Task<(LocalDate? Legal, LocalDate Effective)> RecordCheckAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, GasSchedule gas, GasOrder order, RecordedCompletion completion, Instant now, CancellationToken cancellationToken)
    {
        // The schedule's own rule, as FloatingHistory applies it; with no known deadline the check counts from its day.
        var deadline = CheckedAgainst(gas, order, completion.On);
        var effective = deadline is { } d ? gas.Rule.EffectiveDate(d, completion.On) : completion.On;
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO gas_checks (home_id, work_order_id, schedule_id, previous_deadline, completed_on, effective_on, next_deadline,
                                    outcome, tenant_copy_due, recorded_at)
            VALUES (@home, @order, @schedule, @previous, @completed, @effective, @next, @outcome, @copy_due, @now)
            ON CONFLICT (work_order_id) DO NOTHING;
            UPDATE work_orders SET deadline = @previous WHERE id = @order AND @previous IS NOT NULL AND deadline IS DISTINCT FROM @previous;
            UPDATE gas_appointments SET status = 'attended', outcome_on = @completed, outcome_at = @at
            WHERE work_order_id = @order AND status = 'booked';
            UPDATE gas_escalations SET resolved_on = @completed WHERE home_id = @home AND resolved_on IS NULL;
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("home", order.HomeId);
        command.Parameters.AddWithValue("order", order.Id);
        command.Parameters.AddWithValue("schedule", order.ScheduleId);
        command.Parameters.Add(new NpgsqlParameter<LocalDate?>("previous", deadline));
        command.Parameters.AddWithValue("completed", completion.On);
        command.Parameters.AddWithValue("effective", effective);
        command.Parameters.AddWithValue("next", gas.Rule.Deadline(effective));
        command.Parameters.AddWithValue("outcome", completion.Outcome == VisitOutcome.Defect ? "defect" : "done");
        command.Parameters.AddWithValue("copy_due", completion.On.PlusDays(GasSafetyRecord.TenantCopyDays));
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("at", completion.At);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return (deadline, effective);
    }

    private async Task RecordNoAccessAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        GasSchedule gas,
        GasOrder order,
        LocalDate deadline,
        RecordedCompletion completion,
        Instant now,
        CancellationToken cancellationToken)
    {
        var superseded = await CancelSupersededAsync(connection, transaction, [order.Id], [order.HomeId], [deadline], now, cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(
            """
            WITH booked AS (
                UPDATE gas_appointments SET status = 'no-access', outcome_on = @on, outcome_at = @at
                WHERE work_order_id = @order AND status = 'booked'
                RETURNING id
            )
            INSERT INTO gas_appointments (work_order_id, home_id, area_id, deadline, attempt, date, slot, letter, letter_on, status,
                                          booked_at, outcome_on, outcome_at)
            SELECT @order, @home, @area, @deadline,
                   1 + (SELECT count(*) FROM gas_appointments WHERE home_id = @home AND deadline = @deadline AND status = 'no-access'),
                   @on, @slot, NULL, @on, 'no-access', @now, @on, @at
            WHERE NOT EXISTS (SELECT 1 FROM booked)
            """,
            connection,
            transaction))
        {
            command.Parameters.AddWithValue("order", order.Id);
            command.Parameters.AddWithValue("home", order.HomeId);
            command.Parameters.AddWithValue("area", order.AreaId);
            command.Parameters.AddWithValue("deadline", deadline);
            command.Parameters.AddWithValue("on", completion.On);
            command.Parameters.AddWithValue("at", completion.At);
            command.Parameters.AddWithValue("slot", SlotOf(gas.Policy, completion.At));
            command.Parameters.AddWithValue("now", now);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var attempts = (await GasAppointmentStore.FailedAttemptsAsync(connection, transaction, [order.HomeId], cancellationToken).ConfigureAwait(false))
            .GetValueOrDefault((order.HomeId, deadline)) ?? [];
        var today = Today(now);
        var asOf = today > completion.On ? today : completion.On;
        var request = new GasVisitRequest(order.HomeId, order.AreaId, deadline, gas.Rule.BookingWindow(deadline)) { Attempts = attempts, ByPost = order.ByPost };
        var planner = new GasAppointmentPlanner(gas.Policy, gas.Policy.Engineers, _calendar);
        if (attempts.Count >= gas.Policy.Attempts)
        {
            // Escalated (once per home and deadline); an overdue home is still rebooked: the landlord keeps trying.
            await GasEscalationStore.EscalateAsync(
                connection, transaction, order, deadline, asOf, _config.Organisation.Zone, now,
                planner.PostedLetterReaches, cancellationToken).ConfigureAwait(false);
        }

        if (attempts.Count < gas.Policy.Attempts || GasAppointmentPlanner.IsOverdue(request, asOf))
        {
            // Only the home's area and the days the planner may book matter (its first to its last bookable day): reading every slot taken in the estate
            // (~200,000 rows at 300,000 homes) for each no-access visit gave the same plan, much more slowly.
            var taken = await GasAppointmentStore.TakenAsync(
                connection, transaction, [(order.AreaId, planner.FirstBookableDay(request, asOf), planner.LastBookableDay(request, asOf))], cancellationToken).ConfigureAwait(false);
            var plan = planner.Plan([request], asOf, taken);
            await GasBookingWriter.WriteAsync(connection, transaction, [.. plan.Booked.Select(b => (order, b))], _config.Version, asOf, now, _config.Organisation.Zone, cancellationToken).ConfigureAwait(false);
        }

        // A visit cancelled above (booked under another order): its tenant told, unless the rebooking's letter names it.
        await CancelledLetters.WriteAsync(connection, transaction, superseded, checkMade: false, today, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The deadline a check completed on <paramref name="completed"/> answers, which reg. 36A is applied against: the home's
    /// legal deadline, 12 months after the date it counts from before this check (<see cref="GasOrder.CountsFrom"/>: the latest
    /// check recorded on another order, or the register's later date), when that is known and before the check; else the
    /// deadline the order was made for (a home with no known check: none, the check counts from its day). The two differ
    /// when the order was made from a projection, a horizon ahead, and the visit before it was made on another day than
    /// projected with its own day as its effective date (an overdue home's urgent visit, a late check): the order keeps the
    /// projected deadline (a cover is never moved later), and a check against it would count a few days before the
    /// anniversary, or — made before the legal window opened — as made on that deadline where the law counts it from its
    /// own day (docs/gas-safety.md, A stale deadline on a projected order). Read for the shipped register column
    /// (<c>last_gas_check</c>) only; a schedule counting from another column keeps the order's deadline.
    /// </summary>
    private static LocalDate? CheckedAgainst(GasSchedule gas, GasOrder order, LocalDate completed) =>
        gas.Rule.LastDoneColumn == FloatingRule.DefaultLastDoneColumn && order.CountsFrom is { } from && from < completed ? gas.Rule.Deadline(from) : order.Deadline;

    /// <summary>The slot of a visit reported without a booking: the morning slot before noon local time (the organisation's zone), else the last slot.</summary>
    private string SlotOf(AppointmentPolicy policy, Instant at)
    {
        var hour = at.InZone(_config.Organisation.Zone).Hour;
        return hour < 12 ? policy.Slots[0] : policy.Slots[^1];
    }

    private static async Task<Dictionary<long, GasOrder>> ReadOrdersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT w.id, w.reference, w.service, w.schedule_id, w.asset_id, h.area_id, w.status, w.deadline, {GasOrder.ByPostSql("w.asset_id")},
                   {GasOrder.CountsFromSql("w", "h")}
            FROM work_orders w JOIN homes h ON h.id = w.asset_id
            WHERE w.id = ANY(@ids) AND w.parent_id IS NULL
            """,
            connection,
            transaction)
        { CommandTimeout = 0 };
        command.Parameters.AddWithValue("ids", ids);
        var orders = new Dictionary<long, GasOrder>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            orders[reader.GetInt64(0)] = new GasOrder(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<LocalDate>(7))
            { ByPost = reader.GetBoolean(8), CountsFrom = GasOrder.ReadCountsFrom(reader, 9) };
        }

        return orders;
    }

    private static async Task<GasOrder?> ReadOrderAsync(NpgsqlConnection connection, DbTransaction transaction, long id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT w.id, w.reference, w.service, w.schedule_id, w.asset_id, h.area_id, w.status, w.deadline, {GasOrder.ByPostSql("w.asset_id")},
                   {GasOrder.CountsFromSql("w", "h")}
            FROM work_orders w JOIN homes h ON h.id = w.asset_id
            WHERE w.id = @id AND w.parent_id IS NULL
            """,
            connection,
            (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new GasOrder(
            reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<LocalDate>(7))
        { ByPost = reader.GetBoolean(8), CountsFrom = GasOrder.ReadCountsFrom(reader, 9) };
    }
}
