using MailKit;

namespace Scheduler.Worker.Email;

/// <summary>
/// Holds a message's end of data back until the previous message's record has committed, so the record's database
/// round trip overlaps the next message's envelope (<c>MAIL FROM</c>, <c>RCPT TO</c>, <c>DATA</c>) instead of
/// preceding it. It is the <see cref="ITransferProgress"/> handed to MailKit's <c>SendAsync</c>: MailKit reports
/// progress while it writes the message data, every report comes before it writes the terminating <c>.</c> line (the
/// end of data, after which the server may accept the message), and the first report waits for
/// <see cref="Pending"/>, blocking the thread MailKit writes on. A message written out while composing
/// (<see cref="SerializedBody"/>) waits without blocking instead: the transport hands the gate to its body, which awaits
/// <see cref="WaitAsync"/> after writing its content, before MailKit adds the end of data; so the whole message goes out
/// while the record runs, and no thread-pool thread is held by the wait. Either way the server cannot accept message
/// N+1 before message N is recorded: at any moment at most one accepted message is unrecorded, and a crash re-sends at
/// most that one. (MailKit only sends with <c>BDAT</c>,
/// where no such order holds, for parts in binary encoding; the dispatcher's messages have none, see
/// <see cref="SerializedMessage"/>.) When the record failed, the report throws
/// <see cref="RecordFailedException"/>: MailKit drops the connection without the end of data, and the server
/// discards the message.
/// </summary>
internal sealed class EndOfDataGate : ITransferProgress
{
    /// <summary>The previous message's record; the end of data of the message being sent waits for it.</summary>
    public Task Pending { get; set; } = Task.CompletedTask;

    private static long s_waits;
    private static long s_waitedTicks;

    /// <summary>How many times a report found the record still running and waited for it.</summary>
    public int Waits { get; private set; }

    /// <summary>
    /// Over the whole process: how many times an end of data waited for a record, and for how long in all (the part of
    /// the records' round trips the envelope did not hide). For benchmarks and diagnostics.
    /// </summary>
    public static (long Waits, TimeSpan Waited) Totals => (Interlocked.Read(ref s_waits), TimeSpan.FromTicks(Interlocked.Read(ref s_waitedTicks) * TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency));

    /// <summary>
    /// Waits, without blocking a thread, until the previous message's record has finished; throws
    /// <see cref="RecordFailedException"/> when it failed. Call it after the message's last byte and before its end of data.
    /// </summary>
    public async ValueTask WaitAsync()
    {
        var pending = Pending;
        if (!pending.IsCompleted)
        {
            Waits++;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Reported below.
            }

            Interlocked.Increment(ref s_waits);
            Interlocked.Add(ref s_waitedTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
        }

        ThrowIfFailed(pending);
    }

    /// <inheritdoc />
    public void Report(long bytesTransferred, long totalSize) => Wait();

    /// <inheritdoc />
    public void Report(long bytesTransferred) => Wait();

    private void Wait()
    {
        var pending = Pending;
        if (!pending.IsCompleted)
        {
            Waits++;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();

            // MailKit reports synchronously from inside its async write; the record normally finishes during the
            // envelope's round trips, so this rarely blocks, and then only for the rest of one database round trip.
            // Task.Wait (not a wait handle) tells the thread pool a worker is blocked, so the record's continuation
            // still gets a thread.
            try
            {
                pending.Wait();
            }
            catch (AggregateException)
            {
                // Reported below.
            }

            Interlocked.Increment(ref s_waits);
            Interlocked.Add(ref s_waitedTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
        }

        ThrowIfFailed(pending);
    }

    private static void ThrowIfFailed(Task pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            throw new RecordFailedException(pending.Exception?.InnerException ?? new OperationCanceledException("The record of the previous message was cancelled."));
        }
    }

    /// <summary>The previous message's record failed: nothing more may be sent.</summary>
    internal sealed class RecordFailedException : Exception
    {
        public RecordFailedException()
        {
        }

        public RecordFailedException(string message)
            : base(message)
        {
        }

        public RecordFailedException(Exception inner)
            : base("The previous message could not be recorded as sent.", inner)
        {
        }

        public RecordFailedException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }
}
