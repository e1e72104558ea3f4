using NodaTime;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Domain.Calendars;

/// <summary>
/// A follow-up visit generated for every occurrence of a schedule (config:
/// <c>followUps: [{ service: path-sweep, due: 1 working day }]</c>): same asset and contractor, window from the
/// first working day after the parent's target to <see cref="WorkingDays"/> working days after the parent's window
/// ends, aimed at <see cref="WorkingDays"/> working days after the parent's target. When the parent is reported done
/// later than its target, the open follow-up is aimed and open until <see cref="WorkingDays"/> working days after the
/// visit (<see cref="AfterVisit"/>).
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
    /// The follow-up's window and target once its parent visit is reported done on <paramref name="done"/>: aimed
    /// <see cref="WorkingDays"/> working days after the visit when that is later than planned (a visit made later in its
    /// window, or after it), and open at least until then. The window never shrinks and keeps its start (and so the
    /// occurrence key): the contractor was sent it with the visit's order, and a visit made early leaves the follow-up the
    /// window it was given. Unchanged when the visit was on or before its target.
    /// </summary>
    /// <param name="window">The follow-up's window as stored.</param>
    /// <param name="target">The follow-up's target as stored.</param>
    /// <param name="done">The day the parent visit was done.</param>
    /// <param name="calendar">The organisation's working days.</param>
    public (ServiceWindow Window, LocalDate Target) AfterVisit(ServiceWindow window, LocalDate target, LocalDate done, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var due = calendar.AddWorkingDays(done, WorkingDays);
        var aimed = due > target ? due : target;
        return (new ServiceWindow(window.Start, aimed > window.End ? aimed : window.End), aimed);
    }
}
