using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// Writes outbox messages inside the caller's transaction, so a message exists exactly when the change that causes
/// it commits. Set-based (<c>INSERT … SELECT … ON CONFLICT (idempotency_key) DO NOTHING</c>): calling it twice for
/// the same orders adds nothing the second time.
/// </summary>
public static class OutboxWriter
{
    // Message-Ids are {key}@estate-scheduler: what MessageIds.FromKey gives for these keys, which hold only letters,
    // digits, '-' and '/' (references are WO-yyyy-nnnnnn). A test checks the two agree.

    // A notice for each created order whose contractor is on per-order dispatch. Weekly contractors get nothing now:
    // the dispatcher builds their programme on their programme day (OutboxProgrammes). A contractor with issueAhead
    // gets it at 00:00 of the window's first day less that many days in the organisation's zone (@zone, its tz id), or
    // at once when that has passed (IssueAhead.NoticeRelease, which the COPY path uses: the two must agree, a test checks them).
    private const string NoticesSql = """
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids,
                                     sequence, status, attempts, next_attempt_at, release_at, created_at)
        SELECT 'contractor-order', k.key, k.key || '@estate-scheduler', 'contractor', w.contractor_id, ARRAY[w.id], 0, 'pending', 0,
               coalesce(r.release, @now), r.release, @now
        FROM work_orders w
        JOIN contractors c ON c.id = w.contractor_id
        CROSS JOIN LATERAL (SELECT 'order/' || w.reference || '/0' AS key) k
        CROSS JOIN LATERAL (SELECT CASE WHEN t.at > @now THEN t.at END AS release
                            FROM (SELECT ((w.window_start - c.issue_ahead_days)::timestamp AT TIME ZONE @zone) AS at) t) r
        WHERE w.reference = ANY(@created) AND w.status = 'planned' AND c.dispatch = 'per-order'
        ORDER BY w.id
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    // A notice still waiting for an order now cancelled is not sent, whether it is due or deferred (issueAhead): the
    // contractor never heard of the order, so no cancellation follows (below). One being sent right now is left alone
    // (its dispatcher holds the row; the update waits and then skips it), and gets a cancellation below. A tenant's
    // appointment letter still waiting for the order is not sent either (letterAhead defers it for weeks).
    private const string SupersedeSql = """
        UPDATE outbox_messages o
        SET status = 'superseded', last_error = 'not sent: its work order was cancelled first'
        WHERE o.kind IN ('contractor-order', 'tenant-letter') AND o.status = 'pending'
          AND o.work_order_ids && (SELECT coalesce(array_agg(w.id), '{}') FROM work_orders w WHERE w.reference = ANY(@cancelled))
        """;

    /// <summary>
    /// The SEQUENCE of the next message about the order <c>w</c> (a SQL expression): one above the highest of its notices,
    /// programmes, changed-appointment notices and cancellation, 0 counting as none (branch rebook26). Calendar clients
    /// apply a REQUEST or CANCEL of a UID only above the last SEQUENCE they saw; used by the cancellation here and by the
    /// gas booking's changed-appointment notice (<c>GasBookingWriter</c>).
    /// </summary>
    internal const string NextSequenceSql = """
        1 + (SELECT coalesce(max(o.sequence), 0) FROM outbox_messages o
             WHERE o.work_order_ids @> ARRAY[w.id] AND o.kind IN ('contractor-order', 'contractor-programme', 'contractor-cancellation'))
        """;

    /// <summary>
    /// Whether the contractor was sent the order <c>w</c> (a SQL condition): a notice or programme naming it is sent or
    /// being sent. Used by the cancellation here and by the changed-window notice (<c>FollowUpAfterVisitEffect</c>).
    /// </summary>
    internal const string SentToContractorSql = """
        EXISTS (SELECT 1 FROM outbox_messages o
                WHERE o.work_order_ids @> ARRAY[w.id] AND o.kind IN ('contractor-order', 'contractor-programme')
                  AND o.status IN ('sending', 'sent'))
        """;

    // A cancellation for each cancelled order the contractor was told about: issued or appointed when cancelled,
    // or named by a notice or programme that is sent or being sent. Its SEQUENCE is one above the highest of the order's
    // notices, programmes and changed-appointment notices (1 after a notice alone, as before branch rebook26): a calendar
    // client ignores a CANCEL whose SEQUENCE is not above the last REQUEST it applied. The key keeps its /1.
    private const string CancellationsSql = $"""
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids,
                                     sequence, status, attempts, next_attempt_at, created_at)
        SELECT 'contractor-cancellation', k.key, k.key || '@estate-scheduler', 'contractor', w.contractor_id, ARRAY[w.id],
               {NextSequenceSql},
               'pending', 0, @now, @now
        FROM work_orders w
        CROSS JOIN LATERAL (SELECT 'cancel/' || w.reference || '/1' AS key) k
        WHERE w.reference = ANY(@cancelled) AND w.status = 'cancelled' AND w.contractor_id IS NOT NULL
          AND (EXISTS (SELECT 1 FROM work_order_events e
                       WHERE e.work_order_id = w.id AND e.kind = 'cancelled' AND e.from_status IN ('issued', 'appointed'))
               OR {SentToContractorSql})
        ORDER BY w.id
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    private const string NoticesCopySql = """
        COPY outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids,
                              sequence, status, attempts, next_attempt_at, release_at, created_at) FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>
    /// Enqueues the messages an apply causes, in its transaction: a notice per created order of a per-order
    /// contractor; for cancelled orders, a cancellation notice when the contractor had been sent the order (issued or
    /// appointed, or a notice or programme naming it sent or being sent), and notices still waiting are superseded.
    /// <paramref name="createdReferences"/> and <paramref name="cancelledReferences"/> are the references the apply
    /// wrote (<c>GenerationResult.CreatedReferences</c>/<c>CancelledReferences</c>); <paramref name="now"/> is the
    /// apply's time (the messages' Date, unless a notice is deferred by its contractor's <c>issueAhead</c>: then it is
    /// due, and dated, at its release, the start of its day in <paramref name="zone"/>, the organisation's). Cancellations
    /// go at once (<see cref="EnqueueForCancelledAsync"/>). Orders stay <c>planned</c>: the dispatcher marks them issued when sent.
    /// </summary>
    public static async Task<OutboxEnqueueResult> EnqueueForPlanAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<string> createdReferences,
        IReadOnlyList<string> cancelledReferences,
        Instant now,
        DateTimeZone zone,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(createdReferences);
        ArgumentNullException.ThrowIfNull(zone);
        var notices = 0;
        if (createdReferences.Count > 0)
        {
            await using var command = Command(connection, transaction, NoticesSql, "created", createdReferences, now);
            command.Parameters.AddWithValue("zone", zone.Id);
            notices = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var (cancellations, superseded) = await EnqueueForCancelledAsync(connection, transaction, cancelledReferences, now, cancellationToken).ConfigureAwait(false);
        return new OutboxEnqueueResult(notices, cancellations, superseded);
    }

    /// <summary>
    /// The cancellations part of <see cref="EnqueueForPlanAsync"/>, for a change that cancels orders and creates none:
    /// a cancellation notice for each order whose contractor had been sent it, and the notices still waiting superseded.
    /// Returns how many of each were written.
    /// </summary>
    public static async Task<(int Cancellations, int Superseded)> EnqueueForCancelledAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<string> cancelledReferences,
        Instant now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(cancelledReferences);
        if (cancelledReferences.Count == 0)
        {
            return (0, 0);
        }

        int superseded;
        await using (var command = Command(connection, transaction, SupersedeSql, "cancelled", cancelledReferences, null))
        {
            superseded = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = Command(connection, transaction, CancellationsSql, "cancelled", cancelledReferences, now))
        {
            return (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false), superseded);
        }
    }

    /// <summary>
    /// A notice to enqueue for a just-created order of a per-order contractor; <paramref name="Release"/> is when it may
    /// go (<see cref="IssueAhead.NoticeRelease"/>), null for at once.
    /// </summary>
    internal readonly record struct Notice(long OrderId, string Reference, string ContractorId, Instant? Release = null);

    /// <summary>
    /// The bulk form of the notices <see cref="EnqueueForPlanAsync"/> writes for created orders, for orders this
    /// transaction has just inserted (so none has a notice yet): the same rows (kind, keys, Message-Id, sequence 0,
    /// pending, due at <paramref name="now"/> or at the notice's release), in the given order, by binary COPY. A key that exists already fails
    /// the COPY with a unique violation rather than being skipped: the caller rolls back to its savepoint.
    /// </summary>
    internal static async Task<int> CopyNoticesAsync(NpgsqlConnection connection, IReadOnlyList<Notice> notices, Instant now, CancellationToken cancellationToken)
    {
        if (notices.Count == 0)
        {
            return 0;
        }

        await using var writer = await connection.BeginBinaryImportAsync(NoticesCopySql, cancellationToken).ConfigureAwait(false);
        writer.Timeout = TimeSpan.Zero;
        var ids = new long[1];
        foreach (var notice in notices)
        {
            var key = OutboxKeys.Notice(notice.Reference);
            ids[0] = notice.OrderId;
            writer.StartRow();
            writer.Write(OutboxKinds.ContractorOrder, NpgsqlDbType.Text);
            writer.Write(key, NpgsqlDbType.Text);
            writer.Write($"{key}@{OutboxKeys.MessageIdDomain}", NpgsqlDbType.Text);
            writer.Write("contractor", NpgsqlDbType.Text);
            writer.Write(notice.ContractorId, NpgsqlDbType.Text);
            writer.Write(ids, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
            writer.Write(OutboxKeys.NoticeSequence, NpgsqlDbType.Integer);
            writer.Write(OutboxStatuses.Pending, NpgsqlDbType.Text);
            writer.Write(0, NpgsqlDbType.Integer);
            writer.Write(notice.Release ?? now, NpgsqlDbType.TimestampTz);
            if (notice.Release is { } release)
            {
                writer.Write(release, NpgsqlDbType.TimestampTz);
            }
            else
            {
                writer.WriteNull();
            }

            writer.Write(now, NpgsqlDbType.TimestampTz);
        }

        return (int)await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlCommand Command(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string listName, IReadOnlyList<string> references, Instant? now)
    {
        var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue(listName, references.ToArray());
        if (now is { } at)
        {
            command.Parameters.AddWithValue("now", at);
        }

        return command;
    }
}
