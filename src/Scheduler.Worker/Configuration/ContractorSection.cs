using NodaTime;

using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// Reads one entry of <c>contractors: - { id, name, email, services: [..], areas: [..], dispatch: weekly|per-order,
/// programmeDay: Weekday? }</c>.
/// </summary>
internal static class ContractorSection
{
    /// <summary>The keys a contractor accepts.</summary>
    public static readonly string[] Keys = ["id", "name", "email", "services", "areas", "dispatch", "programmeDay"];

    /// <summary>Config words for <see cref="DispatchMode"/>.</summary>
    public static readonly IReadOnlyDictionary<string, DispatchMode> DispatchModes = new Dictionary<string, DispatchMode>(StringComparer.Ordinal)
    {
        ["weekly"] = DispatchMode.Weekly,
        ["per-order"] = DispatchMode.PerOrder,
    };

    /// <summary>
    /// The contractor, or null when any part is wrong. <paramref name="id"/> has been read already;
    /// <paramref name="services"/> are the service ids defined anywhere in config.
    /// </summary>
    public static Contractor? Read(YamlMap map, string? id, ServiceIds services)
    {
        var before = map.Origin.Source.ProblemCount;
        var what = map.What;
        var name = map.Required("name")?.AsText($"{what}: name");
        var email = map.Required("email")?.AsEmail($"{what}: email");
        var served = map.Required("services") is { } servicesNode ? services.ReadList(servicesNode, $"{what}: services") : null;
        var areas = map.Required("areas")?.AsTextList($"{what}: areas");
        var dispatch = map.Required("dispatch")?.AsChoice($"{what}: dispatch", DispatchModes);
        var programmeDay = map.Optional("programmeDay")?.AsWeekday($"{what}: programmeDay");
        if (map.Origin.Source.ProblemCount > before
            || id is null || name is null || email is null || served is null || areas is null || dispatch is null)
        {
            return null;
        }

        return new Contractor(id, name, email, served, areas, dispatch.Value)
        {
            ProgrammeDay = programmeDay ?? IsoDayOfWeek.Thursday,
            Origin = map.Origin.Location,
        };
    }
}
