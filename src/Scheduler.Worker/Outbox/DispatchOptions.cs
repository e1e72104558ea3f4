using NodaTime;

namespace Scheduler.Worker.Outbox;

/// <summary>How the dispatcher works.</summary>
/// <param name="Lease">
/// How long a claim is owned by its dispatcher. It must outlast rendering and sending one batch; after it, a crashed
/// dispatcher's messages are claimed again (and may be sent a second time, with the same Message-Id).
/// </param>
/// <param name="PollInterval">For <c>dispatch</c> without <c>--once</c>: the wait between rounds when nothing is due.</param>
public sealed record DispatchOptions(Duration Lease, Duration PollInterval)
{
    /// <summary>Lease 5 minutes, poll every 15 seconds.</summary>
    public static DispatchOptions Default { get; } = new(Duration.FromMinutes(5), Duration.FromSeconds(15));
}
