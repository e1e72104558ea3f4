using NodaTime;

namespace Scheduler.Worker.Demo;

/// <summary>The demo's clock: it says whatever instant the simulation last set, and never moves on its own.</summary>
internal sealed class SimulatedClock(Instant now) : IClock
{
    /// <summary>The instant the clock reports; the simulation sets it for each step of each day.</summary>
    public Instant Now { get; set; } = now;

    /// <inheritdoc />
    public Instant GetCurrentInstant() => Now;
}
