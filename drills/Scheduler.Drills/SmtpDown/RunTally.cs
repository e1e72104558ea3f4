using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;

namespace Scheduler.Drills.SmtpDown;

/// <summary>One hourly look at the outbox and readiness during the outage.</summary>
internal sealed record Sample(int Hours, long Backlog, long MostAttempts, long Dead, HealthStatus Readiness, bool NamesOutage);

/// <summary>What one run of the smtp-down drill saw.</summary>
internal sealed class RunTally(int run)
{
    public int Run { get; } = run;

    public List<Sample> Samples { get; } = [];

    public (int Created, int Booked) Generated { get; set; }

    public int Reports { get; set; }

    public bool PortClosedVerified { get; set; }

    public int RefusedAtGreeting { get; set; }

    public int Probes { get; set; }

    public int Firings { get; set; }

    public TimeSpan ProbeWall { get; set; }

    public TimeSpan PausedWall { get; set; }

    public Duration? ResumedAfter { get; set; }

    public Duration? DrainedAt { get; set; }

    public TimeSpan DrainWall { get; set; }

    public TimeSpan Wall { get; set; }

    public long Backlog { get; set; }

    public long Delivered { get; set; }

    public long Printed { get; set; }

    public long Lost { get; set; }

    public long Duplicated { get; set; }

    public int OrderBreaches { get; set; }

    public string? Reason { get; set; }

    public string ReadyAfter { get; set; } = string.Empty;

    public string Kinds { get; set; } = string.Empty;

    /// <summary>The runs in one line of the results table.</summary>
    public static string Summary(IReadOnlyList<RunTally> tallies)
    {
        static string Range<T>(IEnumerable<T> values, Func<T, string> format) where T : IComparable<T>
        {
            var list = values.ToList();
            var (low, high) = (list.Min()!, list.Max()!);
            return low.CompareTo(high) == 0 ? format(low) : $"{format(low)}–{format(high)}";
        }

        if (tallies.Count == 0 || tallies.Any(t => t.ResumedAfter is null))
        {
            return "did not complete";
        }

        var firstUnhealthy = tallies.Select(t => t.Samples.FirstOrDefault(s => s.Readiness == HealthStatus.Unhealthy)?.Hours ?? -1);
        return $"backlog at the return {Range(tallies.Select(t => t.Backlog), n => n.ToString("N0", CultureInfo.InvariantCulture))} "
            + $"(grew over the day: {Range(tallies.Select(t => t.Samples[0].Backlog), n => n.ToString("N0", CultureInfo.InvariantCulture))} at +0 h); "
            + $"{Range(tallies.Select(t => t.Probes), n => n.ToString(CultureInfo.InvariantCulture))} probes while down, most attempts of a waiting message {tallies.Max(t => t.Samples.Max(x => x.MostAttempts))}, {tallies.Max(t => t.Samples.Max(x => x.Dead))} dead; "
            + $"first message {Range(tallies.Select(t => t.ResumedAfter!.Value.TotalMinutes), m => m.ToString("F1", CultureInfo.InvariantCulture))} min after the return; "
            + $"drained in {Range(tallies.Select(t => t.DrainWall.TotalSeconds), s => s.ToString("F2", CultureInfo.InvariantCulture))} s wall, in queue order ({tallies.Sum(t => t.OrderBreaches)} breaches); "
            + $"readiness Unhealthy from +{Range(firstUnhealthy, h => h.ToString(CultureInfo.InvariantCulture))} h, after the drain {string.Join("/", tallies.Select(t => t.ReadyAfter.Split(':')[0]).Distinct())}; "
            + $"{Range(tallies.Select(t => t.Wall.TotalSeconds), s => s.ToString("F0", CultureInfo.InvariantCulture))} s wall per run";
    }
}
