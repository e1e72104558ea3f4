using NodaTime;

namespace Scheduler.Domain.Planning;

/// <summary>
/// The difference between what config and register want over the horizon and what is stored: orders to
/// create, stored orders to cancel, and stored orders that already are what is wanted. Immutable.
/// </summary>
/// <param name="AsOf">Today for the plan: orders aimed before it are history and never change.</param>
/// <param name="HorizonEnd">Last target date planned (inclusive); follow-ups of visits in range may fall after it.</param>
/// <param name="Create">Wanted occurrences with no live stored order; parents come before their follow-ups.</param>
/// <param name="Cancel">Open stored orders that are no longer wanted as they are, each with its reason.</param>
/// <param name="Unchanged">Stored orders that already satisfy a wanted occurrence.</param>
public sealed record Plan(
    LocalDate AsOf,
    LocalDate HorizonEnd,
    IReadOnlyList<Occurrence> Create,
    IReadOnlyList<PlannedCancellation> Cancel,
    IReadOnlyList<StoredOrder> Unchanged)
{
    /// <summary>True when applying the plan would change nothing.</summary>
    public bool IsEmpty => Create.Count == 0 && Cancel.Count == 0;
}
