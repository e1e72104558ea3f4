using Scheduler.Domain.Improvements;

namespace Scheduler.Worker.Improvements;

/// <summary>How components are named and ordered where people read them (the published page, the console table, letters).</summary>
internal static class ComponentNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        [ImprovementComponents.Kitchen] = "Kitchen",
        [ImprovementComponents.Bathroom] = "Bathroom",
        [ImprovementComponents.Boiler] = "Boiler",
        [ImprovementComponents.HeatingDistribution] = "Heating pipes and radiators",
        [ImprovementComponents.Windows] = "Windows",
        [ImprovementComponents.ExternalDoors] = "External doors",
        [ImprovementComponents.Roof] = "Roof",
        [ImprovementComponents.Electrics] = "Electrics",
        [ImprovementComponents.HomeMot] = "Home MOT survey",
    };

    /// <summary>"Kitchen", "Home MOT survey"; any other id with its first letter capitalised and hyphens as spaces.</summary>
    public static string Display(string component) => Names.TryGetValue(component, out var name)
        ? name
        : char.ToUpperInvariant(component[0]) + component[1..].Replace('-', ' ');

    /// <summary>
    /// <paramref name="components"/> in the published order: those of <see cref="ImprovementComponents.All"/> in its
    /// order, then any others by id (ordinal).
    /// </summary>
    public static IReadOnlyList<string> InPublishedOrder(IEnumerable<string> components) =>
    [
        .. components.Distinct(StringComparer.Ordinal)
            .OrderBy(c => ImprovementComponents.All.IndexOf(c) is var i && i >= 0 ? i : int.MaxValue)
            .ThenBy(c => c, StringComparer.Ordinal),
    ];

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
