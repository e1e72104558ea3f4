using System.Globalization;
using System.Text;

namespace Scheduler.Benchmarks.Expansion;

/// <summary>
/// The number of occurrences each benchmark method produces per call, measured once in the host process by
/// calling the methods themselves. The estate is seeded, so the same count holds in the benchmark process.
/// </summary>
internal sealed record OccurrenceCounts(int Domain, int IcalNet, int IcalEvents, int SampleEvery, IReadOnlyList<string> IcalRules)
{
    public static OccurrenceCounts Measure(int sampleEvery)
    {
        var benchmarks = new ExpansionBenchmarks { IcalSampleEvery = sampleEvery };
        benchmarks.SetUpDomain();
        var domain = benchmarks.Domain();
        benchmarks.SetUpIcalNet();
        return new OccurrenceCounts(domain, benchmarks.IcalNet(), benchmarks.IcalEvents, sampleEvery, benchmarks.IcalRules);
    }

    /// <summary>The count of a benchmark method by name.</summary>
    public int Of(string method) => method switch
    {
        nameof(ExpansionBenchmarks.Domain) => Domain,
        nameof(ExpansionBenchmarks.IcalNet) => IcalNet,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "No occurrence count for this benchmark."),
    };

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"  Domain:  {Domain:N0} occurrences per call (whole estate)");
        var sample = SampleEvery == 1 ? "whole estate" : $"every {SampleEvery}th asset of each schedule";
        text.AppendLine(CultureInfo.InvariantCulture, $"  IcalNet: {IcalNet:N0} occurrences per call from {IcalEvents:N0} events ({sample})");
        text.Append("  RRULEs:  ").AppendJoin(" | ", IcalRules);
        return text.ToString();
    }
}
