using Npgsql;
using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// Messages for contractors on weekly dispatch, written by the dispatcher: the programme of a week (once per
/// contractor and week, by its idempotency key), and a notice for each order that no programme will carry — made
/// after its week's programme was written, or for a week whose programme day passed while no dispatcher ran. A
/// programme that died (dead) keeps its orders: they wait for the operator's <c>outbox retry</c>, as a dead notice's do.
/// </summary>
public static class OutboxProgrammes
{
    // The week's live orders of the contractor, by target date. Nothing is written for an empty week.
    private const string ProgrammeSql = """
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids,
                                     sequence, week_start, status, attempts, next_attempt_at, created_at)
        SELECT 'contractor-programme', @key, @message_id, 'contractor', @contractor, o.ids, 0, @week_start, 'pending', 0, @now, @now
        FROM (SELECT array_agg(w.id ORDER BY w.target_date, w.reference) AS ids
              FROM work_orders w
              WHERE w.contractor_id = @contractor AND w.status IN ('planned', 'issued', 'appointed')
                AND w.target_date BETWEEN @week_start AND @week_end) o
        WHERE o.ids IS NOT NULL
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    // Planned orders of the contractor aimed on or before @through whose window is still open, that no message
    // (other than a superseded one) names: each gets a notice of its own. A dead message still names its orders: it is
    // parked for the operator (outbox retry), not replaced. (Before prog7 a dead programme's orders each got a notice
    // the next day: a programme of 1,500 orders that died became 1,500 emails, and 1,500 more if it was then revived.)
    private const string LateSql = """
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids,
                                     sequence, status, attempts, next_attempt_at, created_at)
        SELECT 'contractor-order', k.key, k.key || '@estate-scheduler', 'contractor', w.contractor_id, ARRAY[w.id], 0, 'pending', 0, @now, @now
        FROM work_orders w
        CROSS JOIN LATERAL (SELECT 'order/' || w.reference || '/0' AS key) k
        WHERE w.contractor_id = @contractor AND w.status = 'planned' AND w.target_date <= @through AND w.window_end >= @today
          AND NOT EXISTS (SELECT 1 FROM outbox_messages o
                          WHERE o.work_order_ids @> ARRAY[w.id] AND o.status <> 'superseded')
        ORDER BY w.target_date, w.id
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    /// <summary>
    /// Enqueues <paramref name="contractorId"/>'s programme for the week starting <paramref name="weekStart"/>
    /// (Monday to Sunday, both included) under <paramref name="idempotencyKey"/>: true when written, false when the
    /// week has no live orders or the programme already exists.
    /// </summary>
    public static async Task<bool> EnqueueProgrammeAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string contractorId,
        LocalDate weekStart,
        string idempotencyKey,
        string messageId,
        Instant now,
        CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(ProgrammeSql, connection, transaction);
        command.Parameters.AddWithValue("key", idempotencyKey);
        command.Parameters.AddWithValue("message_id", messageId);
        command.Parameters.AddWithValue("contractor", contractorId);
        command.Parameters.AddWithValue("week_start", weekStart);
        command.Parameters.AddWithValue("week_end", weekStart.PlusDays(6));
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// Enqueues a notice for each planned order of <paramref name="contractorId"/> aimed on or before
    /// <paramref name="through"/>, with its window still open on <paramref name="today"/>, that no message names (a dead
    /// one included: it waits for the operator; only a superseded one does not count).
    /// Returns how many were written.
    /// </summary>
    public static async Task<int> EnqueueLateOrdersAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string contractorId,
        LocalDate through,
        LocalDate today,
        Instant now,
        CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(LateSql, connection, transaction);
        command.Parameters.AddWithValue("contractor", contractorId);
        command.Parameters.AddWithValue("through", through);
        command.Parameters.AddWithValue("today", today);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
