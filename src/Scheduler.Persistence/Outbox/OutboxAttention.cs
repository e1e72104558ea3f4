using Npgsql;
using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// The outbox rows that need attention: messages waiting to be sent (pending or being sent, and due) since before a
/// given instant, and dead messages. Readiness reads the counts; the manager digest lists the rows. Messages written
/// ahead of their time (a contractor's <c>issueAhead</c>, an appointment's <c>letterAhead</c>) whose release is still to
/// come are not backlog, and are not read: only the earliest release is looked up.
/// </summary>
/// <remarks>
/// Every writer gives a new row <c>next_attempt_at</c> = its release or, undeferred, its creation, and only a failed
/// attempt moves it later (and counts in <c>attempts</c>); <c>outbox retry</c> makes it now with no attempts. So the
/// backlog is exactly the open rows due by now (<c>ix_outbox_messages_due</c>) plus the open rows waiting after a failed
/// attempt (<c>ix_outbox_messages_retrying</c>), and an open row not tried yet that is due later is a scheduled one. At
/// 300,000 homes ~900,000 rows are scheduled and the backlog is a day's mail at most; reading every open row (as before
/// migration <c>Attention</c>) cost ~0.3 s of a three-process scan on each readiness probe.
/// </remarks>
/// <param name="Backlog">Every row pending or being sent whose time has come, however old.</param>
/// <param name="StaleBacklog">Rows of the backlog waiting since before the instant asked about (since they were written,
/// or released when deferred).</param>
/// <param name="Dead">Dead rows (they stay dead until a person revives them with <c>outbox retry ID</c>).</param>
/// <param name="Items">The stale and dead rows, oldest first, at most as many as asked for.</param>
/// <param name="NextRelease">The earliest release still to come of a row written ahead; null when none is scheduled.</param>
public sealed record OutboxAttention(long Backlog, long StaleBacklog, long Dead, IReadOnlyList<OutboxAttentionItem> Items, Instant? NextRelease = null)
{
    // The planner cannot know that open rows due by now are few among the open rows (its statistics mix the sent
    // history and the rows deferred for months), so it would scan the table: these statements run with sequential
    // scans and parallel workers off, which leaves it the two partial indexes (due, retrying) and the not-sent one.
    internal const string Settings = "SET LOCAL enable_seqscan = off; SET LOCAL max_parallel_workers_per_gather = 0";

    // The backlog: due rows (ix_outbox_messages_due up to now) and rows waiting after a failed attempt
    // (ix_outbox_messages_retrying after now; the two ranges do not overlap). "release_at > @now" is checked as well,
    // for a row an operator retried before its release.
    private const string BacklogSql = """
        SELECT id, kind, status, recipient_kind, recipient_id, attempts, coalesce(release_at, created_at) AS waiting_since
        FROM outbox_messages WHERE is_open AND next_attempt_at <= @now AND NOT coalesce(release_at > @now, false)
        UNION ALL
        SELECT id, kind, status, recipient_kind, recipient_id, attempts, coalesce(release_at, created_at)
        FROM outbox_messages WHERE is_open AND attempts > 0 AND next_attempt_at > @now AND NOT coalesce(release_at > @now, false)
        """;

    internal const string CountsSql = $"""
        SELECT count(*),
               count(*) FILTER (WHERE b.waiting_since < @stale),
               (SELECT count(*) FROM outbox_messages WHERE ended_unsent AND status = 'dead'),
               (SELECT coalesce(release_at, next_attempt_at) FROM outbox_messages
                WHERE is_open AND next_attempt_at > @now AND attempts = 0 ORDER BY next_attempt_at, id LIMIT 1)
        FROM ({BacklogSql}) b
        """;

    internal const string ItemsSql = $"""
        SELECT * FROM (
            SELECT id, kind, status, recipient_kind, recipient_id, attempts, coalesce(release_at, created_at)
            FROM outbox_messages WHERE ended_unsent AND status = 'dead'
            UNION ALL
            SELECT * FROM ({BacklogSql}) b WHERE b.waiting_since < @stale) i
        ORDER BY id
        LIMIT @limit
        """;

    /// <summary>
    /// Reads the counts and up to <paramref name="limit"/> rows (0: counts only), as of <paramref name="now"/>. A waiting
    /// row is stale when it was written (or, deferred, released) before <paramref name="staleBefore"/> (the time it has
    /// waited, not its next attempt: a message retried for an hour is as late as one never tried).
    /// </summary>
    public static async Task<OutboxAttention> ReadAsync(NpgsqlDataSource dataSource, Instant now, Instant staleBefore, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var settings = new NpgsqlCommand(Settings, connection, transaction))
        {
            await settings.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long backlog, stale, dead;
        Instant? nextRelease;
        await using (var command = new NpgsqlCommand(CountsSql, connection, transaction))
        {
            command.Parameters.AddWithValue("stale", staleBefore);
            command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (backlog, stale, dead) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            nextRelease = reader.IsDBNull(3) ? null : reader.GetFieldValue<Instant>(3);
        }

        var items = new List<OutboxAttentionItem>();
        if (limit > 0 && stale + dead > 0)
        {
            await using var command = new NpgsqlCommand(ItemsSql, connection, transaction);
            command.Parameters.AddWithValue("stale", staleBefore);
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(new OutboxAttentionItem(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5), reader.GetFieldValue<Instant>(6)));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new OutboxAttention(backlog, stale, dead, items, nextRelease);
    }
}

/// <summary>One outbox row that needs attention (ids only: no address, no body, no error text).</summary>
/// <param name="Id">The row id (<c>outbox show ID</c>).</param>
/// <param name="Kind">One of <see cref="OutboxKinds"/>.</param>
/// <param name="Status"><c>dead</c>, <c>pending</c> or <c>sending</c>.</param>
/// <param name="RecipientKind"><c>contractor</c>, <c>tenant</c> or <c>manager</c>.</param>
/// <param name="RecipientId">The contractor's or tenant's id.</param>
/// <param name="Attempts">Send attempts so far.</param>
/// <param name="CreatedAt">Since when it has waited: when the row was written, or for a deferred one its release.</param>
public sealed record OutboxAttentionItem(long Id, string Kind, string Status, string RecipientKind, string RecipientId, int Attempts, Instant CreatedAt);
