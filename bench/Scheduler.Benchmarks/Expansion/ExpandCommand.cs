using System.Globalization;

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace Scheduler.Benchmarks.Expansion;

/// <summary>
/// <c>expand [--ical-sample N] [--by-schedule] [BenchmarkDotNet options]</c>: checks the benchmark still mirrors the
/// shipped config, counts the occurrences each side produces (they are deterministic), optionally times each
/// schedule alone, runs <see cref="ExpansionBenchmarks"/> with a short job, then prints occurrences per second and
/// bytes allocated per occurrence side by side.
/// </summary>
internal static class ExpandCommand
{
    /// <summary>The environment variable that carries the Ical.Net sample to the benchmark process.</summary>
    public const string SampleVariable = "SCHEDULER_BENCH_ICAL_SAMPLE_EVERY";

    public static int Run(string[] args)
    {
        var sampleEvery = 1;
        var bySchedule = false;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--by-schedule")
            {
                bySchedule = true;
            }
            else if (args[i] == "--ical-sample")
            {
                if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out sampleEvery) || sampleEvery < 1)
                {
                    Console.Error.WriteLine("expand: --ical-sample needs a whole number of 1 or more (every n-th asset goes to Ical.Net).");
                    return 2;
                }

                i++;
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        Console.WriteLine("Comparing the benchmark's schedules and holidays with config/*.yaml and the shipped catalogue...");
        var from = ExpansionBenchmarks.From;
        var differences = ShippedConfigCheck.Differences(SyntheticEstate.Build(from.Year - 1), from, ExpansionBenchmarks.To);
        Console.WriteLine(differences.Count == 0 ? "  same schedules, same occurrences, same bank holidays" : "  WARNING: " + string.Join(Environment.NewLine + "  WARNING: ", differences));

        Console.WriteLine("Counting the occurrences of each side (deterministic)...");
        var counts = OccurrenceCounts.Measure(sampleEvery);
        Console.WriteLine(counts);

        if (bySchedule)
        {
            Console.WriteLine("Timing each schedule alone (rough: best of 5 Stopwatch runs in this process)...");
            Console.WriteLine(ScheduleTimes.Render(new ExpansionBenchmarks { IcalSampleEvery = sampleEvery }, 5));
        }

        var job = Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(10)
            .WithEnvironmentVariable(SampleVariable, sampleEvery.ToString(CultureInfo.InvariantCulture));
        var config = DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
        var summary = BenchmarkRunner.Run<ExpansionBenchmarks>(config, [.. rest]);

        Console.WriteLine();
        Console.WriteLine(RateTable.Render(summary, counts));
        if (differences.Count > 0)
        {
            Console.WriteLine($"WARNING: the benchmark's schedules or holidays differ from what ships ({differences.Count} differences, listed at the start).");
        }

        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }
}
