namespace Scheduler.Worker.Hosting.Settings;

/// <summary>The <c>Health</c> section: where the health endpoints listen.</summary>
internal sealed class HealthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Health";

    /// <summary>
    /// The addresses Kestrel listens on, separated by <c>;</c>. Loopback by default: put a proxy in front, or bind
    /// <c>http://0.0.0.0:8080</c> inside a container. Port 0 picks a free port (tests).
    /// </summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>How long the readiness check waits for the database before calling it unreachable.</summary>
    public TimeSpan DatabaseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a message may wait in the outbox (pending or being sent, counted from when it was written) before it counts as backlog.</summary>
    public TimeSpan OutboxBacklogAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Readiness is Unhealthy when more than this many messages have waited longer than <see cref="OutboxBacklogAge"/>
    /// (mail is not going out: SMTP down, no dispatcher running). 0: any such message.
    /// </summary>
    public int MaxOutboxBacklog { get; set; } = 20;

    /// <summary>Readiness is Degraded when more than this many messages are dead (they need a person: <c>outbox list --status dead</c>).</summary>
    public int MaxDeadLetters { get; set; }
}
