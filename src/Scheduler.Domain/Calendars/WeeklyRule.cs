using NodaTime;

namespace Scheduler.Domain.Calendars;

/// <summary>
/// Every <see cref="EveryWeeks"/> weeks on <see cref="Day"/> (config: <c>{ every: 2 weeks, on: Wednesday, from: 2027-01-06 }</c>).
/// The window is the Monday–Friday of the visit's week; the visit is aimed at <see cref="Day"/>.
/// The series counts weeks from the week containing <see cref="From"/> and has no visits before that date;
/// without <see cref="From"/> (allowed only for every 1 week) every week has a visit.
/// </summary>
public sealed record WeeklyRule : FixedRecurrenceRule
{
    /// <summary>Creates the rule; <paramref name="day"/> must be Monday–Friday.</summary>
    public WeeklyRule(int everyWeeks, IsoDayOfWeek day, LocalDate? from)
    {
        Check.Positive(everyWeeks, nameof(everyWeeks));
        if (day is IsoDayOfWeek.None or IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, "A weekly visit must be on a weekday (Monday–Friday).");
        }

        if (everyWeeks > 1 && from is null)
        {
            throw new ArgumentException("A rule every 2 or more weeks needs a 'from' date to say which weeks.", nameof(from));
        }

        EveryWeeks = everyWeeks;
        Day = day;
        From = from;
    }

    /// <summary>Weeks between visits (1 = weekly, 2 = fortnightly).</summary>
    public int EveryWeeks { get; }

    /// <summary>The weekday the visit is aimed at.</summary>
    public IsoDayOfWeek Day { get; }

    /// <summary>The first date of the series (inclusive), or null for an unanchored weekly series.</summary>
    public LocalDate? From { get; }

    /// <inheritdoc />
    public override IEnumerable<DatedWindow> Windows(LocalDate from, LocalDate to)
    {
        // Monday of the first week that can intersect [from, to].
        var monday = from.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));
        if (From is { } anchor)
        {
            var anchorMonday = anchor.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));
            if (monday < anchorMonday)
            {
                monday = anchorMonday;
            }
            else
            {
                // Step forward to the next week in phase with the anchor's week.
                var weeks = Period.DaysBetween(anchorMonday, monday) / 7;
                var offset = weeks % EveryWeeks;
                if (offset != 0)
                {
                    monday = monday.PlusWeeks(EveryWeeks - offset);
                }
            }
        }

        for (; monday <= to; monday = monday.PlusWeeks(EveryWeeks))
        {
            var window = new ServiceWindow(monday, monday.PlusDays(4));
            if (window.End < from)
            {
                continue;
            }

            var preferred = monday.PlusDays((int)Day - 1);
            if (From is { } first && preferred < first)
            {
                // The anchor week: the series starts on its 'from' date, not before.
                if (first > window.End || first > to)
                {
                    continue;
                }

                window = new ServiceWindow(first, window.End);
                preferred = first;
            }

            yield return new DatedWindow(window, preferred);
        }
    }
}
