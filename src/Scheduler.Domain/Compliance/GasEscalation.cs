using NodaTime;

namespace Scheduler.Domain.Compliance;

/// <summary>
/// A home where every allowed attempt failed: the compliance manager is told, with the evidence (a
/// <see cref="LetterKind.Escalation"/>), and the home is flagged. The attempts are the landlord's record of the reasonable steps it took.
/// </summary>
/// <param name="HomeId">The home's register id.</param>
/// <param name="AreaId">The home's area.</param>
/// <param name="Deadline">The current deadline.</param>
/// <param name="Date">The day the escalation was decided (the planner's as-of date).</param>
/// <param name="Evidence">Every attempt against the deadline, in order: dates, slots, letters and outcomes.</param>
/// <param name="Reason">A summary such as "3 attempts, no access on 2026-12-14 AM, 2026-12-21 PM, 2027-01-04 AM".</param>
public sealed record GasEscalation(string HomeId, string AreaId, LocalDate Deadline, LocalDate Date, IReadOnlyList<AccessAttempt> Evidence, string Reason);
