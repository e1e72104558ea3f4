using Npgsql;
using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>The outbox at a glance: messages still to send (pending or being sent, and due), dead ones, and scheduled ones.</summary>
/// <param name="Backlog">Rows pending or sending whose time has come.</param>
/// <param name="Dead">Rows dead (need a person: see <c>estate-scheduler outbox list --status dead</c>).</param>
/// <param name="Scheduled">Rows written ahead of their time (issueAhead, letterAhead) whose release is still to come.</param>
/// <param name="NextRelease">The earliest of those releases; null when none.</param>
public sealed record OutboxCounts(long Backlog, long Dead, long Scheduled = 0, Instant? NextRelease = null);

/// <summary>Readiness figures of the outbox.</summary>
public static class OutboxStatus
{
    /// <summary>Counts the backlog (pending + sending, due by <paramref name="now"/>), the dead and the scheduled messages, in one query.</summary>
    public static async Task<OutboxCounts> CountsAsync(NpgsqlDataSource dataSource, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);

        // Written as an OR of the two partial indexes' flags (is_open: pending or sending; ended_unsent: dead or
        // superseded), so PostgreSQL combines those indexes instead of reading the sent history.
        await using var command = dataSource.CreateCommand("""
            SELECT count(*) FILTER (WHERE is_open AND NOT coalesce(release_at > @now, false)), count(*) FILTER (WHERE status = 'dead'),
                   count(*) FILTER (WHERE is_open AND release_at > @now), min(release_at) FILTER (WHERE is_open AND release_at > @now)
            FROM outbox_messages WHERE is_open OR (ended_unsent AND status = 'dead')
            """);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new OutboxCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<Instant>(3));
    }
}
