using System.Runtime.CompilerServices;

using NodaTime;

using Scheduler.Domain.Sla;

namespace Scheduler.Domain.Configuration;

/// <summary>
/// The whole validated configuration: organisation, horizon, services, contractors, schedules and
/// improvement lifetimes. Immutable. <see cref="Version"/> identifies the exact files it was read from
/// (a hash of their contents), so every stored change can say which configuration made it.
/// </summary>
public sealed record EstateConfiguration(
    Organisation Organisation,
    Period Horizon,
    IReadOnlyList<ServiceDefinition> Services,
    IReadOnlyList<Contractor> Contractors,
    IReadOnlyList<Schedule> Schedules,
    IReadOnlyDictionary<string, int> ImprovementLifetimes,
    string Version)
{
    /// <summary>
    /// Component → homes that can have it replaced in one year (config <c>improvements: { kitchen: { capacity: 40 } }</c>);
    /// only components given a capacity are programmed. Empty when none is configured.
    /// </summary>
    public IReadOnlyDictionary<string, int> ImprovementCapacities { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// The service-level targets: <see cref="SlaCatalog.Defaults"/> with the <c>sla:</c> overrides of config applied
    /// (docs/sla.md). Defaults when config sets none.
    /// </summary>
    public SlaCatalog Sla { get; init; } = SlaCatalog.Defaults;

    /// <summary>The schedule with this id (the first of that id in config order), or null.</summary>
    public Schedule? FindSchedule(string id) => ById(ScheduleIndexes, Schedules, static s => s.Id).GetValueOrDefault(id);

    /// <summary>The rule of each floating schedule (gas safety), by schedule id.</summary>
    public IReadOnlyDictionary<string, Calendars.FloatingRule> FloatingRules() =>
        Schedules
            .Where(s => s.IsFloating)
            .ToDictionary(s => s.Id, s => s.Recurrence.OfType<Calendars.FloatingRule>().First(), StringComparer.Ordinal);

    /// <summary>The service with this id (the first of that id in config order), or null.</summary>
    public ServiceDefinition? FindService(string id) => ById(ServiceIndexes, Services, static s => s.Id).GetValueOrDefault(id);

    /// <summary>
    /// The contractors that perform <paramref name="service"/> in <paramref name="areaId"/>, in config order.
    /// Validation requires exactly one for every schedule and area that has matching assets.
    /// </summary>
    public IEnumerable<Contractor> ContractorsFor(string service, string areaId) =>
        Contractors.Where(c => c.Serves(service, areaId));

    // The lookups by id behind FindService and FindSchedule, made once per list and kept beside it rather than in the record:
    // a field of the record would take part in its generated equality (two equal configurations would differ by whether
    // one had been asked) and be copied by `with` (a copy given other services would keep the old index). Keyed by the
    // list itself, a `with` that replaces the list gets an index of its own, and an index goes when its list does. The
    // composer asks for a service's name and checklist for every order of every message (1.1 million messages a year at
    // 300,000 homes), where the linear search with its closure was ~2-3 kB of garbage a message (branch prof31).
    private static readonly ConditionalWeakTable<IReadOnlyList<ServiceDefinition>, Dictionary<string, ServiceDefinition>> ServiceIndexes = [];
    private static readonly ConditionalWeakTable<IReadOnlyList<Schedule>, Dictionary<string, Schedule>> ScheduleIndexes = [];

    private static Dictionary<string, T> ById<T>(ConditionalWeakTable<IReadOnlyList<T>, Dictionary<string, T>> indexes, IReadOnlyList<T> items, Func<T, string> id)
        where T : class
    {
        if (indexes.TryGetValue(items, out var found))
        {
            return found; // the usual case, without the closure below
        }

        return indexes.GetValue(items, list =>
        {
            var byId = new Dictionary<string, T>(list.Count, StringComparer.Ordinal);
            foreach (var item in list)
            {
                byId.TryAdd(id(item), item); // the first of an id, as a search in config order finds it
            }

            return byId;
        });
    }
}
