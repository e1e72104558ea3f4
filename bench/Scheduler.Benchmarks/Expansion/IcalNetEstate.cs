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
/// DTSTART is in step with the rule; gas safety is yearly from each home's next deadline). Ical.Net has no sharing
/// between assets: each asset's event expands its own rule, which is how it would be used. Working-day adjustment
/// and follow-ups have no RRULE equivalent and are not done.
/// </summary>
internal sealed class IcalNetEstate
{
    private readonly EstateConfiguration _config;
    private readonly EstateRegister _register;
    private readonly LocalDate _from;
    private readonly LocalDate _to;
    private readonly int _sampleEvery;

    /// <summary>
    /// The estate for a year <paramref name="from"/>..<paramref name="to"/> (inclusive); with
    /// <paramref name="sampleEvery"/> &gt; 1 only every n-th matching asset of each schedule is taken (a fixed
    /// sample, to keep a slow baseline short: compare rates, not totals).
    /// </summary>
    public IcalNetEstate(EstateConfiguration config, EstateRegister register, LocalDate from, LocalDate to, int sampleEvery = 1)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _register = register ?? throw new ArgumentNullException(nameof(register));
        Check(sampleEvery);
        _from = from;
        _to = to;
        _sampleEvery = sampleEvery;
    }

    /// <summary>The distinct RRULEs, for the record.</summary>
    public IReadOnlyList<string> Rules =>
    [
        .. _config.Schedules.SelectMany(s => s.Recurrence)
            .Select(r => r is FixedRecurrenceRule f ? RRule(f) : "FREQ=YEARLY (DTSTART = each home's deadline)")
            .Distinct(),
    ];

    /// <summary>
    /// One event per matching asset and rule, built lazily from the register: the asset's <c>where</c> filter and
    /// (for gas safety) its last check are read as the domain expander reads them. The parsed RRULE of each
    /// schedule rule is shared by its events, so no RRULE text is parsed per asset.
    /// </summary>
    public IEnumerable<CalendarEvent> Events()
    {
        foreach (var schedule in _config.Schedules)
        {
            var fixedRules = schedule.Recurrence.OfType<FixedRecurrenceRule>()
                .Select(rule => (Start: Date(FirstPreferred(rule, _from, _to)), Rule: new IcalRule(RRule(rule))))
                .ToArray();
            var floating = schedule.Recurrence.OfType<FloatingRule>().FirstOrDefault();
            var yearly = new IcalRule("FREQ=YEARLY");
            var index = 0;
            foreach (var asset in _register.AssetsOf(schedule.AppliesTo))
            {
                if (!asset.Matches(schedule.Where) || index++ % _sampleEvery != 0)
                {
                    continue;
                }

                foreach (var (start, rule) in fixedRules)
                {
                    yield return Event(asset.Id, start, rule);
                }

                if (floating is not null
                    && asset.Attributes.TryGetValue(floating.LastDoneColumn, out var last)
                    && LocalDatePattern.Iso.Parse(last.Trim()) is { Success: true } done)
                {
                    yield return Event(asset.Id, Date(floating.Deadline(done.Value)), yearly);
                }
            }
        }
    }

    /// <summary>
    /// Expands every event from <paramref name="from"/> up to but excluding <paramref name="toExclusive"/>
    /// and counts the occurrences.
    /// </summary>
    public static int Expand(IEnumerable<CalendarEvent> events, LocalDate from, LocalDate toExclusive)
    {
        ArgumentNullException.ThrowIfNull(events);
        var start = Date(from);
        var end = Date(toExclusive);
        var count = 0;
        foreach (var ev in events)
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

    private static CalendarEvent Event(string assetId, CalDateTime start, IcalRule rule) => new()
    {
        Uid = assetId,
        DtStart = start,
        RecurrenceRule = rule,
    };

    private static CalDateTime Date(LocalDate date) => new(date.Year, date.Month, date.Day);

    private static void Check(int sampleEvery) =>
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleEvery, 1);
}
