using NodaTime;

namespace Scheduler.Persistence.Entities;

/// <summary>A row of <c>contractors</c>, copied from config whenever a plan is applied. Never deleted, so old orders keep their contractor.</summary>
public sealed class ContractorRow
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public required string Email { get; set; }

    /// <summary>Service ids the contractor performs (text[]).</summary>
    public List<string> Services { get; set; } = [];

    /// <summary>Area ids the contractor covers (text[]).</summary>
    public List<string> Areas { get; set; } = [];

    /// <summary>per-order or weekly.</summary>
    public required string Dispatch { get; set; }

    /// <summary>
    /// Per-order dispatch: how many days before a planned order's window starts its notice goes (config <c>issueAhead</c>);
    /// null: at once.
    /// </summary>
    public int? IssueAheadDays { get; set; }

    /// <summary>False when the latest applied config no longer lists the contractor.</summary>
    public bool Active { get; set; } = true;

    /// <summary>The config version the row was last copied from.</summary>
    public required string ConfigVersion { get; set; }

    public Instant UpdatedAt { get; set; }
}
