using Scheduler.Benchmarks.Apply;
using Scheduler.Benchmarks.Dispatch;
using Scheduler.Benchmarks.EndToEnd;
using Scheduler.Benchmarks.Expansion;

// Benchmarks by name: the first argument picks one; the rest are its options (for BenchmarkDotNet ones, e.g. --filter).
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["expand"] = options => Task.FromResult(ExpandCommand.Run(options)),
    ["apply"] = ApplyBenchmark.RunAsync,
    ["reapply"] = ReapplyDiagnostic.RunAsync,
    ["readprobe"] = ReadProbe.RunAsync,
    ["import"] = ImportBenchmark.RunAsync,
    ["dispatch"] = DispatchBenchmark.RunAsync,
    ["render"] = RenderProbe.RunAsync,
    ["compose"] = ComposeProbe.RunAsync,
    ["endtoend"] = EndToEndBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Scheduler.Benchmarks -- <benchmark> [options]");
    Console.Error.WriteLine($"benchmarks: {string.Join(", ", benchmarks.Keys)}");
    return 2;
}

return await run(args[1..]);
