namespace Scheduler.Persistence.Entities;

/// <summary>A row of <c>register_changes</c>: one register row an import added, changed, deactivated or reactivated.</summary>
public sealed class RegisterChange
{
    public long Id { get; set; }

    public long ImportRunId { get; set; }

    /// <summary>area, site, block, home or tenant.</summary>
    public required string Entity { get; set; }

    public required string EntityId { get; set; }

    /// <summary>added, updated, deactivated or reactivated.</summary>
    public required string Change { get; set; }

    /// <summary>For an update, the columns that changed (comma-separated); otherwise null.</summary>
    public string? Fields { get; set; }
}
