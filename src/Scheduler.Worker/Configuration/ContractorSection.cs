using NodaTime;

using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// Reads one entry of <c>contractors: - { id, name, email, services: [..], areas: [..], dispatch: weekly|per-order,
/// programmeDay: Weekday?, programmeMaxOrders: N?, issueAhead: N days|N weeks? }</c>. <c>issueAhead</c> is for
/// per-order dispatch only (a weekly contractor's orders go in its programme); <c>programmeMaxOrders</c> for weekly only.
/// </summary>
internal static class ContractorSection
{
    /// <summary>The keys a contractor accepts.</summary>
    public static readonly string[] Keys = ["id", "name", "email", "services", "areas", "dispatch", "programmeDay", "programmeMaxOrders", "issueAhead"];

    /// <summary>The largest <c>programmeMaxOrders</c>: ~30 MB as sent, about the largest hosted mail's limit (35 MB).</summary>
    public const int MaxProgrammeMaxOrders = 10_000;

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
        var maxOrdersNode = map.Optional("programmeMaxOrders");
        var maxOrders = maxOrdersNode?.AsInt($"{what}: programmeMaxOrders", 1, MaxProgrammeMaxOrders);
        if (maxOrders is not null && dispatch == DispatchMode.PerOrder)
        {
            maxOrdersNode!.Value.Error(
                $"{what}: programmeMaxOrders is for weekly dispatch only: a per-order contractor gets one email per order",
                maxOrders.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "remove programmeMaxOrders, or set dispatch: weekly");
        }

        var issueAheadNode = map.Optional("issueAhead");
        var issueAhead = issueAheadNode?.AsDuration($"{what}: issueAhead", DurationUnit.Days, DurationUnit.Weeks);
        if (issueAhead is not null && dispatch == DispatchMode.Weekly)
        {
            issueAheadNode!.Value.Error(
                $"{what}: issueAhead is for per-order dispatch only: a weekly contractor's orders go in its programme on its programmeDay",
                issueAhead.Value.ToString(),
                "remove issueAhead, or set dispatch: per-order");
        }

        if (map.Origin.Source.ProblemCount > before
            || id is null || name is null || email is null || served is null || areas is null || dispatch is null)
        {
            return null;
        }

        return new Contractor(id, name, email, served, areas, dispatch.Value)
        {
            ProgrammeDay = programmeDay ?? IsoDayOfWeek.Thursday,
            ProgrammeMaxOrders = maxOrders ?? Contractor.DefaultProgrammeMaxOrders,
            IssueAhead = issueAhead?.ToPeriod(),
            Origin = map.Origin.Location,
        };
    }
}
