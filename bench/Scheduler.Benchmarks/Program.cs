using Scheduler.Benchmarks.Expansion;

// Benchmarks by name: the first argument picks one; the rest go to BenchmarkDotNet (e.g. --filter).
var benchmarks = new Dictionary<string, Func<string[], int>>(StringComparer.Ordinal)
{
    ["expand"] = ExpandCommand.Run,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Scheduler.Benchmarks -- <benchmark> [BenchmarkDotNet options]");
    Console.Error.WriteLine($"benchmarks: {string.Join(", ", benchmarks.Keys)}");
    return args.Length == 0 ? 2 : 1;
}

return run(args[1..]);
