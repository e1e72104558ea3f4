using Npgsql;

namespace Scheduler.Persistence.Outbox;

/// <summary>The outbox at a glance, for readiness: messages still to send (pending or being sent) and dead ones.</summary>
/// <param name="Backlog">Rows pending or sending.</param>
/// <param name="Dead">Rows dead (need a person: see <c>estate-scheduler outbox list --status dead</c>).</param>
public sealed record OutboxCounts(long Backlog, long Dead);

/// <summary>Readiness figures of the outbox.</summary>
public static class OutboxStatus
{
    /// <summary>Counts the backlog (pending + sending) and the dead messages, in one query.</summary>
    public static async Task<OutboxCounts> CountsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);

        // Written as an OR of the two partial indexes' flags (is_open: pending or sending; ended_unsent: dead or
        // superseded), so PostgreSQL combines those indexes instead of reading the sent history.
        await using var command = dataSource.CreateCommand("""
            SELECT count(*) FILTER (WHERE status IN ('pending', 'sending')), count(*) FILTER (WHERE status = 'dead')
            FROM outbox_messages WHERE is_open OR (ended_unsent AND status = 'dead')
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new OutboxCounts(reader.GetInt64(0), reader.GetInt64(1));
    }
}
