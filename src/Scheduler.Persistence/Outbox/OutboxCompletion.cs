using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>What became of a claimed message.</summary>
public enum OutboxResult
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>Accepted: the row becomes <c>sent</c> and its planned orders <c>issued</c>.</summary>
    Sent,

    /// <summary>Try again at <see cref="OutboxCompletion.RetryAt"/>: the row returns to <c>pending</c>.</summary>
    Retry,

    /// <summary>Refused for good or out of attempts: the row becomes <c>dead</c> with its error.</summary>
    Dead,

    /// <summary>Its orders were all cancelled before it went out: the row becomes <c>superseded</c>.</summary>
    Superseded,
}

/// <summary>The result to record for one claimed message.</summary>
/// <param name="Message">The claimed message.</param>
/// <param name="Result">Sent, Retry, Dead or Superseded.</param>
/// <param name="RetryAt">For a retry, when.</param>
/// <param name="CountsAsAttempt">False when the message was not tried (e.g. the batch was cancelled first).</param>
/// <param name="Error">The server's reply or the reason; null when sent.</param>
/// <param name="IssuedOrderIds">For a sent message, the orders it carried (planned ones become issued).</param>
public sealed record OutboxCompletion(
    ClaimedMessage Message,
    OutboxResult Result,
    Instant? RetryAt,
    bool CountsAsAttempt,
    string? Error,
    IReadOnlyList<long> IssuedOrderIds);
