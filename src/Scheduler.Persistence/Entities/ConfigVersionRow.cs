using NodaTime;

namespace Scheduler.Persistence.Entities;

/// <summary>A row of <c>config_versions</c>: a configuration (by its content hash) that created or changed work orders.</summary>
public sealed class ConfigVersionRow
{
    /// <summary>The <c>EstateConfiguration.Version</c> hash.</summary>
    public required string Id { get; set; }

    /// <summary>When a plan made with this configuration was first applied.</summary>
    public Instant FirstAppliedAt { get; set; }
}
