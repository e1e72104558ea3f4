using NodaTime;

namespace Scheduler.Domain.WorkingDays;

/// <summary>
/// Working days for one bank-holiday region: Monday to Friday, less that region's bank holidays.
/// Immutable and thread-safe. All operations take and return ISO-calendar <see cref="LocalDate"/>s in the
/// landlord's own calendar (its zone, <c>organisation.timeZone</c>), so clock changes never move a date.
/// </summary>
/// <remarks>
/// For speed, the answers for every day from 1 January of the first holiday's year to 31 December of the last
/// holiday's year are worked out once, in the constructor (5 bytes for each of 384 slots a year: about 190 KB
/// for a century), so <see cref="IsWorkingDay"/> is one array read without allocating and
/// <see cref="WorkingDaysBetween"/> two. Outside those years the calendar still answers, from the weekday and the
/// holiday set.
/// </remarks>
public sealed class WorkingDayCalendar
{
    // Beyond this many years the tables would cost more than they save: answer the slow way.
    private const int MaxTableYears = 400;

    // The tables give each date a slot: 32 a month, 12 months a year, counted from 1 January of _firstYear.
    // Slots for days a month does not have (31 April) stay non-working, so counts over slots are counts over days.
    private const int SlotsPerMonth = 32;

    private readonly HashSet<LocalDate> _holidays;

    private readonly int _firstYear;

    // _working[Slot(date)]: is the date a working day.
    private readonly bool[] _working;

    // _workingBefore[i]: how many of the slots 0 .. i - 1 are working days (length _working.Length + 1).
    private readonly int[] _workingBefore;

    /// <summary>Creates a calendar from the bank holidays of one region.</summary>
    public WorkingDayCalendar(BankHolidayRegion region, IEnumerable<BankHoliday> holidays)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        Region = region;
        _holidays = holidays.Select(h => h.Date).ToHashSet();
        (_firstYear, _working, _workingBefore) = BuildTables(_holidays);
    }

    /// <summary>The region whose bank holidays this calendar skips.</summary>
    public BankHolidayRegion Region { get; }

    /// <summary>True for Monday–Friday dates that are not bank holidays.</summary>
    public bool IsWorkingDay(LocalDate date)
    {
        var slot = (uint)Slot(date, _firstYear);
        var working = _working;
        return slot < (uint)working.Length ? working[slot] : IsWeekday(date) && !_holidays.Contains(date);
    }

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
    /// <paramref name="end"/> (or <paramref name="start"/> itself when there is none after it).
    /// Negative when <paramref name="end"/> is before <paramref name="start"/>: minus the working days after
    /// <paramref name="end"/> up to and including <paramref name="start"/>. Zero when they are the same day.
    /// </summary>
    public int WorkingDaysBetween(LocalDate start, LocalDate end)
    {
        if (end < start)
        {
            return -WorkingDaysBetween(end, start);
        }

        // Working days in (start, end] = working slots up to end less those up to start.
        var from = Slot(start, _firstYear) + 1;
        var to = Slot(end, _firstYear) + 1;
        if (from >= 0 && to < _workingBefore.Length)
        {
            return _workingBefore[to] - _workingBefore[from];
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

    private static bool IsWeekday(LocalDate date) => date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday);

    private static int Slot(LocalDate date, int firstYear) =>
        ((((date.Year - firstYear) * 12) + date.Month - 1) * SlotsPerMonth) + date.Day - 1;

    private static (int FirstYear, bool[] Working, int[] WorkingBefore) BuildTables(HashSet<LocalDate> holidays)
    {
        if (holidays.Count == 0)
        {
            return (0, [], [0]);
        }

        var firstYear = holidays.Min(d => d.Year);
        var years = holidays.Max(d => d.Year) - firstYear + 1;
        if (years > MaxTableYears)
        {
            return (0, [], [0]);
        }

        var working = new bool[years * 12 * SlotsPerMonth];
        var last = new LocalDate(firstYear + years - 1, 12, 31);
        for (var date = new LocalDate(firstYear, 1, 1); ; date = date.PlusDays(1))
        {
            working[Slot(date, firstYear)] = IsWeekday(date) && !holidays.Contains(date);
            if (date == last)
            {
                break; // without stepping past 31 December 9999
            }
        }

        var workingBefore = new int[working.Length + 1];
        for (var i = 0; i < working.Length; i++)
        {
            workingBefore[i + 1] = workingBefore[i] + (working[i] ? 1 : 0);
        }

        return (firstYear, working, workingBefore);
    }
}
