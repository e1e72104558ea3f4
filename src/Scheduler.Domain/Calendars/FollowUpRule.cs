using NodaTime;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Domain.Calendars;

/// <summary>
/// A follow-up visit generated for every occurrence of a schedule (config:
/// <c>followUps: [{ service: path-sweep, due: 1 working day }]</c>): same asset and contractor, window from the
/// first working day after the parent's target to <see cref="WorkingDays"/> working days after the parent's window
/// ends, aimed at <see cref="WorkingDays"/> working days after the parent's target. When the parent is reported done,
/// the open follow-up is due <see cref="WorkingDays"/> working days after the visit (<see cref="DueAfter"/>).
/// </summary>
public sealed record FollowUpRule
{
    /// <summary>Creates the rule; <paramref name="workingDays"/> is at least 1.</summary>
    public FollowUpRule(string service, int workingDays)
    {
        Check.NotEmpty(service, nameof(service));
        Check.Positive(workingDays, nameof(workingDays));
        Service = service;
        WorkingDays = workingDays;
    }

    /// <summary>The follow-up's service, e.g. <c>path-sweep</c>.</summary>
    public string Service { get; }

    /// <summary>Working days after the parent visit by which the follow-up is due.</summary>
    public int WorkingDays { get; }

    /// <summary>Where the follow-up was written in config.</summary>
    public SourceLocation Origin { get; init; }

    /// <summary>
    /// The follow-up's window and target once its parent visit is reported done on <paramref name="done"/>: the window
    /// keeps its start (and so the occurrence key) and closes <see cref="WorkingDays"/> working days after the visit,
    /// earlier or later than before (a visit made early in its window tightens it, a late one stretches it); never before
    /// the window opens. The target is the new last day.
    /// </summary>
    /// <param name="window">The follow-up's window as planned.</param>
    /// <param name="done">The day the parent visit was done.</param>
    /// <param name="calendar">The organisation's working days.</param>
    public (ServiceWindow Window, LocalDate Target) DueAfter(ServiceWindow window, LocalDate done, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var due = calendar.AddWorkingDays(done, WorkingDays);
        var end = due < window.Start ? window.Start : due;
        return (new ServiceWindow(window.Start, end), end);
    }
}
