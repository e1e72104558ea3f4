namespace Scheduler.Domain.Compliance;

/// <summary>
/// What one planning run decided. Every home passed in appears in exactly one list: booked, unbooked with a reason,
/// or escalated; except an overdue home whose allowed attempts have all failed, which is escalated and also booked (or
/// unbooked with the reason): the landlord keeps trying. Each list is in the order the homes were planned (deadline,
/// then home id).
/// </summary>
public sealed record GasBookingPlan(
    IReadOnlyList<GasBooking> Booked,
    IReadOnlyList<GasBookingProblem> Unbooked,
    IReadOnlyList<GasEscalation> Escalations);
