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
