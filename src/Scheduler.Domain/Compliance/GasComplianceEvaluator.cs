using NodaTime;

namespace Scheduler.Domain.Compliance;

/// <summary>
/// Works out a gas home's <see cref="GasComplianceStatus"/> on a given day. Pure: everything it needs is passed in.
/// </summary>
/// <remarks>
/// The rules, most serious first:
/// <list type="number">
/// <item><b>Overdue</b> when there is no known check (<c>deadline</c> is null) or <c>asOf</c> is after the deadline.
/// A check is in date up to and including its deadline day; there is no grace period (DOMAIN.md §1).</item>
/// <item><b>NoAccess</b> when the latest attempt against the current deadline failed.</item>
/// <item><b>Compliant</b> when an appointment is booked on a day from <c>asOf</c> to the day before the deadline.</item>
/// <item><b>Due</b> when the deadline is <c>dueSoon</c> or less away (from <c>deadline − dueSoon</c>, inclusive).</item>
/// <item>Otherwise <b>Compliant</b>.</item>
/// </list>
/// Cautious readings taken: an appointment on the deadline day itself, or one already past with nothing reported,
/// does not count as booked (a failed visit on the deadline day leaves no time to try again), so the home shows as
/// Due and reaches the manager's alerts.
/// </remarks>
public static class GasComplianceEvaluator
{
    /// <summary>The default due-soon threshold: the 2-month early window of reg. 36A.</summary>
    public static Period DefaultDueSoon => GasSafetyRecord.Rule.EarlyWindow;

    /// <summary>Evaluates a home's status on <paramref name="asOf"/>.</summary>
    /// <param name="deadline">The current deadline (effective date of the last check + 12 months); null when no check is known.</param>
    /// <param name="asOf">The day the status is for.</param>
    /// <param name="appointment">The date of the booked appointment not yet reported on, or null when none is booked.</param>
    /// <param name="latestOutcome">
    /// The outcome of the latest attempt against the current deadline, or null when none has been made. Only
    /// <see cref="AccessOutcome.NoAccess"/> changes the answer: a completed check moves the deadline, so the caller
    /// passes the new deadline and no outcome.
    /// </param>
    /// <param name="dueSoon">How close the deadline must be for the home to be Due (e.g. 2 months, 30 days); positive.</param>
    public static GasComplianceStatus Evaluate(
        LocalDate? deadline, LocalDate asOf, LocalDate? appointment, AccessOutcome? latestOutcome, Period dueSoon)
    {
        ArgumentNullException.ThrowIfNull(dueSoon);
        if (asOf.Plus(dueSoon) <= asOf)
        {
            throw new ArgumentOutOfRangeException(nameof(dueSoon), dueSoon, "dueSoon must be positive.");
        }

        if (deadline is not { } due || asOf > due)
        {
            return GasComplianceStatus.Overdue;
        }

        if (latestOutcome == AccessOutcome.NoAccess)
        {
            return GasComplianceStatus.NoAccess;
        }

        if (appointment is { } visit && visit >= asOf && visit < due)
        {
            return GasComplianceStatus.Compliant;
        }

        return asOf >= due.Minus(dueSoon) ? GasComplianceStatus.Due : GasComplianceStatus.Compliant;
    }
}
