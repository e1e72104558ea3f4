using Npgsql;
using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// Records messages as sent one at a time, each in its own autocommit statement, so the dispatcher can record a
/// message the moment the mail server accepts it and before the next one can be accepted: a dispatcher killed
/// mid-batch re-sends at most the one message whose record had not committed. The statement is one prepared
/// single-row <c>INSERT</c> into the narrow <c>outbox_sent_marks</c> table (message id, time): the wide
/// <c>outbox_messages</c> row, with its GIN, unique and primary-key index entries, is not rewritten per message. The
/// row stays <c>sending</c> (with its lease) until the batch's completion (<see cref="OutboxStore.CompleteAsync"/>)
/// folds the mark into it in one set-based statement: <c>sent</c>, the mark's time, attempts + 1, no lease, and issues
/// the orders it carried (planned → issued, with their audit rows); when the dispatcher died before that,
/// <see cref="OutboxStore.IssueOrdersOfSentAsync"/> folds it once the lease has run out. A marked row is never claimed
/// again (the claim skips it). The recorder holds one connection (opened on first use) with
/// <c>synchronous_commit = off</c>: PostgreSQL acknowledges a commit before its WAL is flushed, so recording costs a
/// round trip, not a disk flush. A worker that dies (even SIGKILL) loses nothing the server acknowledged; a PostgreSQL
/// or host crash can lose the last fraction of a second of records (at most about 3 × <c>wal_writer_delay</c>, 0.6 s
/// by default), and those messages are sent again (same Message-Id) once their lease runs out — a duplicate, never a
/// loss, since the claim itself is committed before anything is sent. Not thread-safe: one batch at a time (a run's batches may share one), one record at a
/// time.
/// </summary>
public sealed class OutboxSentRecorder : IAsyncDisposable
{
    // A mark already there (the message was sent again after a stale reclaim) keeps its first time.
    private const string SentSql = """
        INSERT INTO outbox_sent_marks (message_id, sent_at) VALUES (@id, @now) ON CONFLICT (message_id) DO NOTHING
        """;

    private readonly NpgsqlDataSource _dataSource;
    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _command;

    internal OutboxSentRecorder(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>How many messages this recorder has recorded.</summary>
    public int Recorded { get; private set; }

    /// <summary>
    /// Marks <paramref name="message"/> sent at <paramref name="now"/>, committed when this returns. A message already
    /// marked keeps its first mark. The row itself, and its orders, are updated later (see the class summary).
    /// </summary>
    public async Task RecordSentAsync(ClaimedMessage message, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var command = await CommandAsync(cancellationToken).ConfigureAwait(false);
        ((NpgsqlParameter<long>)command.Parameters[0]).TypedValue = message.Id;
        ((NpgsqlParameter<Instant>)command.Parameters[1]).TypedValue = now;
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
        _command.Parameters.Add(new NpgsqlParameter<Instant>("now", default(Instant)));

        // Prepared once per recorder (a run's batches share one): each record is then a bind and execute, no parse or plan.
        await _command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return _command;
    }
}
