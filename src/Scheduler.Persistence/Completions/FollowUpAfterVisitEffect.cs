using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Persistence.Completions;

/// <summary>
/// When a visit with follow-ups (a grass cut and its path sweep) is reported done, or done with a defect, later than its
/// target, each of its open follow-ups is aimed at its <c>due</c> working days after the visit and stays open at least
/// until then (<see cref="FollowUpRule.AfterVisit"/>): a cut made late in its window, or after it, does not leave its
/// sweep overdue before the contractor could sweep. The window keeps its start (the occurrence key) and never shrinks,
/// so the dates the contractor was sent with the cut's order still hold. Each moved follow-up gets a <c>rescheduled</c>
/// row in the audit trail and, when its window's end moved and its contractor was already sent it, a changed-window notice
/// (<see cref="OutboxKeys.WindowChange"/>) in the same transaction. No-access visits, follow-ups already closed or cancelled, and repairs raised from a defect
/// (they carry an SLA category) are left alone.
/// </summary>
/// <remarks>
/// The update is seen by the row trigger <c>work_orders_planning_changes</c> (window or target changed), so the next
/// nightly generation compares the asset whole; the follow-up is history to the planner by then (its parent is aimed
/// before as-of whenever it moves: a visit done on or before its target moves nothing).
/// </remarks>
/// <param name="config">The configuration: each schedule's follow-up rules, and the version stamped on the audit rows.</param>
/// <param name="calendar">Working days of the configured nation.</param>
/// <param name="clock">The moment of the audit rows.</param>
public sealed class FollowUpAfterVisitEffect(EstateConfiguration config, WorkingDayCalendar calendar, IClock clock) : ICompletionBatchEffect
{
    // The open calendar follow-ups of the reported visits, locked: the recorder holds the visits' rows, not theirs.
    private const string FollowUpsSql = """
        SELECT id, parent_id, service, window_start, window_end, target_date, status
        FROM work_orders
        WHERE parent_id = ANY(@parents) AND sla_category IS NULL AND status IN ('planned', 'issued', 'appointed')
        ORDER BY id
        FOR UPDATE
        """;

    private const string MoveSql = """
        WITH moved AS (
            UPDATE work_orders w SET window_end = b.window_end, target_date = b.target_date
            FROM unnest(@ids, @window_ends, @targets) AS b(id, window_end, target_date)
            WHERE w.id = b.id
            RETURNING w.id, w.status)
        INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason, config_version)
        SELECT m.id, @now, 'rescheduled', m.status, m.status, r.reason, @config_version
        FROM moved m JOIN unnest(@ids, @reasons) WITH ORDINALITY AS r(id, reason, ord) ON r.id = m.id
        ORDER BY r.ord
        """;

    // The contractor is told when a follow-up it was already sent (its notice, or a programme naming it, being sent or
    // sent) has its window's end moved: a changed-window notice (branch prod34), a contractor-order row with the SEQUENCE
    // one above the order's highest so far (the calendar entry of the same UID moves to the new window; a later
    // cancellation goes one above this), key order/{reference}/window/{new end} (one per order and new end), due at once
    // (the contractor already has the order), payload the window end it announces and the end and target before. A weekly
    // contractor gets it as a message of its own: the programme that carried the order has gone and the next one does not
    // carry it. A follow-up not told yet gets nothing: its notice or programme, composed when it is sent, reads the new
    // window. A target moved inside the window it was sent with writes nothing: the window the contractor holds still
    // stands (docs/email.md, When the window changes). Runs after MoveSql in the report's transaction, on the moved rows.
    // The gas completion effect writes the same notice for a home's next order brought to the legal window (its start moved
    // too: the payload then says the start before, previousWindowStart; a sweep's start never moves, so its payload is as before).
    internal const string WindowNoticesSql = $$"""
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, payload,
                                     sequence, status, attempts, next_attempt_at, created_at)
        SELECT 'contractor-order', k.key, k.key || '@estate-scheduler', 'contractor', w.contractor_id, ARRAY[w.id],
               jsonb_build_object('change', 'window', 'windowEnd', to_char(w.window_end, 'YYYY-MM-DD'),
                                  'previousWindowEnd', to_char(b.previous_end, 'YYYY-MM-DD'), 'previousTarget', to_char(b.previous_target, 'YYYY-MM-DD'))
                 || CASE WHEN w.window_start <> b.previous_start
                         THEN jsonb_build_object('previousWindowStart', to_char(b.previous_start, 'YYYY-MM-DD')) ELSE '{}'::jsonb END,
               {{OutboxWriter.NextSequenceSql}},
               'pending', 0, @now, @now
        FROM unnest(@ids, @previous_starts, @previous_ends, @previous_targets) WITH ORDINALITY AS b(id, previous_start, previous_end, previous_target, ord)
        JOIN work_orders w ON w.id = b.id
        CROSS JOIN LATERAL (SELECT 'order/' || w.reference || '/window/' || to_char(w.window_end, 'YYYY-MM-DD') AS key) k
        WHERE w.contractor_id IS NOT NULL AND w.window_end <> b.previous_end
          AND {{OutboxWriter.SentToContractorSql}}
        ORDER BY b.ord
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    /// <inheritdoc />
    public Task ApplyAsync(EstateDbContext db, RecordedCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return ApplyManyAsync(db, [completion], cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Never refuses a report.</remarks>
    public Task<IReadOnlyList<CompletionEffectRefusal>> CheckManyAsync(EstateDbContext db, IReadOnlyList<RecordedCompletion> completions, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CompletionEffectRefusal>>([]);

    /// <inheritdoc />
    /// <remarks>One read of the visits' open follow-ups and one statement for those that move, with their audit rows.</remarks>
    public async Task ApplyManyAsync(EstateDbContext db, IReadOnlyList<RecordedCompletion> completions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(completions);

        // The visits of a schedule's own service (not its follow-ups: a sweep is stored under the cut's schedule) that
        // were made, by the order's id.
        var visits = new Dictionary<long, (RecordedCompletion Completion, Schedule Schedule)>();
        foreach (var completion in completions)
        {
            if (completion.Outcome is VisitOutcome.Done or VisitOutcome.Defect
                && !completion.VisitAlreadyRecorded // its visit was recorded, and its follow-ups moved, by the visit's first report
                && config.FindSchedule(completion.ScheduleId) is { FollowUps.Count: > 0 } schedule
                && string.Equals(schedule.Service, completion.Service, StringComparison.Ordinal))
            {
                visits[completion.WorkOrderId] = (completion, schedule);
            }
        }

        if (visits.Count == 0)
        {
            return;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction)(db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A completion effect runs inside the completion's transaction."));
        var ids = new List<long>();
        var windowEnds = new List<LocalDate>();
        var targets = new List<LocalDate>();
        var reasons = new List<string>();
        var endMoved = new List<long>(); // the follow-ups whose window's end moved, with their end and target before, for their notices
        var previousStarts = new List<LocalDate>();
        var previousEnds = new List<LocalDate>();
        var previousTargets = new List<LocalDate>();
        await using (var read = new NpgsqlCommand(FollowUpsSql, connection, transaction))
        {
            read.Parameters.AddWithValue("parents", visits.Keys.ToArray());
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var (completion, schedule) = visits[reader.GetInt64(1)];
                var service = reader.GetString(2);
                if (schedule.FollowUps.FirstOrDefault(f => string.Equals(f.Service, service, StringComparison.Ordinal)) is not { } rule)
                {
                    continue; // a follow-up config no longer has: the planner cancels it
                }

                var window = new ServiceWindow(reader.GetFieldValue<LocalDate>(3), reader.GetFieldValue<LocalDate>(4));
                var target = reader.GetFieldValue<LocalDate>(5);
                var (moved, aimed) = rule.AfterVisit(window, target, completion.On, calendar);
                if (moved == window && aimed == target)
                {
                    continue;
                }

                ids.Add(reader.GetInt64(0));
                if (moved.End != window.End)
                {
                    endMoved.Add(reader.GetInt64(0));
                    previousStarts.Add(window.Start);
                    previousEnds.Add(window.End);
                    previousTargets.Add(target);
                }

                windowEnds.Add(moved.End);
                targets.Add(aimed);
                reasons.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{completion.Reference} reported done on {completion.On:uuuu-MM-dd}: due {rule.WorkingDays} working day(s) after it, target {aimed:uuuu-MM-dd} (was {target:uuuu-MM-dd}), window {moved} (was {window})"));
            }
        }

        if (ids.Count == 0)
        {
            return;
        }

        await using var move = new NpgsqlCommand(MoveSql, connection, transaction);
        move.Parameters.AddWithValue("ids", ids.ToArray());
        move.Parameters.AddWithValue("window_ends", windowEnds.ToArray());
        move.Parameters.AddWithValue("targets", targets.ToArray());
        move.Parameters.AddWithValue("reasons", reasons.ToArray());
        move.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        move.Parameters.AddWithValue("config_version", config.Version);
        await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (endMoved.Count == 0)
        {
            return;
        }

        await using var notices = new NpgsqlCommand(WindowNoticesSql, connection, transaction);
        notices.Parameters.AddWithValue("ids", endMoved.ToArray());
        notices.Parameters.AddWithValue("previous_starts", previousStarts.ToArray());
        notices.Parameters.AddWithValue("previous_ends", previousEnds.ToArray());
        notices.Parameters.AddWithValue("previous_targets", previousTargets.ToArray());
        notices.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        await notices.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
