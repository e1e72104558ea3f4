namespace Scheduler.Domain.Compliance;

/// <summary>
/// The regulator's measure BS01 on one day: the proportion of gas homes for which all required gas safety checks
/// have been carried out (remedial work not counted).
/// </summary>
/// <param name="WithInDateCheck">Gas homes whose current deadline is on or after the day measured.</param>
/// <param name="Total">All gas homes measured.</param>
/// <param name="HomesWithout">The ids of the other homes (deadline passed, or no check known), in ordinal id order.</param>
public sealed record Bs01Result(int WithInDateCheck, int Total, IReadOnlyList<string> HomesWithout)
{
    /// <summary>
    /// <see cref="WithInDateCheck"/> / <see cref="Total"/>, between 0 and 1; null when there are no gas homes
    /// (the measure does not apply, rather than 0% or 100%).
    /// </summary>
    public decimal? Proportion => Total == 0 ? null : (decimal)WithInDateCheck / Total;

    /// <summary>The proportion as a percentage rounded half away from zero to <paramref name="decimals"/> places; null when there are no gas homes.</summary>
    public decimal? Percentage(int decimals = 1) =>
        Proportion is { } p ? Math.Round(p * 100m, decimals, MidpointRounding.AwayFromZero) : null;
}
