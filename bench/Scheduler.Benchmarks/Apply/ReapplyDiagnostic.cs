using System.Diagnostics;
using System.Globalization;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Benchmarks.BenchEnvironment;

namespace Scheduler.Benchmarks.Apply;

/// <summary>
/// <c>dotnet run -c Release --project bench/Scheduler.Benchmarks -- reapply [--runs N]</c>: a diagnostic, not a
/// benchmark with a goal. Seeds the apply benchmark's estate, applies once, then applies unchanged N times (5 unless
/// told), each after the previous one's garbage is collected, and prints each re-apply's wall time, phases, CPU
/// (client + server), collections and pause: the smallest of several says more about a change under load than one
/// run of <c>apply</c> does. With <c>--cache</c> the generation keeps the register between applies
/// (<see cref="PlanningRegisterCache"/>, as the worker's nightly generation does), so each re-apply is what a weekly full
/// compare does: the stored orders and the floating history read, the kept register expanded and compared. With
/// <c>--keep</c> the database is not dropped at the end (its name is printed): for <c>EXPLAIN</c> on an <c>ESTATE_TEST_DB</c> server.
/// </summary>
internal static class ReapplyDiagnostic
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Option(args, "--runs", 5);
        var cache = args.Contains("--cache") ? new PlanningRegisterCache() : null;
        var keep = args.Contains("--keep");
        var asOf = new LocalDate(2027, 1, 1);
        var clock = new FakeClock(Instant.FromUtc(2027, 1, 1, 6, 0));
        var server = await PostgresServer.SharedAsync();
        var name = await server.CreateMigratedDatabaseAsync();
        try
        {
            await using var dataSource = EstateDatabase.CreateDataSource(server.ConnectionString(name));
            await SyntheticEstate.SeedAsync(dataSource, 3_000, 15_000, 300_000, clock.GetCurrentInstant());
            var generation = new WorkOrderGeneration(dataSource, SyntheticEstate.Config(), BankHolidayCatalog.Snapshot.Calendar(BankHolidayRegion.EnglandAndWales), clock, cache);
            var cpu0 = CpuTime.Now(name);
            var watch = Stopwatch.StartNew();
            var first = (await generation.ApplyAsync(asOf)).CreateCount;
            var firstCpu = CpuTime.Now(name) - cpu0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"first apply: {first:N0} created in {watch.Elapsed.TotalSeconds:F2} s, CPU {firstCpu.Client.TotalSeconds:F2} + {firstCpu.Server.TotalSeconds:F2} s"));
            Console.WriteLine("| run | wall | read / compare | CPU client + server | gen0/gen1/gen2, pause | allocated | load |");
            Console.WriteLine("|---|---:|---|---|---|---:|---|");
            for (var run = 1; run <= runs; run++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                var (g0, g1, g2, pause) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
                var allocated = GC.GetTotalAllocatedBytes(precise: false);
                cpu0 = CpuTime.Now(name);
                watch.Restart();
                var result = await generation.ApplyAsync(asOf);
                watch.Stop();
                var cpu = CpuTime.Now(name) - cpu0;
                if (result.CreateCount != 0 || result.CancelCount != 0)
                {
                    Console.Error.WriteLine("a re-apply changed something");
                    return 1;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {run} | {watch.Elapsed.TotalSeconds:F2} s | {result.Timings.Read.TotalSeconds:F2} / {result.Timings.Compare.TotalSeconds:F2} s | {cpu.Client.TotalSeconds:F2} + {cpu.Server.TotalSeconds:F2} s | {GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}, {(GC.GetTotalPauseDuration() - pause).TotalSeconds:F2} s | {(GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1048576.0:N0} MB | {LoadAverage()} |"));
            }

            return 0;
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            if (keep)
            {
                // The test server drops what it created when the process exits: keep a copy.
                await using var admin = new Npgsql.NpgsqlConnection(server.ConnectionString("postgres"));
                await admin.OpenAsync();
                await using var copy = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}_kept TEMPLATE {name}", admin);
                await copy.ExecuteNonQueryAsync();
                Console.WriteLine($"kept database {name}_kept");
            }

            await server.DropDatabaseAsync(name);
        }
    }
}
