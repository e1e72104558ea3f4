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
}
