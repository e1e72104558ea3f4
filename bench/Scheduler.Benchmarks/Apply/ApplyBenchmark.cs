using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Benchmarks.BenchEnvironment;

namespace Scheduler.Benchmarks.Apply;

/// <summary>
/// <c>dotnet run -c Release --project bench/Scheduler.Benchmarks -- apply [--homes N] [--blocks N] [--sites N]</c>:
/// applies a 12-month horizon for a synthetic estate, applies it again unchanged, then binary-COPYs the same rows
/// into an empty copy of <c>work_orders</c> (same indexes and constraints) in the same run, and prints rows/s for
/// both, the ratios against the issue's goals, and the process's peak memory after the applies.
/// The database is <c>ESTATE_TEST_DB</c> when set, else a throwaway local cluster (see PostgresServer).
/// </summary>
internal static class ApplyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var homes = Option(args, "--homes", 300_000);
        var blocks = Option(args, "--blocks", 15_000);
        var sites = Option(args, "--sites", 3_000);
        var asOf = new LocalDate(2027, 1, 1);
        var clock = new FakeClock(Instant.FromUtc(2027, 1, 1, 6, 0));

        var server = await PostgresServer.SharedAsync();
        var name = await server.CreateMigratedDatabaseAsync();
        try
        {
            await using var dataSource = EstateDatabase.CreateDataSource(server.ConnectionString(name));
            Console.WriteLine($"estate: {sites:N0} sites, {blocks:N0} blocks, {homes:N0} homes; horizon 12 months from {asOf:uuuu-MM-dd}; database {name}");
            var seed = Stopwatch.StartNew();
            await SyntheticEstate.SeedAsync(dataSource, sites, blocks, homes, clock.GetCurrentInstant());
            Console.WriteLine($"seeded the register by COPY in {seed.Elapsed.TotalSeconds:F1} s");

            var generation = new WorkOrderGeneration(dataSource, SyntheticEstate.Config(), BankHolidayCatalog.Snapshot.Calendar(BankHolidayRegion.EnglandAndWales), clock);
            // Each apply's result is reduced to its figures and the garbage collected before the next, as a worker that
            // applies once a day would be; the peak working set below is then what one apply needs.
            using var memory = new MemorySampler();
            memory.Enter("first");
            var cpu0 = CpuTime.Now(name);
            var allocated0 = GC.GetTotalAllocatedBytes(precise: false);
            var gc0 = GcFigures.Now();
            var first = Stopwatch.StartNew();
            var created = Figures.Of(await generation.ApplyAsync(asOf));
            first.Stop();
            var firstCpu = CpuTime.Now(name) - cpu0;
            var firstAllocated = GC.GetTotalAllocatedBytes(precise: false) - allocated0;
            var firstGc = GcFigures.Now() - gc0;
            var liveAfterFirst = await CollectAsync();
            long events, notices;
            await using (var count = dataSource.CreateCommand("SELECT (SELECT count(*) FROM work_order_history WHERE kind = 'created'), (SELECT count(*) FROM outbox_messages)"))
            await using (var counted = await count.ExecuteReaderAsync())
            {
                await counted.ReadAsync();
                (events, notices) = (counted.GetInt64(0), counted.GetInt64(1));
            }

            memory.Enter("second");
            cpu0 = CpuTime.Now(name);
            allocated0 = GC.GetTotalAllocatedBytes(precise: false);
            gc0 = GcFigures.Now();
            var second = Stopwatch.StartNew();
            var again = Figures.Of(await generation.ApplyAsync(asOf));
            second.Stop();
            var secondCpu = CpuTime.Now(name) - cpu0;
            var secondAllocated = GC.GetTotalAllocatedBytes(precise: false) - allocated0;
            var secondGc = GcFigures.Now() - gc0;
            var liveAfterSecond = await CollectAsync();
            if (again.CreateCount != 0 || again.CancelCount != 0)
            {
                Console.Error.WriteLine($"the second apply changed something: {again.CreateCount} created, {again.CancelCount} cancelled");
                return 1;
            }

            long lastId;
            await using (var max = dataSource.CreateCommand("SELECT max(id) FROM work_orders"))
            {
                lastId = (long)(await max.ExecuteScalarAsync())!;
            }

            memory.Enter("next day");
            cpu0 = CpuTime.Now(name);
            var nextDay = Stopwatch.StartNew();
            var stepped = Figures.Of(await generation.ApplyAsync(asOf.PlusDays(1)));
            nextDay.Stop();
            var nextDayCpu = CpuTime.Now(name) - cpu0;

            memory.Enter("after");
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            var peakMb = self.PeakWorkingSet64 / (1024.0 * 1024.0);

            // For information, after the peak above: the night after, as the generate job runs it (incremental from the
            // next day's apply: one new day, nothing else changed), beside that full next-day apply.
            memory.Enter("nightly");
            cpu0 = CpuTime.Now(name);
            var nightlyWatch = Stopwatch.StartNew();
            var nightlyResult = await generation.GenerateAsync(asOf.PlusDays(2));
            nightlyWatch.Stop();
            var nightlyCpu = CpuTime.Now(name) - cpu0;
            var nightly = Figures.Of(nightlyResult);
            var nightlyScope = nightlyResult.Scope;
            nightlyResult = null;

            var (registerRead, storedRead, storedCount) = await ReadPartsAsync(dataSource, asOf);
            var rows = await ReadRowsAsync(dataSource, lastId);
            cpu0 = CpuTime.Now(name);
            var copy = await RawCopyAsync(dataSource, rows);
            var copyCpu = CpuTime.Now(name) - cpu0;

            var applyRate = created.CreateCount / first.Elapsed.TotalSeconds;
            var copyRate = rows.Count / copy.TotalSeconds;
            Console.WriteLine();
            Console.WriteLine("| measure | value | goal |");
            Console.WriteLine("|---|---:|---|");
            Console.WriteLine($"| first apply: {created.CreateCount:N0} orders | {first.Elapsed.TotalSeconds:F2} s, {applyRate:N0} rows/s | |");
            Console.WriteLine($"| raw binary COPY of the same rows into an empty copy of work_orders | {copy.TotalSeconds:F2} s, {copyRate:N0} rows/s | |");
            Console.WriteLine($"| first apply ÷ raw COPY rate | {applyRate / copyRate:F2}× | ≥ 0.45× |");
            Console.WriteLine($"| second, unchanged apply ({again.UnchangedCount:N0} unchanged) | {second.Elapsed.TotalSeconds:F2} s = {second.Elapsed / first.Elapsed:F2}× the first | ≤ 0.25× |");
            Console.WriteLine($"| next day's apply (as-of + 1 day): {stepped.CreateCount:N0} created, {stepped.CancelCount:N0} cancelled, {stepped.UnchangedCount:N0} unchanged | {nextDay.Elapsed.TotalSeconds:F2} s; read / expand+compare / write {Phases(stepped.Timings)}; CPU {Cpu(nextDayCpu)} | |");
            Console.WriteLine($"| the night after (as-of + 2 days), nightly generation, {(nightlyScope.Incremental ? "incremental" : "full: " + nightlyScope.Reason)} ({nightlyScope.NewDays} new days, {nightlyScope.AssetsReplanned:N0} assets whole): {nightly.CreateCount:N0} created, {nightly.CancelCount:N0} cancelled, {nightly.UnchangedCount:N0} compared | {nightlyWatch.Elapsed.TotalSeconds:F2} s; read / expand+compare / write {Phases(nightly.Timings)}; CPU {Cpu(nightlyCpu)} | |");
            Console.WriteLine($"| first apply wrote: orders / `created` events in the audit trail (work_order_history) / outbox notices | {created.CreateCount:N0} / {events:N0} / {notices:N0} | |");
            Console.WriteLine($"| first apply phases: read / expand+compare / write | {Phases(created.Timings)} | |");
            Console.WriteLine($"| second apply phases: read / expand+compare / write | {Phases(again.Timings)} | |");
            Console.WriteLine($"| of which: register read / stored orders read ({storedCount:N0}) | {registerRead.TotalSeconds:F2} s / {storedRead.TotalSeconds:F2} s | |");
            Console.WriteLine($"| CPU, client + server: first apply / raw COPY / second apply | {Cpu(firstCpu)} / {Cpu(copyCpu)} / {Cpu(secondCpu)} | |");
            Console.WriteLine($"| CPU ratios: raw COPY ÷ first apply / second ÷ first | {copyCpu.Total / firstCpu.Total:F2}× / {secondCpu.Total / firstCpu.Total:F2}× | |");
            Console.WriteLine($"| managed allocations: first / second apply | {firstAllocated / 1048576.0:N0} / {secondAllocated / 1048576.0:N0} MB | |");
            Console.WriteLine($"| collections gen0/gen1/gen2 and pause: first / second apply | {firstGc} / {secondGc} | |");
            Console.WriteLine($"| live managed heap after the collection that follows the first / second apply | {liveAfterFirst / 1048576.0:N0} / {liveAfterSecond / 1048576.0:N0} MB | |");
            Console.WriteLine($"| highest working set / managed heap sampled in each apply (MB) | {memory.Report()} | |");
            Console.WriteLine($"| load average at the end | {LoadAverage()} | |");
            Console.WriteLine($"| peak working set after the three applies | {peakMb:N0} MB | < 1024 MB |");
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.DropDatabaseAsync(name);
        }
    }

    private static async Task<(TimeSpan Register, TimeSpan Stored, int Count)> ReadPartsAsync(NpgsqlDataSource dataSource, LocalDate asOf)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var watch = Stopwatch.StartNew();
        await using (var db = EstateDatabase.CreateContext(connection))
        {
            await Scheduler.Persistence.Register.EstateRegisterReader.ReadAsync(db);
        }

        var register = watch.Elapsed;
        watch.Restart();
        var stored = await StoredOrderReader.ReadAsync(connection, null, asOf, StoredOrderReader.NamesOf(SyntheticEstate.Config()), default);
        return (register, watch.Elapsed, stored.Count);
    }

    /// <summary>
    /// Collects everything the previous apply left. Waits a moment first: the code after an <c>await</c> of the apply
    /// runs inline from the apply's own completion, with the apply's frames (and the plan, register and stored orders
    /// they hold) still on the stack, so a collection there kept them alive into the next apply (404 MB after the
    /// second apply, measured). Yielding alone is not enough (the pool can run this before the other thread has left
    /// those frames: 319 MB survived once); a short delay is.
    /// </summary>
    private static async Task<long> CollectAsync()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(250));
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetGCMemoryInfo(GCKind.FullBlocking).PromotedBytes;
    }

    /// <summary>Collections of each generation and the time the collector paused the process, from the runtime's counters.</summary>
    private readonly record struct GcFigures(int Gen0, int Gen1, int Gen2, TimeSpan Pause)
    {
        public static GcFigures Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

        public static GcFigures operator -(GcFigures a, GcFigures b) => new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Pause - b.Pause);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Gen0}/{Gen1}/{Gen2}, {Pause.TotalSeconds:F2} s");
    }

    private sealed record Figures(int CreateCount, int CancelCount, int UnchangedCount, GenerationTimings Timings)
    {
        public static Figures Of(GenerationResult r) => new(r.CreateCount, r.CancelCount, r.UnchangedCount, r.Timings);
    }

    internal sealed record Row(string Reference, string Schedule, string Service, string Asset, string Kind, LocalDate Start, LocalDate End,
        LocalDate Target, string Status, string? Contractor, long? Parent, string Key, string Version, Instant Created);

    /// <summary>The rows the first apply created (ids up to <paramref name="lastId"/>).</summary>
    internal static async Task<List<Row>> ReadRowsAsync(NpgsqlDataSource dataSource, long lastId)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date, status, contractor_id, parent_id, occurrence_key, config_version, created_at FROM work_orders WHERE id <= {lastId} ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<LocalDate>(5), reader.GetFieldValue<LocalDate>(6), reader.GetFieldValue<LocalDate>(7), reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetInt64(10), reader.GetString(11),
                reader.GetString(12), reader.GetFieldValue<Instant>(13)));
        }

        return rows;
    }

    /// <summary>The baseline: the same rows by binary COPY into <c>CREATE TABLE … (LIKE work_orders INCLUDING ALL)</c>.</summary>
    internal static async Task<TimeSpan> RawCopyAsync(NpgsqlDataSource dataSource, List<Row> rows)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE work_orders_raw (LIKE work_orders INCLUDING ALL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var watch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var w = await connection.BeginBinaryImportAsync(
            "COPY work_orders_raw (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date, status, contractor_id, parent_id, occurrence_key, config_version, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in rows)
            {
                await w.StartRowAsync();
                await w.WriteAsync(r.Reference, NpgsqlDbType.Text);
                await w.WriteAsync(r.Schedule, NpgsqlDbType.Text);
                await w.WriteAsync(r.Service, NpgsqlDbType.Text);
                await w.WriteAsync(r.Asset, NpgsqlDbType.Text);
                await w.WriteAsync(r.Kind, NpgsqlDbType.Text);
                await w.WriteAsync(r.Start, NpgsqlDbType.Date);
                await w.WriteAsync(r.End, NpgsqlDbType.Date);
                await w.WriteAsync(r.Target, NpgsqlDbType.Date);
                await w.WriteAsync(r.Status, NpgsqlDbType.Text);
                if (r.Contractor is null)
                {
                    await w.WriteNullAsync();
                }
                else
                {
                    await w.WriteAsync(r.Contractor, NpgsqlDbType.Text);
                }

                if (r.Parent is null)
                {
                    await w.WriteNullAsync();
                }
                else
                {
                    await w.WriteAsync(r.Parent.Value, NpgsqlDbType.Bigint);
                }

                await w.WriteAsync(r.Key, NpgsqlDbType.Text);
                await w.WriteAsync(r.Version, NpgsqlDbType.Text);
                await w.WriteAsync(r.Created, NpgsqlDbType.TimestampTz);
            }

            await w.CompleteAsync();
        }

        await transaction.CommitAsync();
        return watch.Elapsed;
    }

    private static string Cpu(CpuTime t) => $"{t.Client.TotalSeconds:F2} + {t.Server.TotalSeconds:F2} s";

    private static string Phases(GenerationTimings t) =>
        $"{t.Read.TotalSeconds:F2} s / {t.Compare.TotalSeconds:F2} s / {t.Write.TotalSeconds:F2} s";
}
