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

    /// <summary>The schedule with this id, or null.</summary>
    public Schedule? FindSchedule(string id) => Schedules.FirstOrDefault(s => s.Id == id);

    /// <summary>The rule of each floating schedule (gas safety), by schedule id.</summary>
    public IReadOnlyDictionary<string, Calendars.FloatingRule> FloatingRules() =>
        Schedules
            .Where(s => s.IsFloating)
            .ToDictionary(s => s.Id, s => s.Recurrence.OfType<Calendars.FloatingRule>().First(), StringComparer.Ordinal);

    /// <summary>The service with this id, or null.</summary>
    public ServiceDefinition? FindService(string id) => Services.FirstOrDefault(s => s.Id == id);

    /// <summary>
    /// The contractors that perform <paramref name="service"/> in <paramref name="areaId"/>, in config order.
    /// Validation requires exactly one for every schedule and area that has matching assets.
    /// </summary>
    public IEnumerable<Contractor> ContractorsFor(string service, string areaId) =>
        Contractors.Where(c => c.Serves(service, areaId));
}
