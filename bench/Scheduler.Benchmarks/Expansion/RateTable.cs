using System.Globalization;
using System.Text;

using BenchmarkDotNet.Reports;

namespace Scheduler.Benchmarks.Expansion;

/// <summary>
/// The plain result table: per method the occurrences per call, mean time, occurrences per second, bytes
/// allocated per occurrence and the rate relative to Ical.Net, plus whether the issue's goals are met.
/// </summary>
internal static class RateTable
{
    /// <summary>The domain must expand at least this many times Ical.Net's rate.</summary>
    public const double RateGoal = 30;

    /// <summary>The domain must allocate fewer bytes than this per occurrence.</summary>
    public const double BytesGoal = 200;

    public static string Render(Summary summary, OccurrenceCounts counts)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(counts);
        var rows = new List<Row>();
        foreach (var report in summary.Reports)
        {
            if (report.ResultStatistics is not { } stats)
            {
                continue;
            }

            var method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var occurrences = counts.Of(method);
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            rows.Add(new Row(
                method,
                occurrences,
                stats.Mean,
                occurrences / (stats.Mean / 1e9),
                occurrences / (stats.Min / 1e9),
                allocated is { } b ? (double)b / occurrences : null));
        }

        var baseline = rows.FirstOrDefault(r => r.Method == nameof(ExpansionBenchmarks.IcalNet));
        var text = new StringBuilder();
        text.AppendLine("method, occurrences, mean, occurrences/s, bytes/occurrence, ratio vs Ical.Net");
        foreach (var row in rows)
        {
            var ratio = baseline is null ? "n/a" : (row.Rate / baseline.Rate).ToString("0.0", CultureInfo.InvariantCulture) + "x";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{row.Method}, {row.Occurrences:N0}, {row.MeanNs / 1e6:N1} ms, {row.Rate:N0}, {(row.BytesPerOccurrence is { } b ? b.ToString("N1", CultureInfo.InvariantCulture) : "n/a")}, {ratio}");
        }

        if (counts.SampleEvery > 1)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"(Ical.Net ran on every {counts.SampleEvery}th asset of each schedule: compare rates, not totals.)");
        }

        var domain = rows.FirstOrDefault(r => r.Method == nameof(ExpansionBenchmarks.Domain));
        if (domain is not null && baseline is not null)
        {
            // The fastest iteration of each is the least disturbed by other work on a shared machine.
            text.AppendLine(CultureInfo.InvariantCulture,
                $"best iterations: Domain {domain.BestRate:N0} occurrences/s, Ical.Net {baseline.BestRate:N0} occurrences/s: {domain.BestRate / baseline.BestRate:0.0}x");
            var rateMet = domain.Rate >= RateGoal * baseline.Rate;
            var bytesMet = domain.BytesPerOccurrence < BytesGoal;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"goal >= {RateGoal:0}x Ical.Net's rate: {(rateMet ? "met" : "NOT met")}; goal < {BytesGoal:0} B/occurrence: {(bytesMet ? "met" : "NOT met")}");
        }

        return text.ToString();
    }

    private sealed record Row(string Method, int Occurrences, double MeanNs, double Rate, double BestRate, double? BytesPerOccurrence);
}
