using NodaTime;

namespace Scheduler.Persistence.Entities;

/// <summary>A row of <c>areas</c>: a management area from the register. Never deleted; <see cref="Active"/> is false once an import no longer lists it.</summary>
public sealed class AreaRow
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    /// <summary>False once the latest import no longer lists the area.</summary>
    public bool Active { get; set; } = true;

    /// <summary>When an import last added or changed the row.</summary>
    public Instant UpdatedAt { get; set; }
}
