using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Configuration;
using Scheduler.Worker.Csv;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Synth;

/// <summary>
/// Writes a realistic, deterministic estate register for load tests and benchmarks (<c>estate-scheduler synth</c>):
/// the five register CSV files, and a <c>config/</c> folder that is the given configuration with its contractors
/// replaced by one contractor per trade for every few neighbouring areas, so the result passes <c>validate</c>.
/// </summary>
/// <remarks>
/// Proportions, each drawn per row from the seeded generator: sites 80% grass, 60% hedges, 70% hardstanding;
/// blocks 40% weekly, 30% fortnightly, 25% monthly and 5% no cleaning; 80% of homes are flats in blocks (in the
/// block's site and area), the rest houses on a site; 75% of homes have gas, with the last check spread over the 12
/// months before as-of, 1% overdue (13–15 months ago) and 0.5% with no record; component years spread over their
/// lifetimes (installed before as-of's year; a block's flats share its windows, doors and roof years), 1% unknown, and a
/// condition score (1–5) for 70% of homes; 97% of homes let, tenants 70% email and 30% post, 4% large print, 88% English, 5% Polish
/// and 7% other languages (which letters fall back to English for).
/// </remarks>
internal static class SyntheticEstate
{
    /// <summary>Writes the register to <paramref name="outDirectory"/> and the configuration to its <c>config/</c> folder.</summary>
    /// <returns>The counts written.</returns>
    public static SyntheticEstateSummary Write(SyntheticEstateOptions options, EstateConfiguration template, string templateDirectory, string outDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(template);
        Directory.CreateDirectory(outDirectory);
        var random = new Random(options.Seed);
        var areas = Areas(options, random);
        var sites = Sites(options, random, areas);
        var blocks = Blocks(options, random, sites);
        var gasHomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var (homes, tenants) = HomesAndTenants(options, random, sites, blocks, outDirectory, gasHomes);

        WriteFile(outDirectory, RegisterFiles.Areas, "area_id,name", areas.Select(a => $"{a.Id},{CsvText.Field(a.Name)}"));
        WriteFile(outDirectory, RegisterFiles.Sites, "site_id,name,area_id,postcode,grass,hedges,hardstanding",
            sites.Select(s => $"{s.Id},{CsvText.Field(s.Name)},{s.Area.Id},{s.Postcode},{Bool(s.Grass)},{Bool(s.Hedges)},{Bool(s.Hardstanding)}"));
        WriteFile(outDirectory, RegisterFiles.Blocks, "block_id,site_id,name,area_id,cleaning",
            blocks.Select(b => $"{b.Id},{b.Site.Id},{CsvText.Field(b.Name)},{b.Site.Area.Id},{b.Cleaning}"));

        var configDirectory = Path.Join(outDirectory, "config");
        var contractors = SyntheticContractors.Write(template, templateDirectory, configDirectory, [.. areas.Select(a => a.Id)], options.AreasPerContractor);
        SyntheticCapacities.Write(configDirectory, [.. areas.Select(a => a.Id)], gasHomes, homes);
        return new SyntheticEstateSummary(areas.Count, sites.Count, blocks.Count, homes, tenants, contractors, configDirectory);
    }

    private static List<AreaRow> Areas(SyntheticEstateOptions options, Random random)
    {
        var areas = new List<AreaRow>(options.Areas);
        for (var i = 0; i < options.Areas; i++)
        {
            var town = SyntheticNames.Towns[i % SyntheticNames.Towns.Length];
            var name = i < SyntheticNames.Towns.Length ? town : $"{town} {1 + (i / SyntheticNames.Towns.Length)}";
            areas.Add(new AreaRow($"A{i + 1:000}", $"Area {i + 1}: {name}", name, $"ZZ{i + 1}"));
        }

        _ = random; // areas take nothing random, but keep the draw order obvious to whoever adds something here
        return areas;
    }

    private static List<SiteRow> Sites(SyntheticEstateOptions options, Random random, List<AreaRow> areas)
    {
        var sites = new List<SiteRow>(options.Sites);
        for (var i = 0; i < options.Sites; i++)
        {
            // The first sites cover every area once, so each area has a site; the rest fall anywhere.
            var area = i < areas.Count ? areas[i] : areas[random.Next(areas.Count)];
            var street = $"{Pick(random, SyntheticNames.Streets)} {Pick(random, SyntheticNames.StreetKinds)}";
            sites.Add(new SiteRow(
                $"S{i + 1:00000}", $"{street} Estate", area, street, Postcode(random, area),
                random.NextDouble() < 0.8, random.NextDouble() < 0.6, random.NextDouble() < 0.7));
        }

        return sites;
    }

    private static List<BlockRow> Blocks(SyntheticEstateOptions options, Random random, List<SiteRow> sites)
    {
        var blocks = new List<BlockRow>(options.Blocks);
        for (var i = 0; i < options.Blocks; i++)
        {
            var site = i < sites.Count ? sites[i] : sites[random.Next(sites.Count)];
            var cleaning = random.NextDouble() switch
            {
                < 0.40 => "weekly",
                < 0.70 => "fortnightly",
                < 0.95 => "monthly",
                _ => "none",
            };
            var name = $"{Pick(random, SyntheticNames.Streets)} {Pick(random, SyntheticNames.BlockKinds)}";
            // A block's roof, windows and external doors are replaced together, so its flats share those years.
            var year = options.AsOf.Year;
            var shared = new[] { ComponentYear(random, year, 35), ComponentYear(random, year, 35), ComponentYear(random, year, 60) };
            blocks.Add(new BlockRow($"B{i + 1:000000}", site, name, cleaning, 1 + random.Next(60), shared));
        }

        return blocks;
    }

    private static (int Homes, int Tenants) HomesAndTenants(
        SyntheticEstateOptions options, Random random, List<SiteRow> sites, List<BlockRow> blocks, string outDirectory, Dictionary<string, int> gasHomes)
    {
        using var homes = Open(outDirectory, RegisterFiles.Properties,
            "property_id,block_id,site_id,address,postcode,area_id,gas,last_gas_check,kitchen_year,bathroom_year,boiler_year,bedrooms,"
            + "heating_distribution_year,windows_year,external_doors_year,roof_year,electrics_year,home_mot_year,condition");
        using var tenants = Open(outDirectory, RegisterFiles.Tenants, "tenant_id,property_id,name,email,phone,channel,large_print,language");
        var flatNumbers = new int[blocks.Count];
        var houseNumbers = new int[sites.Count];
        var tenantCount = 0;
        var line = new StringBuilder();
        for (var i = 0; i < options.Homes; i++)
        {
            var id = $"P{i + 1:0000000}";
            string blockId = string.Empty, address, postcode;
            string[]? shared = null;
            SiteRow site;
            if (random.NextDouble() < 0.8)
            {
                var b = random.Next(blocks.Count);
                var block = blocks[b];
                site = block.Site;
                blockId = block.Id;
                shared = block.WindowsDoorsRoof;
                address = $"Flat {++flatNumbers[b]}, {block.Name}, {block.Number} {site.Street}, {site.Area.Town}";
                postcode = site.Postcode;
            }
            else
            {
                var s = random.Next(sites.Count);
                site = sites[s];
                address = $"{++houseNumbers[s]} {site.Street}, {site.Area.Town}";
                postcode = Postcode(random, site.Area);
            }

            var gas = random.NextDouble() < 0.75;
            if (gas)
            {
                gasHomes[site.Area.Id] = gasHomes.GetValueOrDefault(site.Area.Id) + 1;
            }

            var lastCheck = gas ? LastGasCheck(random, options.AsOf) : string.Empty;
            var year = options.AsOf.Year;
            line.Clear()
                .Append(id).Append(',').Append(blockId).Append(',').Append(site.Id).Append(',');
            CsvText.AppendField(line, address).Append(',').Append(postcode).Append(',').Append(site.Area.Id).Append(',')
                .Append(Bool(gas)).Append(',').Append(lastCheck).Append(',')
                .Append(ComponentYear(random, year, 25)).Append(',')
                .Append(ComponentYear(random, year, 35)).Append(',')
                .Append(gas ? ComponentYear(random, year, 17) : string.Empty).Append(',')
                .Append((1 + random.Next(4)).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(gas ? ComponentYear(random, year, 45) : string.Empty).Append(',')
                .AppendJoin(',', shared ?? [ComponentYear(random, year, 35), ComponentYear(random, year, 35), ComponentYear(random, year, 60)]).Append(',')
                .Append(ComponentYear(random, year, 35)).Append(',')
                .Append(ComponentYear(random, year, 12)).Append(',')
                .Append(random.NextDouble() < 0.7 ? (1 + random.Next(5)).ToString(CultureInfo.InvariantCulture) : string.Empty);
            homes.WriteLine(line);

            if (random.NextDouble() < 0.97)
            {
                tenantCount++;
                tenants.WriteLine(TenantLine(random, $"T{tenantCount:0000000}", id));
            }
        }

        return (options.Homes, tenantCount);
    }

    private static string TenantLine(Random random, string tenantId, string homeId)
    {
        var given = Pick(random, SyntheticNames.Given);
        var family = Pick(random, SyntheticNames.Family);
        var byEmail = random.NextDouble() < 0.7;
        var local = $"{given}.{family}".ToLowerInvariant().Replace("'", string.Empty, StringComparison.Ordinal);
        var email = byEmail || random.NextDouble() < 0.3 ? $"{Ascii(local)}.{tenantId[1..]}@example.org" : string.Empty;
        var phone = random.NextDouble() < 0.9 ? $"07700 {900000 + random.Next(1000):000000}" : string.Empty;
        var largePrint = random.NextDouble() < 0.04;
        var language = random.NextDouble() switch
        {
            < 0.88 => "en",
            < 0.93 => "pl",
            < 0.95 => "ur",
            < 0.97 => "pa",
            < 0.98 => "so",
            < 0.99 => "ro",
            _ => "ar",
        };
        return string.Join(',', tenantId, homeId, CsvText.Field($"{given} {family}"), email, phone, byEmail ? "email" : "post", Bool(largePrint), language);
    }

    private static string LastGasCheck(Random random, LocalDate asOf)
    {
        var draw = random.NextDouble();
        if (draw < 0.005)
        {
            return string.Empty; // a gas home with no record: booked urgently
        }

        var daysAgo = draw < 0.015 ? 396 + random.Next(60) : 1 + random.Next(365);
        return LocalDatePattern.Iso.Format(asOf.PlusDays(-daysAgo));
    }

    private static string ComponentYear(Random random, int year, int spread) =>
        random.NextDouble() < 0.01 ? string.Empty : (year - 1 - random.Next(spread)).ToString(CultureInfo.InvariantCulture);

    private static string Postcode(Random random, AreaRow area) =>
        string.Create(CultureInfo.InvariantCulture, $"{area.Outward} {random.Next(10)}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}");

    private static string Pick(Random random, string[] words) => words[random.Next(words.Length)];

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Ascii(string text) =>
        string.Concat(text.Normalize(NormalizationForm.FormD).Where(c => c < 128));

    private static void WriteFile(string directory, string file, string header, IEnumerable<string> lines)
    {
        using var writer = Open(directory, file, header);
        foreach (var line in lines)
        {
            writer.WriteLine(line);
        }
    }

    private static StreamWriter Open(string directory, string file, string header)
    {
        var writer = new StreamWriter(Path.Join(directory, file), append: false, new UTF8Encoding(false), bufferSize: 1 << 16) { NewLine = "\n" };
        writer.WriteLine(header);
        return writer;
    }

    private sealed record AreaRow(string Id, string Name, string Town, string Outward);

    private sealed record SiteRow(string Id, string Name, AreaRow Area, string Street, string Postcode, bool Grass, bool Hedges, bool Hardstanding);

    private sealed record BlockRow(string Id, SiteRow Site, string Name, string Cleaning, int Number, string[] WindowsDoorsRoof);
}

/// <summary>What <see cref="SyntheticEstate.Write"/> wrote.</summary>
internal sealed record SyntheticEstateSummary(int Areas, int Sites, int Blocks, int Homes, int Tenants, int Contractors, string ConfigDirectory);
