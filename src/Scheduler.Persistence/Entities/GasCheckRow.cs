using NodaTime;

namespace Scheduler.Persistence.Entities;

/// <summary>
/// A row of <c>gas_checks</c>: one gas safety check made in a home (done, or done with a defect found), with the
/// dates reg. 36A gives it. Written by the gas completion effect in the completion's transaction, one per order.
/// The latest row of a home agrees with what generation counts from (the order's <c>completed_on</c> and
/// <c>deadline</c>, <c>FloatingHistory</c>): both apply the schedule's floating rule to the same two dates.
/// </summary>
public sealed class GasCheckRow
{
    public long Id { get; set; }

    public required string HomeId { get; set; }

    /// <summary>The order the check was made under.</summary>
    public long WorkOrderId { get; set; }

    public required string ScheduleId { get; set; }

    /// <summary>The deadline the check was made against (the order's <c>deadline</c>); null when none was known.</summary>
    public LocalDate? PreviousDeadline { get; set; }

    /// <summary>The day the check was actually made.</summary>
    public LocalDate CompletedOn { get; set; }

    /// <summary>The day it counts as made (reg. 36A): the previous deadline when done in the 2 months ending on it.</summary>
    public LocalDate EffectiveOn { get; set; }

    /// <summary>Effective date + 12 months: the home's new deadline.</summary>
    public LocalDate NextDeadline { get; set; }

    /// <summary><c>done</c> or <c>defect</c> (a check made with a defect found; the repair is tracked elsewhere).</summary>
    public required string Outcome { get; set; }

    /// <summary>Completed + 28 days: the tenant must have a copy of the record by then (inclusive).</summary>
    public LocalDate TenantCopyDue { get; set; }

    /// <summary>The day the tenant's copy was sent; null until then.</summary>
    public LocalDate? TenantCopySentOn { get; set; }

    public Instant RecordedAt { get; set; }
}
