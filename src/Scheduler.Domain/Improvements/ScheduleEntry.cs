using System.Globalization;
using Scheduler.Domain.Estate;

namespace Scheduler.Domain.Improvements;

/// <summary>One home and one component in the published schedule for a year.</summary>
/// <param name="Home">The home (its address and postcode are published; its tenants never are).</param>
/// <param name="Eligibility">The component's install year, lifetime, eligibility year and condition.</param>
/// <param name="Status">Where it stands in the schedule's year.</param>
/// <param name="ProgrammeYear">
/// The year the replacement is programmed for: the schedule's year when <see cref="ScheduleStatus.Programmed"/>, a later
/// one when <see cref="ScheduleStatus.Deferred"/>; null otherwise.
/// </param>
/// <param name="Reason">
/// Why it was deferred ("capacity for kitchen in 2027 is 12; 3 homes deferred."), why it needs a survey
/// ("kitchen_year is empty"), or that its component has no capacity; null when programmed or not yet eligible.
/// </param>
public sealed record ScheduleEntry(Home Home, ComponentEligibility Eligibility, ScheduleStatus Status, int? ProgrammeYear, string? Reason)
{
    /// <summary>The component id.</summary>
    public string Component => Eligibility.Component;

    /// <summary>
    /// What the published schedule shows: "2027" (programmed), "2028 (deferred)", "eligible from 2031",
    /// "eligible, not programmed" or "Unknown: survey needed".
    /// </summary>
    public string Describe() => Status switch
    {
        ScheduleStatus.Programmed => ProgrammeYear!.Value.ToString(CultureInfo.InvariantCulture),
        ScheduleStatus.Deferred => string.Create(CultureInfo.InvariantCulture, $"{ProgrammeYear} (deferred)"),
        ScheduleStatus.NotYetEligible => Eligibility.Describe(),
        ScheduleStatus.NotProgrammed => string.Create(CultureInfo.InvariantCulture, $"eligible since {Eligibility.EligibleYear}, not programmed"),
        _ => ComponentEligibility.UnknownText,
    };
}
