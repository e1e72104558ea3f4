using NodaTime;

namespace Scheduler.Domain.Calendars;

/// <summary>
/// A floating schedule: the next visit is due <see cref="After"/> the effective date of the last one, and may
/// be done in the <see cref="EarlyWindow"/> before that deadline without moving the anniversary
/// (config: <c>{ after: 12 months, earlyWindow: 2 months }</c>, the gas safety rule of reg. 36A, DOMAIN.md §1).
/// <para>
/// The service window runs from <c>deadline − EarlyWindow + 1 day</c> to <c>deadline − 1 day</c>: the visit is
/// booked to finish <i>before</i> the deadline day itself, the cautious reading of "not more than 12 months".
/// </para>
/// </summary>
public sealed record FloatingRule : RecurrenceRule
{
    /// <summary>The register column that holds each asset's last effective check date (see <see cref="CountsFrom"/>).</summary>
    public const string DefaultLastDoneColumn = "last_gas_check";

    // After and EarlyWindow in months when that is all they hold (the shipped 12 and 2 months), for speed.
    private readonly int? _afterMonths;
    private readonly int? _earlyWindowMonths;

    /// <summary>Creates the rule; both periods must be positive and the early window shorter than the interval.</summary>
    public FloatingRule(Period after, Period earlyWindow, string lastDoneColumn = DefaultLastDoneColumn)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(earlyWindow);
        Check.NotEmpty(lastDoneColumn, nameof(lastDoneColumn));
        var probe = new LocalDate(2001, 1, 1);
        if (probe.Plus(after) <= probe || probe.Plus(earlyWindow) <= probe)
        {
            throw new ArgumentOutOfRangeException(nameof(after), "after and earlyWindow must both be positive.");
        }

        if (probe.Plus(earlyWindow) >= probe.Plus(after))
        {
            throw new ArgumentOutOfRangeException(nameof(earlyWindow), "earlyWindow must be shorter than the interval (after).");
        }

        After = after;
        EarlyWindow = earlyWindow;
        LastDoneColumn = lastDoneColumn;
        _afterMonths = MonthsOnly(after);
        _earlyWindowMonths = MonthsOnly(earlyWindow);
    }

    /// <summary>Interval between visits, counted from the effective date of the last one.</summary>
    public Period After { get; }

    /// <summary>How long before the deadline a visit still keeps the anniversary.</summary>
    public Period EarlyWindow { get; }

    /// <summary>
    /// The register column holding each asset's last effective date (the shipped gas schedule's <c>last_gas_check</c>):
    /// counted from when it is later than the last completion stored, or nothing is stored (<see cref="CountsFrom"/>).
    /// </summary>
    public string LastDoneColumn { get; }

    /// <summary>
    /// The date the next deadline counts from: the later of <paramref name="completed"/> (the effective date of the last
    /// completion stored, if any) and <paramref name="registered"/> (the register's <see cref="LastDoneColumn"/>, if any).
    /// The register holds an effective date already (reg. 36A applied by whoever recorded it), so a check made outside
    /// the system and imported counts as soon as it is later than what the system recorded; an older register date
    /// (the one the first order counted from) changes nothing. Null when neither is known.
    /// </summary>
    public static LocalDate? CountsFrom(LocalDate? completed, LocalDate? registered) =>
        completed is { } c && registered is { } r ? LocalDate.Max(c, r) : completed ?? registered;

    /// <summary>The deadline after a visit effective on <paramref name="effective"/> (29 Feb + 12 months = 28 Feb).</summary>
    public LocalDate Deadline(LocalDate effective) =>
        _afterMonths is { } months ? effective.PlusMonths(months) : effective.Plus(After);

    /// <summary>
    /// True when a check effective on <paramref name="effective"/> (a completion's reg. 36A effective date, or the
    /// register's <see cref="LastDoneColumn"/>, an effective date already) is the check due by <paramref name="deadline"/>,
    /// or a later one: when it is later than the check that deadline counted from (<c>deadline − After</c>), so that the
    /// deadline it gives is later than <paramref name="deadline"/>. The order for <paramref name="deadline"/> is then done
    /// with, whenever the check was made: inside its window, after it, or before it opened (a check made two weeks before
    /// the window counts from its own day, reg. 36A, and moves the next deadline to 12 months after it). Said as
    /// "the deadline it gives is later" rather than "it is after deadline − After" so that the two dates a month-end
    /// clamps together count as one (29 Feb 2028 and 28 Feb 2028 both give 28 Feb 2029): a check on either is the check
    /// that deadline counted from, not its check. The SQL of the booking states the same thing:
    /// <c>effective + after &gt; deadline</c> (PostgreSQL's date + interval clamps to the month's end as
    /// <see cref="LocalDate.PlusMonths"/> does).
    /// </summary>
    public bool Covers(LocalDate deadline, LocalDate effective) => Deadline(effective) > deadline;

    /// <summary>The first day of the early window before <paramref name="deadline"/> (deadline − early window + 1 day).</summary>
    public LocalDate EarlyWindowStart(LocalDate deadline) =>
        (_earlyWindowMonths is { } months ? deadline.PlusMonths(-months) : deadline.Minus(EarlyWindow)).PlusDays(1);

    /// <summary>
    /// The window a visit is booked in for <paramref name="deadline"/>: the early window, less the deadline day.
    /// </summary>
    public ServiceWindow BookingWindow(LocalDate deadline) => new(EarlyWindowStart(deadline), deadline.PlusDays(-1));

    /// <summary>
    /// The date a visit completed on <paramref name="completed"/> counts from, per reg. 36A: inside the early
    /// window (start to deadline inclusive) it counts as made on the deadline; earlier or later, it counts
    /// from the day it was done.
    /// </summary>
    public LocalDate EffectiveDate(LocalDate deadline, LocalDate completed) =>
        completed >= EarlyWindowStart(deadline) && completed <= deadline ? deadline : completed;

    /// <summary>
    /// The months of a period that has only months (no years, weeks, days or time), else null. Adding such a
    /// period is adding its months, which <see cref="LocalDate.PlusMonths"/> does without the general
    /// <see cref="LocalDate.Plus(Period)"/> path (the gas projection does this twice per home).
    /// </summary>
    private static int? MonthsOnly(Period period) =>
        period is { Years: 0, Weeks: 0, Days: 0, HasTimeComponent: false } ? period.Months : null;
}
