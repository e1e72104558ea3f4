using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Dispatch;

/// <summary>Sends through whichever transport <see cref="Current"/> is: a server that is down, then one that is up.</summary>
internal sealed class SwitchableTransport(IMailTransport current) : IMailTransport
{
    public IMailTransport Current { get; set; } = current;

    public Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) =>
        Current.SendBatchAsync(messages, cancellationToken);

    public Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutgoingMessage> messages, Func<SendResult, Task> onSent, CancellationToken cancellationToken) =>
        Current.SendBatchAsync(messages, onSent, cancellationToken);
}
