using NodaTime;

namespace Scheduler.Persistence.Entities;

/// <summary>A row of <c>blocks</c>: a block of flats. <see cref="Cleaning"/> is the register text (weekly, fortnightly, monthly, none).</summary>
public sealed class BlockRow
{
    public required string Id { get; set; }

    public required string SiteId { get; set; }

    public required string Name { get; set; }

    public required string AreaId { get; set; }

    /// <summary>weekly, fortnightly, monthly or none.</summary>
    public required string Cleaning { get; set; }

    /// <summary>Every column of the register row by header name, as a JSON object of strings (jsonb).</summary>
    public required string Attributes { get; set; }

    /// <summary>False once the latest import no longer lists the block.</summary>
    public bool Active { get; set; } = true;

    /// <summary>When an import last added or changed the row.</summary>
    public Instant UpdatedAt { get; set; }
}
