namespace Scheduler.Worker.Email;

/// <summary>Sends batches of messages: <see cref="SmtpTransport"/> to a server, <see cref="PickupDirectoryTransport"/> to a folder.</summary>
public interface IMailTransport
{
    /// <summary>
    /// Sends <paramref name="messages"/> in order and returns one result per message, in the same order. Never
    /// throws for a message or connection failure (those are results); a batch cancelled part-way returns the
    /// messages not yet tried as <see cref="SendOutcome.NotAttempted"/>.
    /// </summary>
    Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="SendBatchAsync(IReadOnlyList{OutgoingMessage}, CancellationToken)"/>, and calls
    /// <paramref name="onSent"/> with each <see cref="SendOutcome.Sent"/> result as soon as the message is accepted;
    /// the task it returns completes before the next message can be accepted (a transport may start the next
    /// message meanwhile, as long as it holds back what would let the server accept it — <see cref="SmtpTransport"/>
    /// holds back the end of data): the caller records the message as sent durably, so a crash re-sends at most the
    /// one message in flight. When <paramref name="onSent"/> fails, nothing more is accepted and the exception propagates. The default sends the whole batch first and then calls <paramref name="onSent"/> for each
    /// message sent (no better than the plain call); the real transports override it.
    /// </summary>
    async Task<IReadOnlyList<SendResult>> SendBatchAsync(
        IReadOnlyList<OutgoingMessage> messages,
        Func<SendResult, Task> onSent,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onSent);
        var results = await SendBatchAsync(messages, cancellationToken).ConfigureAwait(false);
        foreach (var result in results.Where(r => r.Outcome == SendOutcome.Sent))
        {
            await onSent(result).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>
    /// While the returned scope is open, a transport may keep its connection open between batches and hand it to the
    /// next batch, instead of saying QUIT after each one (the dispatcher opens one scope per run of back-to-back
    /// batches); disposing the scope closes what was kept. The default keeps nothing.
    /// </summary>
    IAsyncDisposable KeepOpen() => NothingKept.Instance;

    /// <summary>The scope of a transport that keeps nothing open.</summary>
    private sealed class NothingKept : IAsyncDisposable
    {
        public static readonly NothingKept Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
