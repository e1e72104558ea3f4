using System.Globalization;
using System.Text;

using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Estate;
using Scheduler.Worker.Register;

namespace Scheduler.Benchmarks;

/// <summary>
/// A deterministic synthetic estate of the size the issue names: 30 areas, 3,000 sites, 15,000 blocks and
/// 300,000 homes. It is written as the register's CSV files and read by the real <see cref="RegisterLoader"/>,
/// so the benchmark expands exactly the in-memory register production gets (attributes, <c>where</c> filters
/// and the <c>last_gas_check</c> column included).
/// </summary>
internal static class SyntheticEstate
{
    /// <summary>Areas, sites, blocks and homes of the benchmark estate.</summary>
    public const int Areas = 30, Sites = 3_000, Blocks = 15_000, Homes = 300_000;

    /// <summary>The seed of the generator; the same seed gives the same estate, byte for byte.</summary>
    public const int Seed = 20_270_101;

    /// <summary>
    /// Builds the estate. Sites: ~80% grass, ~60% hedges, ~70% hardstanding. Blocks: ~40% weekly, ~30% fortnightly,
    /// ~25% monthly, ~5% no cleaning. Homes: ~80% in blocks (in the block's site and area), ~75% with gas whose
    /// last check is spread evenly over <paramref name="lastCheckYear"/> (the year before the one expanded).
    /// No tenants (an empty tenants.csv): expansion does not read them. Read as of 1 January of the year after
    /// <paramref name="lastCheckYear"/> (every check and component year is before it).
    /// </summary>
    public static EstateRegister Build(int lastCheckYear)
    {
        var loaded = RegisterLoader.Parse(Files(lastCheckYear), "synthetic", new LocalDate(lastCheckYear + 1, 1, 1));
        return loaded.Register
            ?? throw new InvalidOperationException("The synthetic register does not load: " + string.Join("; ", loaded.Problems.Take(5)));
    }

    /// <summary>The five register files as CSV text, keyed by file name.</summary>
    public static IReadOnlyDictionary<string, string> Files(int lastCheckYear)
    {
        var random = new Random(Seed);
        var areas = new StringBuilder("area_id,name\n");
        var areaIds = new string[Areas];
        for (var i = 0; i < Areas; i++)
        {
            areaIds[i] = $"A{i + 1:00}";
            areas.Append(CultureInfo.InvariantCulture, $"{areaIds[i]},Area {i + 1}\n");
        }

        var sites = new StringBuilder("site_id,name,area_id,postcode,grass,hedges,hardstanding\n");
        var siteAreas = new string[Sites];
        for (var i = 0; i < Sites; i++)
        {
            siteAreas[i] = areaIds[random.Next(Areas)];
            var postcode = Postcode(random);
            bool grass = random.NextDouble() < 0.8, hedges = random.NextDouble() < 0.6, hardstanding = random.NextDouble() < 0.7;
            sites.Append(CultureInfo.InvariantCulture,
                $"{SiteId(i)},Site {i + 1},{siteAreas[i]},{postcode},{Bool(grass)},{Bool(hedges)},{Bool(hardstanding)}\n");
        }

        var blocks = new StringBuilder("block_id,site_id,name,area_id,cleaning\n");
        var blockSites = new int[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            blockSites[i] = random.Next(Sites);
            var cleaning = random.NextDouble() switch
            {
                < 0.40 => "weekly",
                < 0.70 => "fortnightly",
                < 0.95 => "monthly",
                _ => "none",
            };
            blocks.Append(CultureInfo.InvariantCulture, $"{BlockId(i)},{SiteId(blockSites[i])},Block {i + 1},{siteAreas[blockSites[i]]},{cleaning}\n");
        }

        var yearStart = new LocalDate(lastCheckYear, 1, 1);
        var daysInYear = Period.DaysBetween(yearStart, yearStart.PlusYears(1));
        var homes = new StringBuilder("property_id,block_id,site_id,address,postcode,area_id,gas,last_gas_check,kitchen_year,bathroom_year,boiler_year\n");
        for (var i = 0; i < Homes; i++)
        {
            int? block = random.NextDouble() < 0.8 ? random.Next(Blocks) : null;
            var area = block is { } b ? siteAreas[blockSites[b]] : areaIds[random.Next(Areas)];
            var gas = random.NextDouble() < 0.75;
            var lastCheck = gas ? LocalDatePattern.Iso.Format(yearStart.PlusDays(random.Next(daysInYear))) : "";
            int kitchen = 1990 + random.Next(36), bathroom = 1985 + random.Next(41), boiler = 2005 + random.Next(21);
            var address = $"{1 + random.Next(200)} Example Street";
            homes.Append(CultureInfo.InvariantCulture,
                $"P{i + 1:0000000},{(block is { } bb ? BlockId(bb) : "")},{(block is { } bs ? SiteId(blockSites[bs]) : "")},{address},{Postcode(random)},{area},{Bool(gas)},{lastCheck},{kitchen},{bathroom},{boiler}\n");
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RegisterFiles.Areas] = areas.ToString(),
            [RegisterFiles.Sites] = sites.ToString(),
            [RegisterFiles.Blocks] = blocks.ToString(),
            [RegisterFiles.Properties] = homes.ToString(),
            [RegisterFiles.Tenants] = "tenant_id,property_id,name,email,phone,channel,large_print,language\n",
        };
    }

    private static string SiteId(int index) => $"S{index + 1:00000}";

    private static string BlockId(int index) => $"B{index + 1:000000}";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Postcode(Random random) =>
        string.Create(CultureInfo.InvariantCulture, $"WV{1 + random.Next(16)} {random.Next(10)}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}");
}
