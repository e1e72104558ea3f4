using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Estate;
using Scheduler.Persistence;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Benchmarks.Apply;

/// <summary>
/// <c>dotnet run -c Release --project bench/Scheduler.Benchmarks -- import [--homes N]</c>: imports a synthetic
/// register (blocks = homes / 20, sites = homes / 100) into an empty database, then again unchanged, then with 1 in 100
/// homes changed and 1 in 100 missing, and prints the time of each and the peak working set.
/// </summary>
internal static class ImportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var homes = BenchEnvironment.Option(args, "--homes", 300_000);
        var server = await PostgresServer.SharedAsync();
        var name = await server.CreateMigratedDatabaseAsync();
        try
        {
            await using var dataSource = EstateDatabase.CreateDataSource(server.ConnectionString(name));
            var importer = new RegisterImporter(dataSource, new FakeClock(Instant.FromUtc(2027, 1, 1, 6, 0)));
            var asOf = new LocalDate(2027, 1, 1);
            var register = Register(homes, changed: false);
            Console.WriteLine($"register: {register.Sites.Count:N0} sites, {register.Blocks.Count:N0} blocks, {register.Homes.Count:N0} homes, {register.Tenants.Count:N0} tenants");

            foreach (var (label, next) in new[] { ("first import", register), ("same register again", register), ("1 in 100 homes changed, 1 in 100 gone", Register(homes, changed: true)) })
            {
                var watch = Stopwatch.StartNew();
                var summary = await importer.ImportAsync(next, "bench", asOf);
                Console.WriteLine($"| {label} | {watch.Elapsed.TotalSeconds:F2} s | {summary.Added:N0} added, {summary.Updated:N0} updated, {summary.Deactivated:N0} deactivated, {summary.Unchanged:N0} unchanged |");
            }

            using var self = Process.GetCurrentProcess();
            self.Refresh();
            Console.WriteLine($"| peak working set | {self.PeakWorkingSet64 / (1024.0 * 1024.0):N0} MB | |");
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.DropDatabaseAsync(name);
        }
    }

    private static EstateRegister Register(int homes, bool changed)
    {
        var areas = Enumerable.Range(0, 10).Select(a => new Area($"A{a}", $"Area {a}")).ToList();
        var sites = Enumerable.Range(0, Math.Max(1, homes / 100)).Select(s => new Site($"S{s}", $"Site {s}", $"A{s % 10}", "AB1 2CD", true, false, false,
            new Dictionary<string, string> { ["site_id"] = $"S{s}", ["grass"] = "true", ["area_id"] = $"A{s % 10}" })).ToList();
        var blocks = Enumerable.Range(0, Math.Max(1, homes / 20)).Select(b => new Block($"B{b}", $"S{b % sites.Count}", $"Block {b}", $"A{b % sites.Count % 10}", CleaningFrequency.Weekly,
            new Dictionary<string, string> { ["block_id"] = $"B{b}", ["cleaning"] = "weekly" })).ToList();
        var homeList = new List<Home>();
        for (var h = 0; h < homes; h++)
        {
            if (changed && h % 100 == 1)
            {
                continue;
            }

            var check = new LocalDate(2026, 1, 1).PlusDays(h % 365 + (changed && h % 100 == 0 ? 1 : 0));
            var b = blocks[h % blocks.Count];
            homeList.Add(new Home($"H{h}", b.Id, b.SiteId, $"{h} High Street", "AB1 2CD", b.AreaId, true, check, 2010, null, 2015,
                new Dictionary<string, string>
                {
                    ["property_id"] = $"H{h}", ["gas"] = "true", ["last_gas_check"] = check.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
                    ["kitchen_year"] = "2010", ["boiler_year"] = "2015",
                }));
        }

        var tenants = homeList.Where(h => int.Parse(h.Id.AsSpan(1), CultureInfo.InvariantCulture) % 2 == 0)
            .Select(h => new Tenant($"T{h.Id}", h.Id, $"Tenant {h.Id}", $"{h.Id}@tenant.example", null, ContactChannel.Email, false, "en")).ToList();
        return new EstateRegister(areas, sites, blocks, homeList, tenants);
    }
}
