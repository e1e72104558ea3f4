using Scheduler.Domain.Calendars;
using Scheduler.Domain.Estate;

namespace Scheduler.Domain.Configuration;

/// <summary>
/// A recurring service on a set of assets: which service, which assets (<see cref="AppliesTo"/> filtered by
/// <see cref="Where"/> on register columns), when (<see cref="Recurrence"/>, one or more rules), and what
/// follows each visit (<see cref="FollowUps"/>).
/// </summary>
public sealed record Schedule(
    string Id,
    string Service,
    AssetKind AppliesTo,
    IReadOnlyDictionary<string, string> Where,
    IReadOnlyList<RecurrenceRule> Recurrence,
    IReadOnlyList<FollowUpRule> FollowUps)
{
    /// <summary>An explicit permission for nesting-sensitive work in some nesting-season months; usually null.</summary>
    public NestingSeasonOverride? NestingSeason { get; init; }

    /// <summary>How tenant appointments are booked, for schedules that need access to a home.</summary>
    public AppointmentPolicy? Appointment { get; init; }

    /// <summary>Where the schedule was written in config.</summary>
    public SourceLocation Origin { get; init; }

    /// <summary>True when the schedule floats from each asset's last completion (gas safety).</summary>
    public bool IsFloating => Recurrence.Any(r => r is FloatingRule);
}
