using NodaTime;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Entities;

/// <summary>
/// A row of <c>work_orders</c>. <see cref="OccurrenceKey"/> is unique among orders that are not cancelled, so
/// each occurrence is created once however often or wherever generation runs; a cancelled order keeps its key
/// and a replacement gets a new row and a new <see cref="Reference"/>. Orders are never deleted.
/// </summary>
public sealed class WorkOrder
{
    public long Id { get; set; }

    /// <summary>Stable human reference, <c>WO-{target year}-{number}</c>, e.g. <c>WO-2027-000123</c>.</summary>
    public required string Reference { get; set; }

    public required string ScheduleId { get; set; }

    public required string Service { get; set; }

    public required string AssetId { get; set; }

    /// <summary>site, block or property.</summary>
    public required string AssetKind { get; set; }

    /// <summary>First day of the window (inclusive).</summary>
    public LocalDate WindowStart { get; set; }

    /// <summary>Last day of the window (inclusive).</summary>
    public LocalDate WindowEnd { get; set; }

    public LocalDate TargetDate { get; set; }

    /// <summary>Stored as text: planned, issued, appointed, completed, no-access, cancelled.</summary>
    public WorkOrderStatus Status { get; set; } = WorkOrderStatus.Planned;

    public string? ContractorId { get; set; }

    /// <summary>For a follow-up, the order it follows.</summary>
    public long? ParentId { get; set; }

    public WorkOrder? Parent { get; set; }

    /// <summary>The occurrence key: schedule/asset/window start/service.</summary>
    public required string OccurrenceKey { get; set; }

    /// <summary>The config version that created the order.</summary>
    public required string ConfigVersion { get; set; }

    public Instant CreatedAt { get; set; }

    /// <summary>Why the order was cancelled (<c>code: detail</c>); null unless cancelled.</summary>
    public string? CancelledReason { get; set; }

    /// <summary>The day the work was done; null unless completed.</summary>
    public LocalDate? CompletedOn { get; set; }

    /// <summary>
    /// For a floating schedule (gas safety), the statutory deadline the visit was booked for: the day after
    /// <see cref="WindowEnd"/> for an on-time booking, the missed deadline for an overdue one; null when none is known
    /// (never checked, a fixed schedule, or an order stored before the column existed). A completion on or after the
    /// early window's start and on or before this date counts as made on it (reg. 36A), so the anniversary is kept.
    /// </summary>
    public LocalDate? Deadline { get; set; }

    /// <summary>
    /// When the work was reported done (or the no-access visit made), as an instant; null until then. Hour-based SLA
    /// clocks (emergency repairs, gas heating attendance) are measured against this; <see cref="CompletedOn"/> is the
    /// local date (the organisation's zone) of the same moment, used by the calendars.
    /// </summary>
    public Instant? CompletedAt { get; set; }

    /// <summary>
    /// For a reactive order (a repair raised from a defect), the SLA category id (see
    /// <c>Scheduler.Domain.Sla.SlaIds</c>), e.g. <c>repairs-emergency</c>; null for planned, calendar-driven work.
    /// </summary>
    public string? SlaCategory { get; set; }

    /// <summary>For a reactive order, the moment its SLA clock started (the defect was reported); null otherwise.</summary>
    public Instant? ReportedAt { get; set; }

    /// <summary>For a reactive order, the moment its SLA target falls due; null otherwise.</summary>
    public Instant? SlaDueAt { get; set; }

    /// <summary>
    /// For a repair raised from a defect, the contractor's report that raised it (<c>work_order_events.id</c>: the
    /// visited order's defect report, whose note is the defect's description the repair's notice gives). Set when the
    /// repair is raised, in the report's transaction; filled by migration <c>RaisedByEvent</c> for the repairs raised
    /// before it where their parent's trail holds a defect report of the repair's category, else null (the dispatcher
    /// then reads the parent's latest defect report, as before). Null for calendar work. Not a foreign key (no lookup per
    /// inserted repair, and the trail's rows are never deleted).
    /// </summary>
    public long? RaisedByEventId { get; set; }

    /// <summary>Concurrency token: PostgreSQL's <c>xmin</c> system column.</summary>
    public uint Version { get; set; }
}
