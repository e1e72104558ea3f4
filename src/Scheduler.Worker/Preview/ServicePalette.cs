using System.Globalization;

namespace Scheduler.Worker.Preview;

/// <summary>
/// The planner's fixed colours. A service's colour is keyed by its position in config (<c>services:</c>), so the
/// same configuration always paints a service the same way whatever range or filter is previewed; services config
/// does not define get a slot from a stable hash of their id. Ten colours (Tableau 10, mid-tone so black text reads
/// on all of them); with more than ten services colours repeat, and the legend and row labels tell them apart.
/// </summary>
internal static class ServicePalette
{
    private static readonly string[] Colours =
    [
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ];

    /// <summary>How many distinct colours there are.</summary>
    public static int Count => Colours.Length;

    /// <summary>The palette slot for a service: its config index, or a hash of its id when config lacks it.</summary>
    public static int SlotOf(string serviceId, int? configIndex)
    {
        if (configIndex is { } index)
        {
            return index % Colours.Length;
        }

        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var ch in serviceId)
        {
            hash = unchecked((hash ^ ch) * 16777619u);
        }

        return (int)(hash % (uint)Colours.Length);
    }

    /// <summary>The full colour of a slot, used for a target.</summary>
    public static string Strong(int slot) => Colours[slot];

    /// <summary>The pale tint of a slot (30 % colour on white), used for an open window.</summary>
    public static string Tint(int slot)
    {
        var hex = Colours[slot];
        int Mix(int at) => 255 - (int)Math.Round((255 - int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)) * 0.3);
        return string.Create(CultureInfo.InvariantCulture, $"#{Mix(1):x2}{Mix(3):x2}{Mix(5):x2}");
    }
}
