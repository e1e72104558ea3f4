using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Dispatch;

/// <summary>
/// Sends the first <paramref name="count"/> messages of a batch for real through <paramref name="inner"/> (reporting
/// each to the dispatcher as it goes), then "dies": the process killed mid-batch, simulated.
/// </summary>
internal sealed class FailAfterTransport(IMailTransport inner, int count) : IMailTransport
{
    public Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) =>
        SendBatchAsync(messages, _ => Task.CompletedTask, cancellationToken);

    public async Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutgoingMessage> messages, Func<SendResult, Task> onSent, CancellationToken cancellationToken)
    {
        await inner.SendBatchAsync([.. messages.Take(count)], onSent, cancellationToken);
        throw new Outbox.SimulatedCrashException($"The dispatcher died after sending {count} messages.");
    }
}
