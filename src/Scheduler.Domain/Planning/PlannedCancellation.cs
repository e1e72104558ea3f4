namespace Scheduler.Domain.Planning;

/// <summary>A stored order the plan cancels, why (<see cref="Reason"/>) and a sentence a manager can read (<see cref="Detail"/>).</summary>
public sealed record PlannedCancellation(StoredOrder Order, CancellationReason Reason, string Detail)
{
    /// <summary>The text recorded on the order and in its audit row: <c>code: detail</c>.</summary>
    public string RecordedReason => $"{Reason.ToCode()}: {Detail}";
}
