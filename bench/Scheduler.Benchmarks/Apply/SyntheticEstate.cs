using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Benchmarks.Apply;

/// <summary>
/// A synthetic estate of the size (sites, blocks, homes) written straight into the register tables with
/// binary COPY (the importer is not what is measured), and the configuration applied to it.
/// Deterministic: the same sizes give the same rows.
/// </summary>
internal static class SyntheticEstate
{
    public const int Areas = 10;

    /// <summary>Cleaning weekly, fortnightly, monthly and none in turn; grass on 3 sites of 4; gas in 9 homes of 10.</summary>
    public static async Task SeedAsync(NpgsqlDataSource dataSource, int sites, int blocks, int homes, Instant now)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var w = await connection.BeginBinaryImportAsync("COPY areas (id, name, active, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var a = 0; a < Areas; a++)
            {
                await w.WriteRowAsync(default, Area(a), $"Area {a}", true, now);
            }

            await w.CompleteAsync();
        }

        await using (var w = await connection.BeginBinaryImportAsync(
            "COPY sites (id, name, area_id, postcode, grass, hedges, hardstanding, attributes, active, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var s = 0; s < sites; s++)
            {
                var grass = s % 4 != 0;
                await w.StartRowAsync();
                await w.WriteAsync(Site(s), NpgsqlDbType.Text);
                await w.WriteAsync($"Site {s}", NpgsqlDbType.Text);
                await w.WriteAsync(Area(s % Areas), NpgsqlDbType.Text);
                await w.WriteAsync("AB1 2CD", NpgsqlDbType.Text);
                await w.WriteAsync(grass, NpgsqlDbType.Boolean);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
                await w.WriteAsync(true, NpgsqlDbType.Boolean);
                await w.WriteAsync($$"""{"site_id": "{{Site(s)}}", "grass": "{{(grass ? "true" : "false")}}", "area_id": "{{Area(s % Areas)}}"}""", NpgsqlDbType.Jsonb);
                await w.WriteAsync(true, NpgsqlDbType.Boolean);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await w.CompleteAsync();
        }

        string[] cleaning = ["weekly", "fortnightly", "monthly", "none"];
        await using (var w = await connection.BeginBinaryImportAsync(
            "COPY blocks (id, site_id, name, area_id, cleaning, attributes, active, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var b = 0; b < blocks; b++)
            {
                var site = b % sites;
                await w.StartRowAsync();
                await w.WriteAsync(Block(b), NpgsqlDbType.Text);
                await w.WriteAsync(Site(site), NpgsqlDbType.Text);
                await w.WriteAsync($"Block {b}", NpgsqlDbType.Text);
                await w.WriteAsync(Area(site % Areas), NpgsqlDbType.Text);
                await w.WriteAsync(cleaning[b % 4], NpgsqlDbType.Text);
                await w.WriteAsync($$"""{"block_id": "{{Block(b)}}", "cleaning": "{{cleaning[b % 4]}}", "area_id": "{{Area(site % Areas)}}"}""", NpgsqlDbType.Jsonb);
                await w.WriteAsync(true, NpgsqlDbType.Boolean);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await w.CompleteAsync();
        }

        var firstCheck = new LocalDate(2026, 1, 1);
        await using (var w = await connection.BeginBinaryImportAsync(
            "COPY homes (id, block_id, site_id, address, postcode, area_id, gas, last_gas_check, kitchen_year, attributes, active, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var h = 0; h < homes; h++)
            {
                var block = h % blocks;
                var site = block % sites;
                var gas = h % 10 != 0;
                var check = firstCheck.PlusDays(h % 365);
                await w.StartRowAsync();
                await w.WriteAsync(Home(h), NpgsqlDbType.Text);
                await w.WriteAsync(Block(block), NpgsqlDbType.Text);
                await w.WriteAsync(Site(site), NpgsqlDbType.Text);
                await w.WriteAsync($"{h} High Street", NpgsqlDbType.Text);
                await w.WriteAsync("AB1 2CD", NpgsqlDbType.Text);
                await w.WriteAsync(Area(site % Areas), NpgsqlDbType.Text);
                await w.WriteAsync(gas, NpgsqlDbType.Boolean);
                await w.WriteAsync(check, NpgsqlDbType.Date);
                await w.WriteAsync(2000 + (h % 25), NpgsqlDbType.Integer);
                await w.WriteAsync(
                    $$"""{"property_id": "{{Home(h)}}", "gas": "{{(gas ? "true" : "false")}}", "last_gas_check": "{{check.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)}}"}""",
                    NpgsqlDbType.Jsonb);
                await w.WriteAsync(true, NpgsqlDbType.Boolean);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await w.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>Weekly and fortnightly block cleaning, grass cuts with a path sweep, and floating gas checks; a 12-month horizon.</summary>
    public static EstateConfiguration Config()
    {
        var allAreas = Enumerable.Range(0, Areas).Select(Area).ToList();
        return new EstateConfiguration(
            new Organisation("Synthetic Homes", "Europe/London", BankHolidayRegion.EnglandAndWales),
            Period.FromMonths(12),
            [],
            [
                new Contractor("cleaner", "Cleaner Ltd", "jobs@cleaner.example", ["block-clean"], allAreas, DispatchMode.Weekly),
                new Contractor("grounds", "Grounds Ltd", "jobs@grounds.example", ["grass-cut", "path-sweep"], allAreas, DispatchMode.Weekly),
                new Contractor("gas", "Gas Ltd", "jobs@gas.example", ["gas-safety"], allAreas, DispatchMode.PerOrder),
            ],
            [
                new Schedule("clean-weekly", "block-clean", AssetKind.Block, new Dictionary<string, string> { ["cleaning"] = "weekly" },
                    [new WeeklyRule(1, IsoDayOfWeek.Tuesday, null)], []),
                new Schedule("clean-fortnightly", "block-clean", AssetKind.Block, new Dictionary<string, string> { ["cleaning"] = "fortnightly" },
                    [new WeeklyRule(2, IsoDayOfWeek.Wednesday, new LocalDate(2027, 1, 6))], []),
                new Schedule("grass-cut", "grass-cut", AssetKind.Site, new Dictionary<string, string> { ["grass"] = "true" },
                    [new MonthsRule([3, 10], 1), new MonthsRule([4, 5, 6, 7, 8, 9], 2)], [new FollowUpRule("path-sweep", 1)]),
                new Schedule("gas-safety", "gas-safety", AssetKind.Property, new Dictionary<string, string> { ["gas"] = "true" },
                    [new FloatingRule(Period.FromMonths(12), Period.FromMonths(2))], []),
            ],
            new Dictionary<string, int>(),
            "bench-v1");
    }

    private static string Area(int a) => $"A{a:00}";

    private static string Site(int s) => $"S{s:000000}";

    private static string Block(int b) => $"B{b:000000}";

    private static string Home(int h) => $"H{h:0000000}";
}
