namespace Scheduler.Domain.Configuration;

/// <summary>
/// An explicit, recorded decision to allow nesting-sensitive work in some months of the nesting season
/// (config: <c>nestingSeason: { allow: [Aug], reason: summer cut only after a recorded nest check }</c>).
/// </summary>
public sealed record NestingSeasonOverride(IReadOnlyList<int> AllowMonths, string Reason)
{
    /// <summary>Where the override was written in config.</summary>
    public SourceLocation Origin { get; init; }
}
