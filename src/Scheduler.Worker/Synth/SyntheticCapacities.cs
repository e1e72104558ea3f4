using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Worker.Synth;

/// <summary>
/// Sizes the capacities in a synthetic estate's copied config to the estate, as a landlord of that size would:
/// gas engineers per area (<c>gas-safety.yaml</c>'s <c>engineers:</c>) enough for every gas home's yearly check with a
/// 30% margin for no-access rebooking, and each improvement component's yearly <c>capacity</c> the steady replacement
/// rate (homes ÷ lifetime). The sample config's figures are sized for 80 homes and would starve a large estate.
/// </summary>
internal static partial class SyntheticCapacities
{
    // Working days in a year, and the visits an engineer makes in one (one AM, one PM).
    private const double WorkingDays = 250, VisitsPerEngineerDay = 2, Margin = 1.3;

    public static void Write(string configDirectory, IReadOnlyList<string> areaIds, IReadOnlyDictionary<string, int> gasHomesByArea, int homes)
    {
        Rewrite(Path.Join(configDirectory, "gas-safety.yaml"), text => Engineers().Replace(text, _ =>
            "engineers: { " + string.Join(", ", areaIds.Select(area =>
                $"{area}: {Math.Max(1, (int)Math.Ceiling(gasHomesByArea.GetValueOrDefault(area) * Margin / WorkingDays / VisitsPerEngineerDay))}")) + " }"));
        Rewrite(Path.Join(configDirectory, "improvements.yaml"), text => Capacity().Replace(text, match =>
        {
            var lifetime = int.Parse(match.Groups["lifetime"].Value, CultureInfo.InvariantCulture);
            var capacity = Math.Max(1, (int)Math.Ceiling(homes / (double)lifetime));
            return $"{match.Groups["head"].Value}{capacity.ToString(CultureInfo.InvariantCulture)}";
        }));
    }

    private static void Rewrite(string path, Func<string, string> change)
    {
        if (File.Exists(path))
        {
            File.WriteAllText(path, change(File.ReadAllText(path)));
        }
    }

    [GeneratedRegex(@"engineers:\s*\{[^}]*\}")]
    private static partial Regex Engineers();

    [GeneratedRegex(@"(?<head>lifetime:\s*(?<lifetime>\d+)\s*years?\s*,\s*capacity:\s*)\d+")]
    private static partial Regex Capacity();
}
