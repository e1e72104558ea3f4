using NodaTime;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Entities;

/// <summary>
/// A row of <c>work_order_events</c>: a stored change to a work order — what (<see cref="Kind"/>, from and to status),
/// when, why, and under which config version. The whole audit trail, creation included, is the view
/// <c>work_order_history</c> (migration <c>WorkOrderHistory</c>): these rows, plus for every order with no stored
/// <c>created</c> row a <c>created</c> event made from the order itself (id null; at its <c>created_at</c>, no
/// from-status, to <c>planned</c>, reason <c>schedule {id}</c> or <c>follow-up of {parent reference}</c>, its
/// <c>config_version</c>). Apply creates orders that way and stores no <c>created</c> row; orders created before that
/// migration keep the row they had, and a repair raised from a defect stores one (reason
/// <c>defect ({category}) reported on {reference}</c>). Read an order's history from the view, ordered by
/// <c>at</c> then <c>id</c> (nulls first): the creation comes first.
/// </summary>
public sealed class WorkOrderEvent
{
    public long Id { get; set; }

    public long WorkOrderId { get; set; }

    public Instant At { get; set; }

    /// <summary>What happened, e.g. <c>created</c>, <c>cancelled</c>, <c>issued</c>, <c>completed</c>.</summary>
    public required string Kind { get; set; }

    public WorkOrderStatus? FromStatus { get; set; }

    public WorkOrderStatus ToStatus { get; set; }

    /// <summary>Why, in words a manager can read.</summary>
    public string? Reason { get; set; }

    /// <summary>The config version in force when the change was made, when config made it.</summary>
    public string? ConfigVersion { get; set; }

    /// <summary>
    /// For a contractor's report (kind <c>completed</c> or <c>no-access</c>), where it came from: <c>cli</c>,
    /// <c>link</c>, <c>api</c> or <c>csv</c>; null for other events.
    /// </summary>
    public string? Source { get; set; }

    /// <summary>For a contractor's report, what was reported: <c>done</c>, <c>no-access</c> or <c>defect</c>; null otherwise.</summary>
    public string? Outcome { get; set; }

    /// <summary>
    /// For a contractor's report, the visit date it gave (the organisation's zone); null otherwise, and on reports recorded before
    /// migration <c>ReportVisitDates</c>. It stays when the order moves on (a gas no-access visit is rebooked and the
    /// order's <c>completed_on</c> cleared), so the same report sent again is known as a duplicate.
    /// </summary>
    public LocalDate? VisitOn { get; set; }

    /// <summary>For a contractor's report, the contractor that made it; null otherwise.</summary>
    public string? ContractorId { get; set; }

    /// <summary>For a contractor's report, the defect category (an SLA id such as <c>repairs-routine</c>); null otherwise.</summary>
    public string? DefectCategory { get; set; }

    /// <summary>For a contractor's report, the contractor's free-text note. Stored for the audit trail; never logged.</summary>
    public string? Note { get; set; }
}
