using NodaTime;

namespace Scheduler.Persistence.Entities;

/// <summary>
/// A row of <c>homes</c> (<c>properties.csv</c>): gas flag and record, the planned-improvement component years (null =
/// unknown) and condition score, and every register column as jsonb (which also holds any per-component
/// <c>&lt;component&gt;_condition</c> score). <see cref="LastGasCheck"/> is the effective date of the current gas record.
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

    /// <summary>Install year of the pipes and radiators (register <c>heating_distribution_year</c>); null = unknown.</summary>
    public int? HeatingDistributionYear { get; set; }

    /// <summary>Install year of the windows (<c>windows_year</c>); null = unknown.</summary>
    public int? WindowsYear { get; set; }

    /// <summary>Install year of the external doors (<c>external_doors_year</c>); null = unknown.</summary>
    public int? ExternalDoorsYear { get; set; }

    /// <summary>Year the roof was laid or last replaced (<c>roof_year</c>); null = unknown.</summary>
    public int? RoofYear { get; set; }

    /// <summary>Year of the last rewire (<c>electrics_year</c>); null = unknown.</summary>
    public int? ElectricsYear { get; set; }

    /// <summary>Year of the last "home MOT" condition survey (<c>home_mot_year</c>); null = never or unknown.</summary>
    public int? HomeMotYear { get; set; }

    /// <summary>The home's condition score from its last home MOT, 1 (good) to 5 (worst) (<c>condition</c>); null = none given.</summary>
    public int? Condition { get; set; }

    /// <summary>Every column of the register row by header name, as a JSON object of strings (jsonb).</summary>
    public required string Attributes { get; set; }

    /// <summary>False once the latest import no longer lists the home.</summary>
    public bool Active { get; set; } = true;

    /// <summary>When an import last added or changed the row.</summary>
    public Instant UpdatedAt { get; set; }
}
