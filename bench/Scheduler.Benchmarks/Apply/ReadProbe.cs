using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Planning;
using Scheduler.Persistence;
using Scheduler.Persistence.Orders;
using static Scheduler.Benchmarks.BenchEnvironment;

namespace Scheduler.Benchmarks.Apply;

/// <summary>
/// <c>dotnet run -c Release --project bench/Scheduler.Benchmarks -- readprobe "&lt;connection string with Database=…&gt;" &lt;way&gt;… [--rounds N]</c>:
/// a diagnostic, not a benchmark. On a database kept by <c>reapply --keep</c> (the apply benchmark's estate after its
/// first apply), does each way N times, interleaved, and prints its wall, CPU (process + PostgreSQL) and GC pause. Ways:
/// the stored orders' read alone, <c>plain</c> (one read, 8 kB buffer: main before branch <c>compare18</c>), <c>buffer</c>
/// (one read, 64 kB), <c>split</c> (2 parts, 64 kB), <c>split-small</c> (2 parts, 8 kB); the whole full compare as a
/// weekly night makes it (<c>ApplyAsync</c> with a register kept, nothing to change), <c>apply1-small</c> (one read, 8 kB),
/// <c>apply1</c> (one read, 64 kB), <c>apply2</c> (2 parts, 64 kB, each way keeping its own part sizes),
/// <c>apply2-read-ids</c> (as <c>apply2</c>, the stored orders' asset ids held as the strings read, not the kept register's:
/// main before branch <c>cmp20</c>). <c>--as-of yyyy-MM-dd</c> plans for that day instead of 1 January 2027: the first
/// round's apply writes that day's new orders, and every later one is a full compare with nothing to change whose gas
/// visits' windows have moved on with as-of (covered by their stored orders), as on a weekly night.
/// </summary>
internal static class ReadProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        var connectionString = args[0];
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var rounds = Option(args, "--rounds", 3);
        var variants = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _) && !DateTime.TryParse(a, CultureInfo.InvariantCulture, out _)).ToArray();
        var asOfAt = Array.IndexOf(args, "--as-of"); // a later day: the floating visits' windows have moved on, as on a weekly night
        var asOf = asOfAt >= 0 ? LocalDate.FromDateTime(DateTime.Parse(args[asOfAt + 1], CultureInfo.InvariantCulture)) : new LocalDate(2027, 1, 1);
        var names = new StoredOrderReader.KnownNames(
            ["clean-fortnightly", "clean-weekly", "gas-safety", "grass-cut"], ["block-clean", "gas-safety", "grass-cut", "path-sweep"], ["cleaner", "gas", "grounds"]);
        await using var small = EstateDatabase.CreateDataSource(connectionString + ";Read Buffer Size=8192");
        await using var large = EstateDatabase.CreateDataSource(connectionString + ";Read Buffer Size=65536");
        var clock = new NodaTime.Testing.FakeClock(Instant.FromUtc(2027, 1, 1, 6, 0));
        var caches = new Dictionary<string, PlanningRegisterCache>(StringComparer.Ordinal); // one a variant: each keeps its own part sizes
        var calendar = Scheduler.Domain.WorkingDays.BankHolidayCatalog.Snapshot.Calendar(Scheduler.Domain.WorkingDays.BankHolidayRegion.EnglandAndWales);
        using var memory = new MemorySampler();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var variant in variants)
            {
                GC.Collect(2, GCCollectionMode.Forced, true, true);
                await Task.Delay(200);
                var cpu0 = CpuTime.Now(database);
                var pause0 = GC.GetTotalPauseDuration();
                var allocated0 = GC.GetTotalAllocatedBytes(precise: false);
                memory.Enter(variant);
                var watch = Stopwatch.StartNew();
                var count = variant switch
                {
                    "plain" => await Plain(small),
                    "buffer" => await Plain(large),
                    "split" => await Split(large, 2),
                    "split-small" => await Split(small, 2),
                    "apply1" => await Apply(large, 1, variant),
                    "apply2" => await Apply(large, 2, variant),
                    "apply2-read-ids" => await Apply(large, 2, variant, holdKept: false),
                    "apply1-small" => await Apply(small, 1, variant),
                    _ => throw new ArgumentException(variant),
                };
                var cpu = CpuTime.Now(database) - cpu0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{variant,-12} {count,8} rows  wall {watch.Elapsed.TotalSeconds:F3}  cpu {cpu.Client.TotalSeconds:F2} + {cpu.Server.TotalSeconds:F2}  pause {(GC.GetTotalPauseDuration() - pause0).TotalSeconds:F3}  allocated {(GC.GetTotalAllocatedBytes(precise: false) - allocated0) / 1048576.0:N0} MB  peak WS / heap {memory.Report().Split("; ")[^1]} MB  load {LoadAverage(1)}"));
            }
        }

        return 0;

        async Task<int> Plain(NpgsqlDataSource source)
        {
            await using var connection = await source.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            var table = await StoredOrderReader.ReadAsync(connection, tx, asOf, names, default);
            return table.Count;
        }

        async Task<int> Apply(NpgsqlDataSource source, int parts, string variant, bool holdKept = true)
        {
            if (!caches.TryGetValue(variant, out var cache))
            {
                caches[variant] = cache = new PlanningRegisterCache();
            }

            var generation = new WorkOrderGeneration(source, SyntheticEstate.Config(), calendar, clock, cache) { ReadParts = parts, SplitReadFromPages = parts == 1 ? long.MaxValue : 0, HoldKeptAssetIds = holdKept };
            var result = await generation.ApplyAsync(asOf);
            return result.Plan.Unchanged.Count;
        }

        async Task<int> Split(NpgsqlDataSource source, int parts)
        {
            await using var connection = await source.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            var (table, _) = await StoredOrderReader.ReadInPartsAsync(source, connection, tx, asOf, names, parts, 0, null, null, default);
            return table.Count;
        }
    }
}
