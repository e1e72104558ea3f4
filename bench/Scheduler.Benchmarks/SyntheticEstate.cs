using System.Globalization;

using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Estate;

namespace Scheduler.Benchmarks;

/// <summary>
/// A deterministic synthetic estate of the size the issue names: 30 areas, 3,000 sites, 15,000 blocks and
/// 300,000 homes. Every asset carries all its register columns as attributes, as the CSV reader gives them, so
/// <c>where</c> filters and the <c>last_gas_check</c> column are read exactly as in production.
/// </summary>
internal static class SyntheticEstate
{
    /// <summary>Areas, sites, blocks and homes of the benchmark estate.</summary>
    public const int Areas = 30, Sites = 3_000, Blocks = 15_000, Homes = 300_000;

    /// <summary>The seed of the generator; the same seed gives the same estate, byte for byte.</summary>
    public const int Seed = 20_270_101;

    /// <summary>
    /// Builds the estate. Sites: ~80% grass, ~60% hedges. Blocks: ~40% weekly, ~30% fortnightly, ~25% monthly,
    /// ~5% no cleaning. Homes: ~80% in blocks, ~75% with gas whose last check is spread evenly over
    /// <paramref name="lastCheckYear"/> (the year before the one being expanded). No tenants: expansion does not read them.
    /// </summary>
    public static EstateRegister Build(int lastCheckYear)
    {
        var random = new Random(Seed);
        var areas = Enumerable.Range(1, Areas).Select(i => new Area($"A{i:00}", $"Area {i}")).ToArray();

        var sites = new Site[Sites];
        for (var i = 0; i < sites.Length; i++)
        {
            var id = $"S{i + 1:00000}";
            var area = areas[random.Next(areas.Length)].Id;
            var postcode = Postcode(random);
            bool grass = random.NextDouble() < 0.8, hedges = random.NextDouble() < 0.6, hardstanding = random.NextDouble() < 0.7;
            sites[i] = new Site(id, $"Site {i + 1}", area, postcode, grass, hedges, hardstanding, Columns(
                ("site_id", id), ("name", $"Site {i + 1}"), ("area_id", area), ("postcode", postcode),
                ("grass", Bool(grass)), ("hedges", Bool(hedges)), ("hardstanding", Bool(hardstanding))));
        }

        var blocks = new Block[Blocks];
        for (var i = 0; i < blocks.Length; i++)
        {
            var id = $"B{i + 1:000000}";
            var site = sites[random.Next(sites.Length)];
            var roll = random.NextDouble();
            var (cleaning, text) = roll switch
            {
                < 0.40 => (CleaningFrequency.Weekly, "weekly"),
                < 0.70 => (CleaningFrequency.Fortnightly, "fortnightly"),
                < 0.95 => (CleaningFrequency.Monthly, "monthly"),
                _ => (CleaningFrequency.None, "none"),
            };
            blocks[i] = new Block(id, site.Id, $"Block {i + 1}", site.AreaId, cleaning, Columns(
                ("block_id", id), ("site_id", site.Id), ("name", $"Block {i + 1}"), ("area_id", site.AreaId), ("cleaning", text)));
        }

        var yearStart = new LocalDate(lastCheckYear, 1, 1);
        var daysInYear = Period.DaysBetween(yearStart, yearStart.PlusYears(1));
        var homes = new Home[Homes];
        for (var i = 0; i < homes.Length; i++)
        {
            var id = $"P{i + 1:0000000}";
            var block = random.NextDouble() < 0.8 ? blocks[random.Next(blocks.Length)] : null;
            var area = block?.AreaId ?? areas[random.Next(areas.Length)].Id;
            var gas = random.NextDouble() < 0.75;
            LocalDate? lastCheck = gas ? yearStart.PlusDays(random.Next(daysInYear)) : null;
            int kitchen = 1990 + random.Next(36), bathroom = 1985 + random.Next(41), boiler = 2005 + random.Next(21);
            var address = $"{1 + random.Next(200)} Example Street";
            var postcode = Postcode(random);
            homes[i] = new Home(id, block?.Id, block?.SiteId, address, postcode, area, gas, lastCheck, kitchen, bathroom, boiler, Columns(
                ("property_id", id), ("block_id", block?.Id ?? ""), ("site_id", block?.SiteId ?? ""), ("address", address),
                ("postcode", postcode), ("area_id", area), ("gas", Bool(gas)),
                ("last_gas_check", lastCheck is { } d ? LocalDatePattern.Iso.Format(d) : ""),
                ("kitchen_year", Year(kitchen)), ("bathroom_year", Year(bathroom)), ("boiler_year", Year(boiler))));
        }

        return new EstateRegister(areas, sites, blocks, homes, []);
    }

    // Fresh strings per cell, as a CSV reader produces them (no interning a reader would not do).
    private static string Bool(bool value) => new((value ? "true" : "false").AsSpan());

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);

    private static string Postcode(Random random) =>
        string.Create(CultureInfo.InvariantCulture, $"WV{1 + random.Next(16)} {random.Next(10)}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}");

    private static Dictionary<string, string> Columns(params (string Name, string Value)[] cells)
    {
        var columns = new Dictionary<string, string>(cells.Length, StringComparer.Ordinal);
        foreach (var (name, value) in cells)
        {
            columns[name] = value;
        }

        return columns;
    }
}
