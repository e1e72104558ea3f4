using System.Globalization;
using NodaTime;

namespace Scheduler.Domain.Compliance;

/// <summary>Writes a date-based <see cref="Period"/> the way config does: "14 days", "2 months".</summary>
internal static class PeriodText
{
    public static string Describe(Period period)
    {
        var parts = new List<string>();
        Add(parts, period.Years, "year");
        Add(parts, period.Months, "month");
        Add(parts, period.Weeks, "week");
        Add(parts, period.Days, "day");
        return parts.Count == 0 ? "0 days" : string.Join(" ", parts);
    }

    private static void Add(List<string> parts, int count, string unit)
    {
        if (count != 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {unit}{(count == 1 ? string.Empty : "s")}"));
        }
    }
}
