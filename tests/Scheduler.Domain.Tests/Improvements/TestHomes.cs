using Scheduler.Domain.Estate;

namespace Scheduler.Domain.Tests.Improvements;

/// <summary>Homes as the register reader builds them, with only the columns a test cares about.</summary>
internal static class TestHomes
{
    /// <summary>A home; <paramref name="columns"/> are extra register columns written "name=value".</summary>
    public static Home Home(string id, string area = "north", int? kitchen = null, int? bathroom = null, int? boiler = null, params string[] columns)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["property_id"] = id,
            ["area_id"] = area,
            ["kitchen_year"] = kitchen?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            ["bathroom_year"] = bathroom?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            ["boiler_year"] = boiler?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        };
        foreach (var column in columns)
        {
            var at = column.IndexOf('=', StringComparison.Ordinal);
            attributes[column[..at]] = column[(at + 1)..];
        }

        return new Home(id, null, null, $"{id} Test Street", "ZZ1 1ZZ", area, true, null, kitchen, bathroom, boiler, attributes);
    }

    /// <summary>The shipped lifetimes (config/improvements.yaml).</summary>
    public static Dictionary<string, int> ShippedLifetimes { get; } = new(StringComparer.Ordinal)
    {
        ["kitchen"] = 20,
        ["bathroom"] = 30,
        ["boiler"] = 15,
        ["heating-distribution"] = 40,
        ["electrics"] = 30,
        ["windows"] = 30,
        ["external-doors"] = 30,
        ["roof"] = 50,
        ["home-mot"] = 10,
    };
}
