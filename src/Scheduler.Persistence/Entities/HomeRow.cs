using NodaTime;

namespace Scheduler.Persistence.Entities;

/// <summary>
/// A row of <c>homes</c> (<c>properties.csv</c>): gas flag and record, component years (null = unknown) and every
/// register column as jsonb. <see cref="LastGasCheck"/> is the effective date of the current gas record.
/// </summary>
public sealed class HomeRow
{
    public required string Id { get; set; }

    public string? BlockId { get; set; }

    public string? SiteId { get; set; }

    public required string Address { get; set; }

    public required string Postcode { get; set; }

    public required string AreaId { get; set; }

    public bool Gas { get; set; }

    /// <summary>Effective date of the current gas safety record (reg. 36A); null when none is known.</summary>
    public LocalDate? LastGasCheck { get; set; }

    public int? KitchenYear { get; set; }

    public int? BathroomYear { get; set; }

    public int? BoilerYear { get; set; }

    /// <summary>Every column of the register row by header name, as a JSON object of strings (jsonb).</summary>
    public required string Attributes { get; set; }

    /// <summary>False once the latest import no longer lists the home.</summary>
    public bool Active { get; set; } = true;

    /// <summary>When an import last added or changed the row.</summary>
    public Instant UpdatedAt { get; set; }
}
