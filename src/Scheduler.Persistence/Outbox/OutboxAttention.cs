using Npgsql;
using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// The outbox rows that need attention: messages waiting to be sent (pending or being sent, and due) since before a
/// given instant, and dead messages. Readiness reads the counts; the manager digest lists the rows. Messages written
/// ahead of their time (a contractor's <c>issueAhead</c>, an appointment's <c>letterAhead</c>) whose release is still to
/// come are not backlog: they are counted apart as scheduled, with the earliest release.
/// </summary>
/// <param name="Backlog">Every row pending or being sent whose time has come, however old.</param>
/// <param name="StaleBacklog">Rows of the backlog waiting since before the instant asked about (since they were written,
/// or released when deferred).</param>
/// <param name="Dead">Dead rows (they stay dead until a person revives them with <c>outbox retry ID</c>).</param>
/// <param name="Items">The stale and dead rows, oldest first, at most as many as asked for.</param>
/// <param name="Scheduled">Rows pending until a release still to come (not backlog).</param>
/// <param name="NextRelease">The earliest of those releases; null when none is scheduled.</param>
public sealed record OutboxAttention(long Backlog, long StaleBacklog, long Dead, IReadOnlyList<OutboxAttentionItem> Items, long Scheduled = 0, Instant? NextRelease = null)
{
    // Written as an OR of the two partial indexes' flags (is_open: pending or sending; ended_unsent: dead or
    // superseded), so PostgreSQL combines those indexes instead of reading the sent history.
    private const string CountsSql = """
        SELECT count(*) FILTER (WHERE is_open AND NOT coalesce(release_at > @now, false)),
               count(*) FILTER (WHERE is_open AND NOT coalesce(release_at > @now, false) AND coalesce(release_at, created_at) < @stale),
               count(*) FILTER (WHERE status = 'dead'),
               count(*) FILTER (WHERE is_open AND release_at > @now),
               min(release_at) FILTER (WHERE is_open AND release_at > @now)
        FROM outbox_messages WHERE is_open OR (ended_unsent AND status = 'dead')
        """;

    private const string ItemsSql = """
        SELECT id, kind, status, recipient_kind, recipient_id, attempts, coalesce(release_at, created_at)
        FROM outbox_messages
        WHERE (ended_unsent AND status = 'dead') OR (is_open AND coalesce(release_at, created_at) < @stale AND NOT coalesce(release_at > @now, false))
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
        long backlog, stale, dead, scheduled;
        Instant? nextRelease;
        await using (var command = dataSource.CreateCommand(CountsSql))
        {
            command.Parameters.AddWithValue("stale", staleBefore);
            command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (backlog, stale, dead, scheduled) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            nextRelease = reader.IsDBNull(4) ? null : reader.GetFieldValue<Instant>(4);
        }

        var items = new List<OutboxAttentionItem>();
        if (limit > 0 && stale + dead > 0)
        {
            await using var command = dataSource.CreateCommand(ItemsSql);
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

        return new OutboxAttention(backlog, stale, dead, items, scheduled, nextRelease);
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
