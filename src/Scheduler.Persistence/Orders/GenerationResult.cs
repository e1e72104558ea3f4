using NodaTime;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// What <c>plan</c> would do or <c>apply</c> did. For <c>plan</c> (<see cref="Applied"/> false) the creations have
/// no references yet and <see cref="CancelledReferences"/> lists what would be cancelled; for <c>apply</c> both lists
/// are the rows actually written.
/// </summary>
/// <param name="Plan">The plan computed inside the transaction.</param>
/// <param name="Applied">True when the plan was written.</param>
/// <param name="CreatedReferences">References of the orders created (apply), in creation order; empty for plan.</param>
/// <param name="CancelledReferences">References cancelled (apply) or to be cancelled (plan).</param>
/// <param name="Timings">Where the time went: reading the register and stored orders, expanding and comparing, writing.</param>
public sealed record GenerationResult(
    Plan Plan,
    bool Applied,
    IReadOnlyList<string> CreatedReferences,
    IReadOnlyList<string> CancelledReferences,
    GenerationTimings Timings)
{
    /// <summary>
    /// Whether the compare was incremental (<see cref="WorkOrderGeneration.GenerateAsync"/> only) or full, and why full.
    /// <c>plan</c> and <c>apply</c> are always full (<see cref="GenerationScopes.Requested"/>).
    /// </summary>
    public GenerationScope Scope { get; init; } = GenerationScope.Full(GenerationScopes.Requested);

    /// <summary>
    /// False when this run did not read the register from the database: it used the one kept between nights
    /// (<see cref="PlanningRegisterCache"/>), or an incremental night found nothing to compare.
    /// </summary>
    public bool ReadRegister { get; init; } = true;

    /// <summary>
    /// For an apply, the day on which the nightly generation (<see cref="WorkOrderGeneration.GenerateAsync"/>) compares in
    /// full at the latest: the as-of of the last full apply (this one's, when it was full) plus
    /// <see cref="WorkOrderGeneration.FullEveryDays"/>, the weekly full compare (a night is full sooner when config or
    /// the register change). Null for a plan.
    /// </summary>
    public LocalDate? FullDueOn { get; init; }

    /// <summary>Orders created (apply) or to create (plan).</summary>
    public int CreateCount => Applied ? CreatedReferences.Count : Plan.Create.Count;

    /// <summary>Orders cancelled (apply) or to cancel (plan).</summary>
    public int CancelCount => CancelledReferences.Count;

    /// <summary>Stored orders that already are what is wanted.</summary>
    public int UnchangedCount => Plan.Unchanged.Count;

    /// <summary>References of the unchanged orders.</summary>
    public IEnumerable<string> UnchangedReferences => Plan.Unchanged.Select(o => o.Reference);
}

/// <summary>
/// Wall-clock time of each phase of a plan or apply (write is zero for a plan). An apply may write its leading
/// creations while it compares (they count in <see cref="Compare"/>); <see cref="Write"/> is what follows the compare.
/// </summary>
public sealed record GenerationTimings(TimeSpan Read, TimeSpan Compare, TimeSpan Write);
