using System.Globalization;
using NodaTime;
using NodaTime.Calendars;
using NodaTime.Text;
using Scheduler.Domain;

namespace Scheduler.Worker.Preview;

/// <summary>One column of the planner: a run of days (both ends inclusive), its short label and its tooltip.</summary>
internal sealed record PlannerColumn(LocalDate Start, LocalDate End, string Label, string Title);

/// <summary>A heading over <see cref="Span"/> adjacent columns: a month over weeks, or a year over months.</summary>
internal sealed record PlannerColumnGroup(string Label, int Span);

/// <summary>
/// The planner's time axis for a range. Up to <see cref="MaxWeeklyDays"/> days (a year and a bit) the columns are
/// ISO weeks, Monday to Sunday, grouped by the month each week starts in; longer ranges get one column per month,
/// grouped by year. The first and last columns are clipped to the range.
/// </summary>
internal sealed class PlannerColumns
{
    /// <summary>The longest range, in days, shown week by week (53 weeks).</summary>
    public const int MaxWeeklyDays = 53 * 7;

    private static readonly LocalDatePattern DayMonthYear = LocalDatePattern.CreateWithInvariantCulture("ddd d MMM uuuu");
    private static readonly LocalDatePattern MonthName = LocalDatePattern.CreateWithInvariantCulture("MMM");
    private static readonly LocalDatePattern MonthYear = LocalDatePattern.CreateWithInvariantCulture("MMMM uuuu");

    private readonly LocalDate _from;
    private readonly int[] _columnOfDay;

    private PlannerColumns(LocalDate from, bool weekly, List<PlannerColumn> columns, List<PlannerColumnGroup> groups)
    {
        _from = from;
        Weekly = weekly;
        Columns = columns;
        Groups = groups;
        _columnOfDay = new int[Period.DaysBetween(from, columns[^1].End) + 1];
        for (var c = 0; c < columns.Count; c++)
        {
            for (var d = Period.DaysBetween(from, columns[c].Start); d <= Period.DaysBetween(from, columns[c].End); d++)
            {
                _columnOfDay[d] = c;
            }
        }
    }

    /// <summary>True when the columns are weeks; false when they are months.</summary>
    public bool Weekly { get; }

    /// <summary>The columns, in date order, covering the range without gaps.</summary>
    public IReadOnlyList<PlannerColumn> Columns { get; }

    /// <summary>The headings over the columns; their spans add up to the number of columns.</summary>
    public IReadOnlyList<PlannerColumnGroup> Groups { get; }

    /// <summary>The axis for <paramref name="from"/>..<paramref name="to"/> (inclusive).</summary>
    public static PlannerColumns For(LocalDate from, LocalDate to)
    {
        RequireOrdered(from, to);
        var weekly = Period.DaysBetween(from, to) + 1 <= MaxWeeklyDays;
        var columns = new List<PlannerColumn>();
        var groups = new List<PlannerColumnGroup>();
        var start = from;
        while (start <= to)
        {
            var end = weekly
                ? start.With(DateAdjusters.NextOrSame(IsoDayOfWeek.Sunday))
                : start.With(DateAdjusters.EndOfMonth);
            if (end > to)
            {
                end = to;
            }

            var groupLabel = weekly
                ? (groups.Count == 0 || start.Month == 1 ? $"{MonthName.Format(start)} {start.Year}" : MonthName.Format(start))
                : start.Year.ToString(CultureInfo.InvariantCulture);
            var previous = columns.Count > 0 ? columns[^1].Start : (LocalDate?)null;
            var sameGroup = previous is { } p && (weekly ? p.Month == start.Month && p.Year == start.Year : p.Year == start.Year);
            if (sameGroup)
            {
                groups[^1] = groups[^1] with { Span = groups[^1].Span + 1 };
            }
            else
            {
                groups.Add(new PlannerColumnGroup(groupLabel, 1));
            }

            columns.Add(weekly ? WeekColumn(start, end) : MonthColumn(start, end));
            start = end.PlusDays(1);
        }

        return new PlannerColumns(from, weekly, columns, groups);
    }

    /// <summary>The index of the column holding <paramref name="date"/>, or null when it is outside the range.</summary>
    public int? ColumnOf(LocalDate date)
    {
        var day = date < _from ? -1 : Period.DaysBetween(_from, date);
        return day >= 0 && day < _columnOfDay.Length ? _columnOfDay[day] : null;
    }

    /// <summary>The first and last column the window touches, or null when it lies wholly outside the range.</summary>
    public (int First, int Last)? ColumnsOf(ServiceWindow window)
    {
        var rangeEnd = _from.PlusDays(_columnOfDay.Length - 1);
        if (window.End < _from || window.Start > rangeEnd)
        {
            return null;
        }

        var first = ColumnOf(window.Start < _from ? _from : window.Start)!.Value;
        var last = ColumnOf(window.End > rangeEnd ? rangeEnd : window.End)!.Value;
        return (first, last);
    }

    private static PlannerColumn WeekColumn(LocalDate start, LocalDate end)
    {
        var week = WeekYearRules.Iso.GetWeekOfWeekYear(start);
        return new PlannerColumn(
            start,
            end,
            start.Day.ToString(CultureInfo.InvariantCulture),
            $"Week {week}: {DayMonthYear.Format(start)} to {DayMonthYear.Format(end)}");
    }

    private static PlannerColumn MonthColumn(LocalDate start, LocalDate end) =>
        new(start, end, MonthName.Format(start)[..1], MonthYear.Format(start));

    private static void RequireOrdered(LocalDate from, LocalDate to)
    {
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "The planner range must not end before it starts.");
        }
    }
}
