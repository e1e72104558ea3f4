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
/// loss, since the claim itself is committed before anything is sent.
/// <para>
/// The statements run on a thread of the recorder's own, synchronously: the thread sends the mark and sleeps in the
/// socket's receive until PostgreSQL answers, then completes the task <see cref="RecordSentAsync"/> returned. With the
/// asynchronous driver each mark's answer went through the socket event thread and a thread-pool work item, after which
/// an idle pool thread spun waiting for more work: one hop and one spin a message that the mail loop does not have
/// (branch disp19). The caller is not blocked either way: the mark still overlaps the next message's envelope.
/// </para>
/// Not thread-safe: one batch at a time (a run's batches may share one), one record at a time.
/// </summary>
public sealed class OutboxSentRecorder : IAsyncDisposable
{
    // A mark already there (the message was sent again after a stale reclaim) keeps its first time.
    private const string SentSql = """
        INSERT INTO outbox_sent_marks (message_id, sent_at) VALUES (@id, @now) ON CONFLICT (message_id) DO NOTHING
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly Queue<Mark> _queue = new();
    private readonly object _lock = new(); // Monitor.Wait and Pulse need a monitor, not a System.Threading.Lock
    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _command;
    private Thread? _thread;
    private bool _stopping;
    private int _recorded;

    internal OutboxSentRecorder(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>How many messages this recorder has recorded.</summary>
    public int Recorded => Volatile.Read(ref _recorded);

    /// <summary>
    /// Marks <paramref name="message"/> sent at <paramref name="now"/>; the task completes when the mark has committed
    /// (and faults with the database's error when it could not be made). A message already marked keeps its first mark.
    /// The row itself, and its orders, are updated later (see the class summary). <paramref name="cancellationToken"/> is
    /// looked at before the mark is sent, not while it runs.
    /// </summary>
    public async Task RecordSentAsync(ClaimedMessage message, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        if (_thread is null)
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
        }

        // Continuations run on the pool, never on the recorder's thread: it must be free for the next mark.
        var mark = new Mark(message.Id, now, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _queue.Enqueue(mark);
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_lock);
            }
        }

        await mark.Done.Task.ConfigureAwait(false);
    }

    /// <summary>Stops the recorder's thread and returns the connection to the pool, with <c>synchronous_commit</c> back to the server's default.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_thread is { } thread)
        {
            lock (_lock)
            {
                _stopping = true;
                Monitor.Pulse(_lock);
            }

            // The thread finishes the marks already queued (their callers wait for them), then ends.
            await Task.Run(thread.Join).ConfigureAwait(false);
        }

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

    private async Task StartAsync(CancellationToken cancellationToken)
    {
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
        _thread = new Thread(Run) { IsBackground = true, Name = "outbox sent marks" };
        _thread.Start();
    }

    private void Run()
    {
        var command = _command!;
        var id = (NpgsqlParameter<long>)command.Parameters[0];
        var at = (NpgsqlParameter<Instant>)command.Parameters[1];
        while (true)
        {
            Mark mark;
            lock (_lock)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_lock);
                }

                if (_queue.Count == 0)
                {
                    return;
                }

                mark = _queue.Dequeue();
            }

            try
            {
                id.TypedValue = mark.MessageId;
                at.TypedValue = mark.At;
                command.ExecuteNonQuery();
                Interlocked.Increment(ref _recorded);
                mark.Done.TrySetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                mark.Done.TrySetException(e);
            }
        }
    }

    private sealed record Mark(long MessageId, Instant At, TaskCompletionSource Done);
}
