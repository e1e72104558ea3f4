using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// Reads <c>improvements: { component: { lifetime: N years, capacity: N } }</c>: how old each component may get
/// before a home becomes eligible for its replacement (Decent Homes ages, DOMAIN.md §3), and how many homes a year
/// can have it replaced (optional; a component without a capacity is assessed but not programmed).
/// </summary>
internal static class ImprovementsSection
{
    /// <summary>The largest capacity accepted: more homes a year than any landlord's register holds.</summary>
    public const int MaxCapacity = 1_000_000;

    /// <summary>The keys of one component.</summary>
    public static readonly string[] ComponentKeys = ["lifetime", "capacity"];

    /// <summary>
    /// Component → lifetime in years, and component → capacity in homes a year, leaving out (after reporting) any
    /// component or value that is wrong.
    /// </summary>
    public static (Dictionary<string, int> Lifetimes, Dictionary<string, int> Capacities) Read(YamlMap map)
    {
        var lifetimes = new Dictionary<string, int>(StringComparer.Ordinal);
        var capacities = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            var component = entry.KeyNode.AsId("an improvements component");
            var what = $"improvements.{entry.Key}";
            if (entry.Value.AsMap(what, ComponentKeys) is not { } fields)
            {
                continue;
            }

            var years = fields.Required("lifetime")?.AsDuration($"{what}.lifetime", DurationUnit.Years);
            var capacity = fields.Optional("capacity")?.AsInt($"{what}.capacity (homes a year)", 1, MaxCapacity);
            if (component is not null && years is { } y)
            {
                lifetimes[component] = y.Count;
                if (capacity is { } c)
                {
                    capacities[component] = c;
                }
            }
        }

        return (lifetimes, capacities);
    }
}
