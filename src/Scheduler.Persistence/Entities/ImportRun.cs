using NodaTime;

namespace Scheduler.Persistence.Entities;

/// <summary>A row of <c>import_runs</c>: one import of the estate register and what it changed.</summary>
public sealed class ImportRun
{
    public long Id { get; set; }

    /// <summary>When the import ran.</summary>
    public Instant StartedAt { get; set; }

    /// <summary>Where the register came from (a folder path, or a description).</summary>
    public required string Source { get; set; }

    /// <summary>The date orders of removed assets were cancelled from (inclusive).</summary>
    public LocalDate AsOf { get; set; }

    public int Added { get; set; }

    public int Updated { get; set; }

    public int Deactivated { get; set; }

    public int Reactivated { get; set; }

    public int Unchanged { get; set; }

    /// <summary>Future unsent orders cancelled because their asset was deactivated.</summary>
    public int CancelledOrders { get; set; }

    public List<RegisterChange> Changes { get; set; } = [];
}
