using System.Globalization;
using System.Text;

namespace Scheduler.Benchmarks.Expansion;

/// <summary>
/// The number of occurrences each benchmark method produces per call, measured once in the host process by
/// calling the methods themselves. The estate is seeded, so the same count holds in the benchmark process.
/// </summary>
internal sealed record OccurrenceCounts(
    int Domain,
    int IcalNet,
    int IcalEvents,
    int SampleEvery,
    IReadOnlyList<string> IcalRules,
    IReadOnlyList<(string Schedule, int Domain, int IcalNet)> BySchedule)
{
    public static OccurrenceCounts Measure(int sampleEvery)
    {
        var benchmarks = new ExpansionBenchmarks { IcalSampleEvery = sampleEvery };
        benchmarks.SetUpIcalNetEvents();
        var ical = benchmarks.IcalNet();
        var fromRegister = benchmarks.IcalNetFromRegister();
        if (fromRegister != ical)
        {
            throw new InvalidOperationException($"Ical.Net gave {ical} occurrences from prebuilt events but {fromRegister} from the register.");
        }

        return new OccurrenceCounts(benchmarks.Domain(), ical, benchmarks.IcalEvents, sampleEvery, benchmarks.IcalRules, benchmarks.CountBySchedule());
    }

    /// <summary>The count of a benchmark method by name.</summary>
    public int Of(string method) => method switch
    {
        nameof(ExpansionBenchmarks.Domain) => Domain,
        nameof(ExpansionBenchmarks.IcalNet) or nameof(ExpansionBenchmarks.IcalNetFromRegister) => IcalNet,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "No occurrence count for this benchmark."),
    };

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"  Domain:  {Domain:N0} occurrences per call (whole estate)");
        var sample = SampleEvery == 1 ? "whole estate" : $"every {SampleEvery}th asset of each schedule";
        text.AppendLine(CultureInfo.InvariantCulture, $"  IcalNet: {IcalNet:N0} occurrences per call from {IcalEvents:N0} events ({sample})");
        text.AppendLine("  RRULEs:  " + string.Join(" | ", IcalRules));
        text.AppendLine("  schedule, domain occurrences (with follow-ups), Ical.Net occurrences");
        foreach (var (schedule, domain, ical) in BySchedule)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    {schedule}, {domain:N0}, {ical:N0}");
        }
        return text.ToString();
    }
}
