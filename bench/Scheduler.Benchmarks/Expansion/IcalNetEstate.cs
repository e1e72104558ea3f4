using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;

using IcalRule = Ical.Net.DataTypes.RecurrenceRule;

namespace Scheduler.Benchmarks.Expansion;

/// <summary>
/// The baseline: the same schedules and assets as one Ical.Net <see cref="CalendarEvent"/> per asset and rule,
/// each with the RRULE equivalent to the domain rule (all-day DTSTART on the rule's first date in the year, so
/// DTSTART is in step with the rule). Ical.Net has no sharing between assets: that is how it would be used, one
/// event per asset's calendar. Working-day adjustment and follow-ups have no RRULE equivalent and are not done.
/// </summary>
internal sealed class IcalNetEstate
{
    private readonly List<CalendarEvent> _events;

    private IcalNetEstate(List<CalendarEvent> events, IReadOnlyList<string> rules)
    {
        _events = events;
        Rules = rules;
    }

    /// <summary>Events built (one per asset and rule).</summary>
    public int EventCount => _events.Count;

    /// <summary>The distinct RRULEs used, for the record.</summary>
    public IReadOnlyList<string> Rules { get; }

    /// <summary>
    /// Builds the events for every schedule of <paramref name="config"/> and every matching asset of
    /// <paramref name="register"/>; with <paramref name="sampleEvery"/> &gt; 1 only every n-th asset of each
    /// schedule is taken (a fixed sample, to keep a slow baseline short; compare rates, not totals).
    /// </summary>
    public static IcalNetEstate Build(EstateConfiguration config, EstateRegister register, LocalDate from, LocalDate to, int sampleEvery = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(register);
        var events = new List<CalendarEvent>();
        var rules = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var schedule in config.Schedules)
        {
            var fixedRules = schedule.Recurrence.OfType<FixedRecurrenceRule>()
                .Select(rule => (Start: FirstPreferred(rule, from, to), Text: RRule(rule)))
                .ToArray();
            var floating = schedule.Recurrence.OfType<FloatingRule>().FirstOrDefault();
            var index = 0;
            foreach (var asset in register.AssetsOf(schedule.AppliesTo))
            {
                if (!asset.Matches(schedule.Where) || index++ % sampleEvery != 0)
                {
                    continue;
                }

                foreach (var (start, text) in fixedRules)
                {
                    events.Add(Event(asset.Id, start, text));
                    rules.Add(text);
                }

                if (floating is not null
                    && asset.Attributes.TryGetValue(floating.LastDoneColumn, out var last)
                    && LocalDatePattern.Iso.Parse(last) is { Success: true } done)
                {
                    // Yearly from the home's next deadline (the last check + 12 months).
                    var deadline = floating.Deadline(done.Value);
                    events.Add(Event(asset.Id, deadline, "FREQ=YEARLY"));
                    rules.Add("FREQ=YEARLY (DTSTART = deadline)");
                }
            }
        }

        return new IcalNetEstate(events, [.. rules]);
    }

    /// <summary>
    /// Expands every event from <paramref name="from"/> up to but excluding <paramref name="toExclusive"/>
    /// and counts the occurrences.
    /// </summary>
    public int Expand(LocalDate from, LocalDate toExclusive)
    {
        var start = Date(from);
        var end = Date(toExclusive);
        var count = 0;
        foreach (var ev in _events)
        {
            foreach (var occurrence in ev.GetOccurrences(start).TakeWhileBefore(end))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The RRULE that produces the preferred dates of a fixed domain rule.</summary>
    internal static string RRule(FixedRecurrenceRule rule) => rule switch
    {
        WeeklyRule w => $"FREQ=WEEKLY;INTERVAL={w.EveryWeeks};BYDAY={Day(w.Day)}",
        MonthlyRule m => $"FREQ=MONTHLY;INTERVAL={m.EveryMonths};BYMONTHDAY={MonthDays(1, m.Target)}",
        MonthsRule m => $"FREQ=MONTHLY;BYMONTH={string.Join(',', m.Months)};BYMONTHDAY={MonthDays(m.PerMonth, m.Target)}",
        _ => throw new NotSupportedException($"No RRULE equivalent for {rule.GetType().Name}."),
    };

    // The first preferred date the rule aims at on or after 'from': DTSTART, so the RRULE starts in step.
    private static LocalDate FirstPreferred(FixedRecurrenceRule rule, LocalDate from, LocalDate to) =>
        rule.Windows(from, to).Select(w => w.Preferred).First(d => d >= from);

    private static string MonthDays(int perMonth, TargetPlacement target)
    {
        // The preferred day of each window of a month split into perMonth parts at days 30·i/perMonth.
        if (target is not (TargetPlacement.Start or TargetPlacement.End))
        {
            throw new NotSupportedException($"No BYMONTHDAY equivalent for target {target}.");
        }

        var days = new List<int>();
        for (var part = 1; part <= perMonth; part++)
        {
            var startDay = part == 1 ? 1 : (30 * (part - 1) / perMonth) + 1;
            var endDay = part == perMonth ? -1 : 30 * part / perMonth;
            days.Add(target == TargetPlacement.Start ? startDay : endDay);
        }

        return string.Join(',', days);
    }

    private static string Day(IsoDayOfWeek day) => day switch
    {
        IsoDayOfWeek.Monday => "MO",
        IsoDayOfWeek.Tuesday => "TU",
        IsoDayOfWeek.Wednesday => "WE",
        IsoDayOfWeek.Thursday => "TH",
        IsoDayOfWeek.Friday => "FR",
        _ => throw new ArgumentOutOfRangeException(nameof(day), day, "Weekly rules are Monday–Friday."),
    };

    private static CalendarEvent Event(string assetId, LocalDate start, string rule) => new()
    {
        Uid = assetId,
        DtStart = Date(start),
        RecurrenceRule = new IcalRule(rule),
    };

    private static CalDateTime Date(LocalDate date) => new(date.Year, date.Month, date.Day);
}
