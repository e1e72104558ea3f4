using NodaTime;

namespace Scheduler.Worker.Synth;

/// <summary>
/// The shape of a synthetic estate. By default the counts follow a large landlord's proportions: one site per 100
/// homes, one block per 20 homes and one area per 10,000 homes (at least 3 areas, 6 sites and 12 blocks), so 300,000
/// homes give 30 areas, 3,000 sites and 15,000 blocks.
/// </summary>
/// <param name="Homes">How many homes (at least 1).</param>
/// <param name="Seed">The generator's seed: the same seed and options give the same files, byte for byte.</param>
/// <param name="AsOf">The local date (the organisation's zone) the estate is "as of": gas checks fall in the 12 months before it (a few are overdue).</param>
internal sealed record SyntheticEstateOptions(int Homes, int Seed, LocalDate AsOf)
{
    /// <summary>Areas (regions a contractor covers).</summary>
    public int Areas { get; init; } = Math.Max(3, Homes / 10_000);

    /// <summary>Sites (estates with grounds).</summary>
    public int Sites { get; init; } = Math.Max(6, Homes / 100);

    /// <summary>Blocks (buildings with communal areas to clean).</summary>
    public int Blocks { get; init; } = Math.Max(12, Homes / 20);

    /// <summary>How many neighbouring areas one contractor of a trade covers.</summary>
    public int AreasPerContractor { get; init; } = 5;
}
