using Npgsql;
using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// Records messages as sent one at a time, each in its own autocommit statement, so the dispatcher can record a
/// message the moment the mail server accepts it and before it sends the next: a dispatcher killed mid-batch re-sends
/// at most the one message whose record had not committed. One statement marks the row <c>sent</c> (attempts + 1,
/// even when its lease ran out: delivered is delivered) and moves the planned orders it carried to <c>issued</c> with
/// an audit row each. The recorder holds one connection (opened on first use) with <c>synchronous_commit = off</c>:
/// PostgreSQL acknowledges a commit before its WAL is flushed, so recording costs a round trip, not a disk flush. A
/// worker that dies (even SIGKILL) loses nothing the server acknowledged; a PostgreSQL or host crash can lose the
/// last fraction of a second of records (at most about 3 × <c>wal_writer_delay</c>, 0.6 s by default), and those
/// messages are sent again (same Message-Id) once their lease runs out — a duplicate, never a loss, since the claim
/// itself is committed before anything is sent. Not thread-safe: one per batch.
/// </summary>
public sealed class OutboxSentRecorder : IAsyncDisposable
{
    private const string SentSql = """
        WITH sent AS (
            UPDATE outbox_messages SET status = 'sent', sent_at = @now, attempts = attempts + 1, lease_until = NULL, last_error = NULL,
                   delivered_via = coalesce(delivered_via, 'email')
            WHERE id = @id AND status <> 'sent'
            RETURNING id
        ), target AS (
            SELECT id FROM work_orders WHERE id = ANY(@orders) AND status = 'planned' FOR UPDATE
        ), issued AS (
            UPDATE work_orders w SET status = 'issued' FROM target t WHERE w.id = t.id RETURNING w.id
        )
        INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason)
        SELECT id, @now, 'issued', 'planned', 'issued', 'sent to the contractor' FROM issued
        """;

    private readonly NpgsqlDataSource _dataSource;
    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _command;

    internal OutboxSentRecorder(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>How many messages this recorder has recorded.</summary>
    public int Recorded { get; private set; }

    /// <summary>
    /// Marks <paramref name="message"/> sent at <paramref name="now"/> and its planned <paramref name="issuedOrderIds"/>
    /// issued, committed when this returns. A row already <c>sent</c> is left as it is (its orders are still issued).
    /// </summary>
    public async Task RecordSentAsync(ClaimedMessage message, IReadOnlyCollection<long> issuedOrderIds, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(issuedOrderIds);
        var command = await CommandAsync(cancellationToken).ConfigureAwait(false);
        command.Parameters["id"].Value = message.Id;
        command.Parameters["orders"].Value = issuedOrderIds.ToArray();
        command.Parameters["now"].Value = now;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        Recorded++;
    }

    /// <summary>Returns the connection to the pool, with <c>synchronous_commit</c> back to the server's default.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_command is not null)
        {
            await _command.DisposeAsync().ConfigureAwait(false);
        }

        if (_connection is not null)
        {
            try
            {
                if (_connection.State == System.Data.ConnectionState.Open)
                {
                    await using var reset = new NpgsqlCommand("RESET synchronous_commit", _connection);
                    await reset.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (NpgsqlException)
            {
                // A broken connection is not returned to the pool usable anyway.
            }

            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<NpgsqlCommand> CommandAsync(CancellationToken cancellationToken)
    {
        if (_command is not null)
        {
            return _command;
        }

        _connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var set = new NpgsqlCommand("SET synchronous_commit = off", _connection))
        {
            await set.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _command = new NpgsqlCommand(SentSql, _connection);
        _command.Parameters.Add(new NpgsqlParameter<long>("id", 0L));
        _command.Parameters.Add(new NpgsqlParameter<long[]>("orders", []));
        _command.Parameters.Add(new NpgsqlParameter<Instant>("now", default(Instant)));

        // Prepared once per batch: each record is then a bind and execute, no parse or plan.
        await _command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return _command;
    }
}
