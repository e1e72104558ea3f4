using System.Text.Json;

namespace Scheduler.Persistence.Register;

/// <summary>The jsonb form of an asset's register columns: a flat JSON object of strings.</summary>
internal static class AttributesJson
{
    public static string Write(IReadOnlyDictionary<string, string> attributes) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(attributes.ToDictionary(), StringComparer.Ordinal));

    public static IReadOnlyDictionary<string, string> Read(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
