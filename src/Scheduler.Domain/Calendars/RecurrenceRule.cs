using NodaTime;

namespace Scheduler.Domain.Calendars;

/// <summary>
/// One recurrence pattern of a schedule. A schedule may combine several (grass: once a month in March and
/// October, twice a month April–September). Fixed rules (<see cref="FixedRecurrenceRule"/>) depend only on
/// dates; <see cref="FloatingRule"/> depends on each asset's last completion.
/// </summary>
public abstract record RecurrenceRule
{
    /// <summary>Where the rule was written in config; used to report problems.</summary>
    public SourceLocation Origin { get; init; }
}

/// <summary>A rule whose windows depend only on the calendar, so they are the same for every asset.</summary>
public abstract record FixedRecurrenceRule : RecurrenceRule
{
    /// <summary>
    /// The windows of this rule that end on or after <paramref name="from"/> and start on or before
    /// <paramref name="to"/>, in date order, each with the date the visit is aimed at before working-day
    /// adjustment (always inside the window).
    /// </summary>
    public abstract IEnumerable<DatedWindow> Windows(LocalDate from, LocalDate to);
}

/// <summary>A service window and the date a visit is aimed at inside it, before working-day adjustment.</summary>
public readonly record struct DatedWindow(ServiceWindow Window, LocalDate Preferred);
