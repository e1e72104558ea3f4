using NodaTime;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// Which orders a weekly contractor's programme of the week starting <see cref="Monday"/> carries (since branch
/// <c>prog29</c>): an order is in the programme of the week of its window's <b>first working day</b>, or of its target
/// date's week when that is earlier (it never is for an order aimed at a working day of its window). So an order whose
/// window opens weeks before its target — the summer hedge cut, window 1–31 August, aimed at Tuesday 31 August — reaches
/// the contractor the Thursday before its window's first working day (29 July), not the Thursday before its target's
/// week (26 August, two working days before the window closed). An order aimed in the week its window opens, as almost
/// every order is, is in the same programme as before. Each order is in exactly one week's programme, by its window
/// start and target date, which never change.
/// </summary>
/// <remarks>
/// An order's window start maps to its first working day's week by whole ranges of dates, so the rule is two date
/// bounds on <c>window_start</c> beside the target date's: <see cref="OpensFrom"/> … <see cref="OpensThrough"/>, the
/// window starts whose first working day is in this week (the day after the last working day before the week, to the
/// week's last working day; empty, <see cref="OpensFrom"/> after <see cref="OpensThrough"/>, for a week without one).
/// </remarks>
/// <param name="Monday">The programme's week starts on this Monday and ends on the Sunday six days later.</param>
/// <param name="OpensFrom">The first window start whose first working day is in the week.</param>
/// <param name="OpensThrough">The last window start whose first working day is in the week (or before it).</param>
public readonly record struct ProgrammeWeek(LocalDate Monday, LocalDate OpensFrom, LocalDate OpensThrough)
{
    /// <summary>The week's Sunday, its last day (inclusive).</summary>
    public LocalDate Sunday => Monday.PlusDays(6);

    /// <summary>The programme week starting <paramref name="monday"/>, by <paramref name="calendar"/>'s working days.</summary>
    /// <exception cref="ArgumentException"><paramref name="monday"/> is not a Monday.</exception>
    public static ProgrammeWeek Of(LocalDate monday, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (monday.DayOfWeek != IsoDayOfWeek.Monday)
        {
            throw new ArgumentException($"{monday:uuuu-MM-dd} is not a Monday.", nameof(monday));
        }

        return new ProgrammeWeek(monday, calendar.PreviousWorkingDay(monday).PlusDays(1), OpensBy(monday.PlusDays(6), calendar));
    }

    /// <summary>
    /// The last window start whose first working day is on or before <paramref name="day"/>: the last working day on or
    /// before it. An order whose window starts on or before it is listed by a programme of a week ending by
    /// <paramref name="day"/> (its target is later, or as early).
    /// </summary>
    public static LocalDate OpensBy(LocalDate day, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.IsWorkingDay(day) ? day : calendar.PreviousWorkingDay(day);
    }

    /// <summary>
    /// The Monday of the week whose programme carries an order with this window start and target date (the rule above),
    /// as the statements choose it.
    /// </summary>
    public static LocalDate ListingMonday(LocalDate windowStart, LocalDate targetDate, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var opens = calendar.OnOrAfter(windowStart);
        var first = opens < targetDate ? opens : targetDate;
        return first.PlusDays(-((int)first.DayOfWeek - 1));
    }
}
