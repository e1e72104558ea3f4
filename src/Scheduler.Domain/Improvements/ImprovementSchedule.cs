using Scheduler.Domain.Estate;

namespace Scheduler.Domain.Improvements;

/// <summary>
/// The planned-improvement schedule the landlord publishes for one year: for every home and every configured
/// component, its eligibility year and where it stands — programmed that year, deferred to a later year (with the
/// reason), not yet eligible, eligible but not programmed (no capacity configured), or "Unknown: survey needed".
/// </summary>
/// <param name="Year">The programme year.</param>
/// <param name="Programme">The programme within capacity (<see cref="ImprovementProgramme.Build"/>).</param>
/// <param name="Entries">
/// One entry per home and component, in this order: the programme's work (by programme year, component, area, then
/// priority — oldest first, then worse condition); then eligible components without a capacity (component, area, home);
/// then those not yet eligible (eligibility year, component, area, home); then those needing a survey (component,
/// area, home). Component and area ids compare ordinally.
/// </param>
public sealed record ImprovementSchedule(int Year, ImprovementProgramme Programme, IReadOnlyList<ScheduleEntry> Entries)
{
    /// <summary>The entries programmed in <see cref="Year"/> itself (not deferred), in programme order.</summary>
    public IEnumerable<ScheduleEntry> ProgrammedInYear => Entries.Where(e => e.Status == ScheduleStatus.Programmed);

    /// <summary>
    /// Builds the schedule for <paramref name="year"/>. Components are those in <paramref name="lifetimes"/>; those also
    /// in <paramref name="capacityPerYear"/> are programmed (see <see cref="ImprovementProgramme.Build"/>).
    /// </summary>
    /// <param name="homes">The homes of the register.</param>
    /// <param name="lifetimes">Component → lifetime in years.</param>
    /// <param name="capacityPerYear">Component → homes a year; each at least 1 and in <paramref name="lifetimes"/>.</param>
    /// <param name="year">The programme year.</param>
    public static ImprovementSchedule Build(
        IEnumerable<Home> homes,
        IReadOnlyDictionary<string, int> lifetimes,
        IReadOnlyDictionary<string, int> capacityPerYear,
        int year)
    {
        ArgumentNullException.ThrowIfNull(homes);
        ArgumentNullException.ThrowIfNull(lifetimes);
        ArgumentNullException.ThrowIfNull(capacityPerYear);
        var homeList = homes.ToList();
        var programme = ImprovementProgramme.Build(homeList, lifetimes, capacityPerYear, year);
        var byId = homeList.ToDictionary(h => h.Id, StringComparer.Ordinal);
        var placed = programme.Work.ToDictionary(w => (w.HomeId, w.Component));

        var work = new List<ScheduleEntry>();
        var unprogrammed = new List<ScheduleEntry>();
        var later = new List<ScheduleEntry>();
        var surveys = new List<ScheduleEntry>();
        foreach (var w in programme.Work)
        {
            var home = byId[w.HomeId];
            var eligibility = ImprovementEligibility.Assess(home, w.Component, lifetimes[w.Component]);
            work.Add(new ScheduleEntry(home, eligibility, w.Deferred ? ScheduleStatus.Deferred : ScheduleStatus.Programmed, w.Year, w.DeferralReason));
        }

        foreach (var (component, lifetime) in lifetimes.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var programmed = capacityPerYear.ContainsKey(component);
            foreach (var home in homeList)
            {
                var eligibility = ImprovementEligibility.Assess(home, component, lifetime);
                switch (eligibility.StatusIn(year))
                {
                    case EligibilityStatus.Unknown:
                        surveys.Add(new ScheduleEntry(home, eligibility, ScheduleStatus.SurveyNeeded, null, string.Join("; ", eligibility.Notes)));
                        break;
                    case EligibilityStatus.NotYetEligible:
                        later.Add(new ScheduleEntry(home, eligibility, ScheduleStatus.NotYetEligible, null, null));
                        break;
                    case EligibilityStatus.Eligible when !programmed:
                        unprogrammed.Add(new ScheduleEntry(home, eligibility, ScheduleStatus.NotProgrammed, null, $"no capacity is configured for {component}"));
                        break;
                    default:
                        if (!placed.ContainsKey((home.Id, component)))
                        {
                            throw new InvalidOperationException($"{home.Id} {component} is eligible but was not placed."); // Build places every eligible home
                        }

                        break;
                }
            }
        }

        var entries = work
            .Concat(ByComponentAreaHome(unprogrammed))
            .Concat(later.OrderBy(e => e.Eligibility.EligibleYear).ThenBy(e => e.Component, StringComparer.Ordinal)
                .ThenBy(e => e.Home.AreaId, StringComparer.Ordinal).ThenBy(e => e.Home.Id, StringComparer.Ordinal))
            .Concat(ByComponentAreaHome(surveys))
            .ToList();
        return new ImprovementSchedule(year, programme, entries);
    }

    private static IOrderedEnumerable<ScheduleEntry> ByComponentAreaHome(List<ScheduleEntry> entries) => entries
        .OrderBy(e => e.Component, StringComparer.Ordinal)
        .ThenBy(e => e.Home.AreaId, StringComparer.Ordinal)
        .ThenBy(e => e.Home.Id, StringComparer.Ordinal);
}
