using NodaTime;

namespace Scheduler.Domain.Planning;

/// <summary>
/// What the planner needs to know about a work order already stored: its natural key (the
/// <see cref="Occurrence.Key"/> it was created for), what it is for, when, its status and contractor.
/// </summary>
/// <param name="Reference">The stable human reference, e.g. <c>WO-2027-000123</c>.</param>
/// <param name="Key">The occurrence key: schedule, asset, window start and service.</param>
/// <param name="ScheduleId">The schedule that created it (for a follow-up, the parent's schedule).</param>
/// <param name="Service">The service, e.g. <c>grass-cut</c> or <c>path-sweep</c>.</param>
/// <param name="AssetId">The site, block or home id.</param>
/// <param name="Window">The service window; inclusive at both ends.</param>
/// <param name="TargetDate">The working day the visit is aimed at.</param>
/// <param name="Status">Where the order is in its life.</param>
/// <param name="ContractorId">The contractor it is (or will be) sent to; null when none was resolved.</param>
/// <param name="ParentKey">For a follow-up, the occurrence key of the order it follows; otherwise null.</param>
/// <param name="ParentTargetDate">For a follow-up, the target date of the order it follows (a follow-up of a visit aimed before as-of is history); otherwise null.</param>
public sealed record StoredOrder(
    string Reference,
    string Key,
    string ScheduleId,
    string Service,
    string AssetId,
    ServiceWindow Window,
    LocalDate TargetDate,
    WorkOrderStatus Status,
    string? ContractorId,
    string? ParentKey = null,
    LocalDate? ParentTargetDate = null)
{
    /// <summary>True for a follow-up (it has a parent).</summary>
    public bool IsFollowUp => ParentKey is not null || ParentTargetDate is not null;
}
