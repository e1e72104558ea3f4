using System.Globalization;
using System.Text;

namespace Scheduler.Benchmarks.Expansion;

/// <summary>The per-schedule split of <see cref="ExpansionBenchmarks.TimeBySchedule"/> as a plain table.</summary>
internal static class ScheduleTimes
{
    public static string Render(ExpansionBenchmarks benchmarks, int repeats)
    {
        ArgumentNullException.ThrowIfNull(benchmarks);
        benchmarks.SetUp();
        var text = new StringBuilder("schedule, domain occurrences, domain ms, domain occurrences/s, Ical.Net occurrences, Ical.Net ms, Ical.Net occurrences/s, ratio\n");
        foreach (var (schedule, domain, domainMs, ical, icalMs) in benchmarks.TimeBySchedule(repeats))
        {
            double domainRate = domain / (domainMs / 1e3), icalRate = ical / (icalMs / 1e3);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{schedule}, {domain:N0}, {domainMs:N1}, {domainRate:N0}, {ical:N0}, {icalMs:N1}, {icalRate:N0}, {domainRate / icalRate:0.0}x");
        }

        return text.ToString();
    }
}
