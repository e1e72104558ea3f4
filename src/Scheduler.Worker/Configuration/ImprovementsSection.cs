using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// Reads <c>improvements: { component: { lifetime: N years } }</c>: how old each component may get before a
/// home becomes eligible for its replacement (Decent Homes ages, DOMAIN.md §3).
/// </summary>
internal static class ImprovementsSection
{
    /// <summary>The keys of one component.</summary>
    public static readonly string[] ComponentKeys = ["lifetime"];

    /// <summary>Component → lifetime in years, leaving out (after reporting) any component that is wrong.</summary>
    public static Dictionary<string, int> Read(YamlMap map)
    {
        var lifetimes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            var component = entry.KeyNode.AsId("an improvements component");
            var what = $"improvements.{entry.Key}";
            var years = entry.Value.AsMap(what, ComponentKeys) is { } fields
                ? fields.Required("lifetime")?.AsDuration($"{what}.lifetime", DurationUnit.Years)
                : null;
            if (component is not null && years is { } y)
            {
                lifetimes[component] = y.Count;
            }
        }

        return lifetimes;
    }
}
