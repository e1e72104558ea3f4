using System.Globalization;
using NodaTime;
using Scheduler.Domain.Calendars;

namespace Scheduler.Domain.Compliance;

/// <summary>
/// The outcome of one gas safety check under the Gas Safety (Installation and Use) Regulations 1998,
/// reg. 36 and 36A (DOMAIN.md §1): when it counts from, the next deadline, and when the tenant's copy is due.
/// </summary>
/// <param name="Completed">The day the check was actually made.</param>
/// <param name="Effective">The day it counts as made: the previous deadline when done in the 2 months ending on it.</param>
/// <param name="NextDeadline">Effective date + 12 months (29 February + 12 months = 28 February).</param>
/// <param name="TenantCopyDue">Completed + 28 days: the tenant gets a copy of the record by then.</param>
public sealed record GasSafetyRecord(LocalDate Completed, LocalDate Effective, LocalDate NextDeadline, LocalDate TenantCopyDue)
{
    /// <summary>Days after a check within which the tenant must receive a copy of the record.</summary>
    public const int TenantCopyDays = 28;

    /// <summary>The statutory rule: at most 12 months between checks; a check in the 2 months before the deadline keeps the anniversary.</summary>
    public static FloatingRule Rule { get; } = new(Period.FromMonths(12), Period.FromMonths(2));

    /// <summary>
    /// The deadline a home with <b>no known gas check</b> is booked and its attempts recorded against (1 January of year 1):
    /// a home with no record has no real deadline, but it is overdue, its visit is booked as an overdue home's, and its
    /// attempts, letters and escalation must be kept together across its urgent orders, as an overdue home's are under
    /// its passed deadline. Earlier than every real deadline, so the planner treats it as overdue and books it first.
    /// Stored as it is in <c>gas_appointments.deadline</c> and <c>gas_escalations.deadline</c>; never shown (see
    /// <see cref="DescribeDeadline"/>). Once a check is recorded the home has a real deadline counted from it.
    /// </summary>
    public static LocalDate NoKnownCheck { get; } = new(1, 1, 1);

    /// <summary>The deadline a visit is booked against: <paramref name="deadline"/>, or <see cref="NoKnownCheck"/> when none is known.</summary>
    public static LocalDate BookingDeadline(LocalDate? deadline) => deadline ?? NoKnownCheck;

    /// <summary>"deadline 2027-02-10", or "no gas check known" for <see cref="NoKnownCheck"/>: for reasons and summaries.</summary>
    public static string DescribeDeadline(LocalDate deadline) =>
        deadline == NoKnownCheck ? "no gas check known" : string.Create(CultureInfo.InvariantCulture, $"deadline {deadline:uuuu-MM-dd}");

    /// <summary>
    /// Records a check completed on <paramref name="completed"/> against the current <paramref name="deadline"/>.
    /// There is no grace period: a check after the deadline counts from the day it was done, and the home was
    /// non-compliant from the day after the deadline until then.
    /// </summary>
    public static GasSafetyRecord Complete(LocalDate deadline, LocalDate completed)
    {
        var effective = Rule.EffectiveDate(deadline, completed);
        return new GasSafetyRecord(completed, effective, Rule.Deadline(effective), completed.PlusDays(TenantCopyDays));
    }
}
