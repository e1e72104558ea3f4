using NodaTime;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Reports;

/// <summary>
/// One stored work order as the yearly report reads it (the columns of <c>work_orders</c>), with the area of its asset
/// from the register (<see cref="AreaId"/>: null when the asset is not in the register) and, for a block, its register
/// <c>cleaning</c> column (<see cref="BlockCleaning"/>: weekly, fortnightly, monthly, none; null otherwise).
/// </summary>
public sealed record ReportOrder(
    string Reference,
    string ScheduleId,
    string Service,
    string AssetId,
    string AssetKind,
    string? AreaId,
    string? BlockCleaning,
    string? ContractorId,
    LocalDate WindowStart,
    LocalDate WindowEnd,
    LocalDate TargetDate,
    WorkOrderStatus Status,
    LocalDate? CompletedOn,
    Instant? CompletedAt,
    LocalDate? Deadline,
    string? SlaCategory,
    Instant? ReportedAt,
    Instant? SlaDueAt)
{
    /// <summary>
    /// True for a follow-up of another visit (the path sweep after a grass cut: <c>parent_id</c> set), which may be done
    /// before its window's first day, on its visit's own day (docs/feedback.md).
    /// </summary>
    public bool IsFollowUp { get; init; }

    /// <summary>True for a reactive repair timed by an SLA clock (category, report and deadline all stored).</summary>
    public bool IsRepair => SlaCategory is not null && ReportedAt is not null && SlaDueAt is not null;
}
