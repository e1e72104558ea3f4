namespace Scheduler.Persistence.Outbox;

/// <summary>
/// Where an outbox message is (the <c>status</c> column): <c>pending</c> → <c>sending</c> (claimed, under a lease)
/// → <c>sent</c>; or back to <c>pending</c> with a later <c>next_attempt_at</c> after a transient failure; or
/// <c>dead</c> after a permanent failure or too many attempts (<c>outbox retry</c> makes it pending again); or
/// <c>superseded</c> when every order it was about was cancelled before it went out.
/// </summary>
public static class OutboxStatuses
{
    /// <summary>Waiting to be sent at <c>next_attempt_at</c>.</summary>
    public const string Pending = "pending";

    /// <summary>Claimed by a dispatcher until <c>lease_until</c>; reclaimable after it.</summary>
    public const string Sending = "sending";

    /// <summary>Accepted by the server (or written to the pickup folder).</summary>
    public const string Sent = "sent";

    /// <summary>Refused for good or out of attempts; <c>last_error</c> says why.</summary>
    public const string Dead = "dead";

    /// <summary>Not sent because its orders were cancelled before it went out.</summary>
    public const string Superseded = "superseded";

    /// <summary>Every status.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Sending, Sent, Dead, Superseded];
}
