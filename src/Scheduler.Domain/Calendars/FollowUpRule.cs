namespace Scheduler.Domain.Calendars;

/// <summary>
/// A follow-up visit generated for every occurrence of a schedule (config:
/// <c>followUps: [{ service: path-sweep, due: 1 working day }]</c>): same asset and contractor, window from the
/// first working day after the parent's target to <see cref="WorkingDays"/> working days after it (the target).
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

    /// <summary>Working days after the parent's target by which the follow-up is due.</summary>
    public int WorkingDays { get; }

    /// <summary>Where the follow-up was written in config.</summary>
    public SourceLocation Origin { get; init; }
}
