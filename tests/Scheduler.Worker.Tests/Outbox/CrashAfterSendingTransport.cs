using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Outbox;

/// <summary>
/// Sends for real through <paramref name="inner"/>, then "dies" before the dispatcher can record anything: the
/// process crash between sending and marking sent, simulated.
/// </summary>
internal sealed class CrashAfterSendingTransport(IMailTransport inner) : IMailTransport
{
    public async Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        await inner.SendBatchAsync(messages, cancellationToken);
        throw new SimulatedCrashException();
    }
}

internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("The dispatcher died after sending.")
    {
    }

    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
