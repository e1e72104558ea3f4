using NodaTime;

namespace Scheduler.Persistence.Entities;

/// <summary>A row of <c>sites</c>: an estate or scheme with grounds. <see cref="Attributes"/> is every register column, as a jsonb object.</summary>
public sealed class SiteRow
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public required string AreaId { get; set; }

    public required string Postcode { get; set; }

    public bool Grass { get; set; }

    public bool Hedges { get; set; }

    public bool Hardstanding { get; set; }

    /// <summary>Every column of the register row by header name, as a JSON object of strings (jsonb).</summary>
    public required string Attributes { get; set; }

    /// <summary>False once the latest import no longer lists the site.</summary>
    public bool Active { get; set; } = true;

    /// <summary>When an import last added or changed the row.</summary>
    public Instant UpdatedAt { get; set; }
}
