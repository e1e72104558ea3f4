using NodaTime;

namespace Scheduler.Persistence.Entities;

/// <summary>A row of <c>tenants</c>: who lives in a home and how they want letters (channel, large print, language).</summary>
public sealed class TenantRow
{
    public required string Id { get; set; }

    public required string HomeId { get; set; }

    public required string Name { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>email or post.</summary>
    public required string Channel { get; set; }

    public bool LargePrint { get; set; }

    /// <summary>A language tag such as en, pl or ur.</summary>
    public required string Language { get; set; }

    /// <summary>False once the latest import no longer lists the tenant.</summary>
    public bool Active { get; set; } = true;

    /// <summary>When an import last added or changed the row.</summary>
    public Instant UpdatedAt { get; set; }
}
