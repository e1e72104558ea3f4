using Scheduler.Domain.Estate;

namespace Scheduler.Domain.Improvements;

/// <summary>
/// The planned-improvement programme for one year: which homes have which components replaced, within the
/// capacity for each component, and where the homes that did not fit were pushed.
/// </summary>
/// <param name="Year">The year asked for.</param>
/// <param name="Work">
/// Every home eligible by <see cref="Year"/> for a programmed component, placed in <see cref="Year"/> or a later
/// year; ordered by year, component (ordinal), area (ordinal), then priority.
/// </param>
/// <param name="Shortfalls">Each (component, year) whose capacity was short, in component then year order.</param>
/// <param name="SurveysNeeded">Components whose install year is unknown ("Unknown: survey needed"), by component then home id.</param>
public sealed record ImprovementProgramme(
    int Year,
    IReadOnlyList<ProgrammedWork> Work,
    IReadOnlyList<CapacityShortfall> Shortfalls,
    IReadOnlyList<ComponentEligibility> SurveysNeeded)
{
    /// <summary>The work placed in <paramref name="year"/>.</summary>
    public IEnumerable<ProgrammedWork> In(int year) => Work.Where(w => w.Year == year);

    /// <summary>
    /// Builds the programme for <paramref name="year"/>. Deterministic: the same inputs always give the same programme.
    /// </summary>
    /// <remarks>
    /// For each component in <paramref name="capacityPerYear"/>, the homes whose component is eligible by
    /// <paramref name="year"/> (install year + lifetime ≤ year) and not in <paramref name="done"/> are put in priority
    /// order: oldest install year first; then worse condition first where a score is given (5 before 1, scored
    /// before unscored); then area and home id. The first <c>capacity</c> are placed in <paramref name="year"/>, the
    /// next <c>capacity</c> in the year after, and so on, each carrying the reason. Homes becoming eligible only in a
    /// later year are not listed: they are younger than every home carried over, so they come after them when that
    /// year's programme is built, and the years published here hold. Within a year the work is grouped by area so
    /// contractors can work an area at a time.
    /// </remarks>
    /// <param name="homes">The homes of the register.</param>
    /// <param name="lifetimes">Component → lifetime in years (config <c>improvements:</c>).</param>
    /// <param name="capacityPerYear">Component → homes a year; only these components are programmed; each at least 1 and in <paramref name="lifetimes"/>.</param>
    /// <param name="year">The programme year.</param>
    /// <param name="done">(home id, component) pairs already replaced or ordered that the register does not show yet; left out. Null for none.</param>
    public static ImprovementProgramme Build(
        IEnumerable<Home> homes,
        IReadOnlyDictionary<string, int> lifetimes,
        IReadOnlyDictionary<string, int> capacityPerYear,
        int year,
        IEnumerable<(string HomeId, string Component)>? done = null)
    {
        ArgumentNullException.ThrowIfNull(homes);
        ArgumentNullException.ThrowIfNull(lifetimes);
        ArgumentNullException.ThrowIfNull(capacityPerYear);
        foreach (var (component, capacity) in capacityPerYear)
        {
            Check.Positive(capacity, $"capacity for {component}");
            if (!lifetimes.ContainsKey(component))
            {
                throw new ArgumentException($"component {component} has a capacity but no lifetime.", nameof(capacityPerYear));
            }
        }

        var homeList = homes.ToList();
        var excluded = (done ?? []).ToHashSet();
        var work = new List<ProgrammedWork>();
        var shortfalls = new List<CapacityShortfall>();
        var surveys = new List<ComponentEligibility>();
        foreach (var (component, capacity) in capacityPerYear.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var assessed = homeList
                .Select(h => ImprovementEligibility.Assess(h, component, lifetimes[component]))
                .ToList();
            surveys.AddRange(assessed
                .Where(a => a.StatusIn(year) == EligibilityStatus.Unknown)
                .OrderBy(a => a.HomeId, StringComparer.Ordinal));
            var queue = assessed
                .Where(a => a.StatusIn(year) == EligibilityStatus.Eligible && !excluded.Contains((a.HomeId, component)))
                .OrderBy(a => a.InstalledYear)
                .ThenByDescending(a => a.Condition ?? 0)
                .ThenBy(a => a.AreaId, StringComparer.Ordinal)
                .ThenBy(a => a.HomeId, StringComparer.Ordinal)
                .ToList();
            Place(component, capacity, year, queue, work, shortfalls);
        }

        var ordered = work
            .Select((w, rank) => (w, rank))
            .OrderBy(x => x.w.Year)
            .ThenBy(x => x.w.Component, StringComparer.Ordinal)
            .ThenBy(x => x.w.AreaId, StringComparer.Ordinal)
            .ThenBy(x => x.rank)
            .Select(x => x.w)
            .ToList();
        return new ImprovementProgramme(year, ordered, shortfalls, surveys);
    }

    private static void Place(
        string component,
        int capacity,
        int year,
        List<ComponentEligibility> queue,
        List<ProgrammedWork> work,
        List<CapacityShortfall> shortfalls)
    {
        string? reason = null;
        for (var start = 0; start < queue.Count; start += capacity)
        {
            var programmeYear = year + (start / capacity);
            foreach (var home in queue.Skip(start).Take(capacity))
            {
                work.Add(new ProgrammedWork(
                    home.HomeId, home.AreaId, component, home.InstalledYear!.Value, home.EligibleYear!.Value, home.Condition, programmeYear, reason));
            }

            var left = queue.Count - start - capacity;
            if (left > 0)
            {
                var shortfall = new CapacityShortfall(component, programmeYear, capacity, left);
                shortfalls.Add(shortfall);
                reason = reason is null ? shortfall.Reason + "." : $"{reason} {shortfall.Reason}.";
            }
        }
    }
}
