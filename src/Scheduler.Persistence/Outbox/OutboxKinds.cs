namespace Scheduler.Persistence.Outbox;

/// <summary>The kinds of outbox message (the <c>kind</c> column).</summary>
public static class OutboxKinds
{
    /// <summary>A new work order for a contractor on <c>dispatch: per-order</c> (or a late order for a weekly one).</summary>
    public const string ContractorOrder = "contractor-order";

    /// <summary>A weekly contractor's programme for the following week.</summary>
    public const string ContractorProgramme = "contractor-programme";

    /// <summary>A cancelled order the contractor had been sent.</summary>
    public const string ContractorCancellation = "contractor-cancellation";

    /// <summary>A letter to a tenant (appointment, rearranged appointment, programme entry); facts in the payload.</summary>
    public const string TenantLetter = "tenant-letter";

    /// <summary>A case escalated to a manager (e.g. gas safety after three no-access visits), with its evidence.</summary>
    public const string ManagerEscalation = "manager-escalation";

    /// <summary>The daily manager digest (alerts, overdue work).</summary>
    public const string ManagerDigest = "manager-digest";

    /// <summary>Every kind.</summary>
    public static IReadOnlyList<string> All { get; } =
        [ContractorOrder, ContractorProgramme, ContractorCancellation, TenantLetter, ManagerEscalation, ManagerDigest];
}
