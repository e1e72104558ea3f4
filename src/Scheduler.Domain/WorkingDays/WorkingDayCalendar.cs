using NodaTime;

namespace Scheduler.Domain.WorkingDays;

/// <summary>
/// Working days for one bank-holiday region: Monday to Friday, less that region's bank holidays.
/// Immutable and thread-safe. All operations take and return <see cref="LocalDate"/>s in the
/// landlord's own calendar (Europe/London), so clock changes never move a date.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly HashSet<LocalDate> _holidays;

    /// <summary>Creates a calendar from the bank holidays of one region.</summary>
    public WorkingDayCalendar(BankHolidayRegion region, IEnumerable<BankHoliday> holidays)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        Region = region;
        _holidays = holidays.Select(h => h.Date).ToHashSet();
    }

    /// <summary>The region whose bank holidays this calendar skips.</summary>
    public BankHolidayRegion Region { get; }

    /// <summary>True for Monday–Friday dates that are not bank holidays.</summary>
    public bool IsWorkingDay(LocalDate date) =>
        date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) && !_holidays.Contains(date);

    /// <summary>True when <paramref name="date"/> is a bank holiday in <see cref="Region"/>.</summary>
    public bool IsBankHoliday(LocalDate date) => _holidays.Contains(date);

    /// <summary>The first working day strictly after <paramref name="date"/>.</summary>
    public LocalDate NextWorkingDay(LocalDate date)
    {
        var d = date.PlusDays(1);
        while (!IsWorkingDay(d))
        {
            d = d.PlusDays(1);
        }

        return d;
    }

    /// <summary>The last working day strictly before <paramref name="date"/>.</summary>
    public LocalDate PreviousWorkingDay(LocalDate date)
    {
        var d = date.PlusDays(-1);
        while (!IsWorkingDay(d))
        {
            d = d.PlusDays(-1);
        }

        return d;
    }

    /// <summary><paramref name="date"/> itself when it is a working day, else the next working day.</summary>
    public LocalDate OnOrAfter(LocalDate date) => IsWorkingDay(date) ? date : NextWorkingDay(date);

    /// <summary>
    /// The date <paramref name="days"/> working days after <paramref name="date"/>; counting starts the
    /// day after, so adding 1 to a Friday gives the next Monday (or Tuesday after a bank holiday Monday).
    /// Adding 0 gives <paramref name="date"/> unchanged even on a non-working day; a negative count counts back.
    /// </summary>
    public LocalDate AddWorkingDays(LocalDate date, int days)
    {
        var d = date;
        for (var i = 0; i < days; i++)
        {
            d = NextWorkingDay(d);
        }

        for (var i = 0; i > days; i--)
        {
            d = PreviousWorkingDay(d);
        }

        return d;
    }

    /// <summary>
    /// The number of working days after <paramref name="start"/> up to and including <paramref name="end"/>,
    /// so that <c>AddWorkingDays(start, WorkingDaysBetween(start, end))</c> is the last working day on or before
    /// <paramref name="end"/>. Negative when <paramref name="end"/> is before <paramref name="start"/>.
    /// </summary>
    public int WorkingDaysBetween(LocalDate start, LocalDate end)
    {
        if (end < start)
        {
            return -WorkingDaysBetween(end, start);
        }

        var count = 0;
        for (var d = start.PlusDays(1); d <= end; d = d.PlusDays(1))
        {
            if (IsWorkingDay(d))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The working day a visit aimed at <paramref name="preferred"/> should target inside
    /// <paramref name="window"/>: <paramref name="preferred"/> itself when it is a working day, else the next
    /// working day inside the window, else the previous one. Null when the window holds no working day at all.
    /// </summary>
    public LocalDate? TargetWithin(ServiceWindow window, LocalDate preferred)
    {
        var start = preferred < window.Start ? window.Start : preferred > window.End ? window.End : preferred;
        for (var d = start; d <= window.End; d = d.PlusDays(1))
        {
            if (IsWorkingDay(d))
            {
                return d;
            }
        }

        for (var d = start.PlusDays(-1); d >= window.Start; d = d.PlusDays(-1))
        {
            if (IsWorkingDay(d))
            {
                return d;
            }
        }

        return null;
    }
}
