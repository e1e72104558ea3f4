using NodaTime;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// What the last successful apply covered, recorded in its transaction (<c>generation_watermark</c>): the nightly
/// generation applies incrementally from it (<see cref="WorkOrderGeneration.GenerateAsync"/>).
/// </summary>
/// <param name="AsOf">The as-of date it applied for.</param>
/// <param name="HorizonEnd">The last target date it planned (inclusive).</param>
/// <param name="FullAsOf">The as-of date of the last full apply (this one's, when it was full).</param>
/// <param name="ConfigVersion">The configuration it applied (<c>EstateConfiguration.Version</c>).</param>
/// <param name="RegisterVersion">The register version it read (<c>register_version</c>, raised by every register write).</param>
public sealed record GenerationWatermark(LocalDate AsOf, LocalDate HorizonEnd, LocalDate FullAsOf, string ConfigVersion, long RegisterVersion);

/// <summary>
/// How a generation ran: incremental (only what can have changed since the watermark) or full, and why.
/// </summary>
/// <param name="Incremental">True when only the new days and the changed assets were compared.</param>
/// <param name="Reason">
/// For a full apply, why (<see cref="GenerationScopes"/>: <c>requested</c>, <c>no-watermark</c>, <c>config-changed</c>,
/// <c>register-changed</c>, <c>as-of-not-later</c> …); <c>incremental</c> otherwise.
/// </param>
/// <param name="AssetsReplanned">Incremental only: assets whose whole horizon was compared (changed orders, floating visits).</param>
/// <param name="NewDays">Incremental only: days added to the end of the horizon since the watermark.</param>
public sealed record GenerationScope(bool Incremental, string Reason, int AssetsReplanned, int NewDays)
{
    /// <summary>A full apply for <paramref name="reason"/>.</summary>
    public static GenerationScope Full(string reason) => new(false, reason, 0, 0);
}

/// <summary>The reasons <see cref="GenerationScope.Reason"/> gives.</summary>
public static class GenerationScopes
{
    /// <summary>Incremental.</summary>
    public const string Incremental = "incremental";

    /// <summary>A full comparison was asked for (<c>plan</c>, <c>apply</c>).</summary>
    public const string Requested = "requested";

    /// <summary>No apply has recorded a watermark yet.</summary>
    public const string NoWatermark = "no-watermark";

    /// <summary>The configuration is not the one last applied.</summary>
    public const string ConfigChanged = "config-changed";

    /// <summary>The register was written (an import) since the last apply.</summary>
    public const string RegisterChanged = "register-changed";

    /// <summary>As-of is before the last apply's (moved back).</summary>
    public const string AsOfMovedBack = "as-of-moved-back";

    /// <summary>As-of is more than <see cref="WorkOrderGeneration.MaxIncrementalDays"/> days after the last apply's.</summary>
    public const string Gap = "gap";

    /// <summary>The last full apply is <see cref="WorkOrderGeneration.FullEveryDays"/> or more days old.</summary>
    public const string Weekly = "weekly";

    /// <summary>The horizon would end before the last apply's (a shorter horizon in the same config cannot happen; kept safe).</summary>
    public const string HorizonShrank = "horizon-shrank";
}
