using NodaTime;

using Scheduler.Domain.Estate;
using Scheduler.Domain.Improvements;
using Scheduler.Persistence.Register;

namespace Scheduler.Worker.Register;

/// <summary>
/// Turns the rows of the five register files into domain records, in file order, checking each cell and every
/// reference to an earlier file. Keeps the tables already read so later files can refer to them; a file that
/// could not be opened (null table) yields nothing and its references are not checked. Nothing in a row may be dated
/// after <paramref name="asOf"/>, the day the register is read as of (<see cref="NotAfterAsOf(RegisterTable, int, LocalDate?)"/>).
/// </summary>
internal sealed class RegisterRows(LocalDate asOf)
{
    private static readonly (string, CleaningFrequency)[] Cleanings =
    [
        ("weekly", CleaningFrequency.Weekly),
        ("fortnightly", CleaningFrequency.Fortnightly),
        ("monthly", CleaningFrequency.Monthly),
        ("none", CleaningFrequency.None),
    ];

    private static readonly (string, ContactChannel)[] Channels =
    [
        ("email", ContactChannel.Email),
        ("post", ContactChannel.Post),
    ];

    private readonly Dictionary<string, string> _blockSites = new(StringComparer.Ordinal);
    private RegisterTable? _areas;
    private RegisterTable? _sites;
    private RegisterTable? _blocks;
    private RegisterTable? _homes;

    /// <summary><c>area_id,name</c>.</summary>
    public List<Area> ReadAreas(RegisterTable? table)
    {
        _areas = table;
        var areas = new List<Area>();
        while (table?.NextRow() == true)
        {
            var id = table.Id();
            var name = table.Required(1);
            if (!table.RowFailed)
            {
                areas.Add(new Area(id!, name!));
            }
        }

        return areas;
    }

    /// <summary><c>site_id,name,area_id,postcode,grass,hedges,hardstanding</c>.</summary>
    public List<Site> ReadSites(RegisterTable? table)
    {
        _sites = table;
        var sites = new List<Site>();
        while (table?.NextRow() == true)
        {
            var id = table.Id();
            var name = table.Required(1);
            var area = table.Reference(2, _areas);
            var postcode = table.Required(3);
            var grass = table.Bool(4);
            var hedges = table.Bool(5);
            var hardstanding = table.Bool(6);
            if (!table.RowFailed)
            {
                sites.Add(new Site(id!, name!, area!, postcode!, grass, hedges, hardstanding, table.Attributes()));
            }
        }

        return sites;
    }

    /// <summary><c>block_id,site_id,name,area_id,cleaning</c>.</summary>
    public List<Block> ReadBlocks(RegisterTable? table)
    {
        _blocks = table;
        var blocks = new List<Block>();
        while (table?.NextRow() == true)
        {
            var id = table.Id();
            CheckAssetIdUnused(table, id, _sites, "a site");
            var site = table.Reference(1, _sites);
            if (id is not null && site is not null)
            {
                _blockSites[id] = site;
            }

            var name = table.Required(2);
            var area = table.Reference(3, _areas);
            var cleaning = table.Choice(4, Cleanings);
            if (!table.RowFailed)
            {
                blocks.Add(new Block(id!, site!, name!, area!, cleaning, table.Attributes()));
            }
        }

        return blocks;
    }

    /// <summary>
    /// <c>property_id,block_id,site_id,address,postcode,area_id,gas,last_gas_check,kitchen_year,bathroom_year,boiler_year</c>.
    /// A street property leaves block_id and site_id empty; a home in a block gives the block's own site. The optional
    /// improvement columns (<see cref="ComponentColumns"/>) are checked when present.
    /// </summary>
    public List<Home> ReadHomes(RegisterTable? table)
    {
        _homes = table;
        var homes = new List<Home>();
        var componentColumns = table is null ? [] : ComponentColumns(table.Names);
        while (table?.NextRow() == true)
        {
            var id = table.Id();
            CheckAssetIdUnused(table, id, _sites, "a site");
            CheckAssetIdUnused(table, id, _blocks, "a block");
            var block = table.Reference(1, _blocks, optional: true);
            var site = table.Reference(2, _sites, optional: true);
            CheckBlockSite(table, block, site);
            var address = table.Required(3);
            var postcode = table.Required(4);
            var area = table.Reference(5, _areas);
            var gas = table.Bool(6);
            var lastGasCheck = NotAfterAsOf(table, 7, table.OptionalDate(7));
            var kitchen = NotAfterAsOf(table, 8, table.OptionalYear(8));
            var bathroom = NotAfterAsOf(table, 9, table.OptionalYear(9));
            var boiler = NotAfterAsOf(table, 10, table.OptionalYear(10));
            foreach (var (column, isYear) in componentColumns)
            {
                if (isYear)
                {
                    NotAfterAsOf(table, column, table.ComponentYear(column));
                }
                else
                {
                    table.ConditionScore(column);
                }
            }

            if (!table.RowFailed)
            {
                homes.Add(new Home(
                    id!, block, site, address!, postcode!, area!, gas, lastGasCheck, kitchen, bathroom, boiler, table.Attributes()));
            }
        }

        return homes;
    }

    /// <summary>
    /// The as-of rule, for dates: a gas check cannot be dated after the day the register is read as of. The register's
    /// <c>last_gas_check</c> moves a home's gas deadline and cancels the order planned for the old one
    /// (docs/gas-safety.md), so a mistyped future year (2027-11-03 for 2025-11-03) would leave the home without its
    /// annual check; it is refused instead, at its cell. The as-of date itself is fine. Returns null (row failed) when refused.
    /// </summary>
    private LocalDate? NotAfterAsOf(RegisterTable table, int column, LocalDate? date)
    {
        if (date is { } value && value > asOf)
        {
            table.Fail(column, $"{table.Name(column)} is after the as-of date {asOf:uuuu-MM-dd}; a check cannot be dated after the day the register is read as of (a mistyped year?)",
                table.Text(column), $"a date on or before {asOf:uuuu-MM-dd}, or an empty cell when unknown");
            return null;
        }

        return date;
    }

    /// <summary>
    /// The as-of rule, for years (installed, replaced or surveyed: <c>kitchen_year</c>, <c>windows_year</c>,
    /// <c>home_mot_year</c> …): not after the as-of date's year, or a mistyped year makes a component look new. A year
    /// given as an ISO date counts by its year, as everywhere else. Returns null (row failed) when refused.
    /// </summary>
    private int? NotAfterAsOf(RegisterTable table, int column, int? year)
    {
        if (year is { } value && value > asOf.Year)
        {
            table.Fail(column, $"{table.Name(column)} is after {asOf.Year}, the year of the as-of date {asOf:uuuu-MM-dd}; a component cannot be installed, replaced or surveyed after the day the register is read as of (a mistyped year?)",
                table.Text(column), $"a year up to {asOf.Year}, or an empty cell when unknown");
            return null;
        }

        return year;
    }

    /// <summary>
    /// The optional improvement columns present in properties.csv, by position: each published component's
    /// <c>&lt;component&gt;_year</c> (either spelling; the typed kitchen, bathroom and boiler years are read above)
    /// and <c>&lt;component&gt;_condition</c>, and the home's <c>condition</c>. IsYear is false for a condition score.
    /// </summary>
    private static List<(int Column, bool IsYear)> ComponentColumns(AttributeSchema names)
    {
        var columns = new List<(int, bool)>();
        void Add(string name, bool isYear)
        {
            if (names.Index.TryGetValue(name, out var i) && i >= RegisterFiles.PropertyColumns.Count)
            {
                columns.Add((i, isYear));
            }
        }

        foreach (var component in ImprovementComponents.All)
        {
            foreach (var name in ImprovementComponents.YearColumns(component))
            {
                Add(name, isYear: true);
            }

            foreach (var name in ImprovementComponents.ConditionColumns(component))
            {
                Add(name, isYear: false);
            }
        }

        Add(ImprovementComponents.HomeConditionColumn, isYear: false);
        columns.Sort();
        return columns;
    }

    /// <summary>
    /// <c>tenant_id,property_id,name,email,phone,channel,large_print,language</c>. An empty large_print means
    /// false and an empty language means <c>en</c>; channel email needs an email address.
    /// </summary>
    public List<Tenant> ReadTenants(RegisterTable? table)
    {
        var tenants = new List<Tenant>();
        while (table?.NextRow() == true)
        {
            var id = table.Id();
            var property = table.Reference(1, _homes);
            var name = table.Required(2);
            var email = table.OptionalEmail(3);
            var phone = table.Optional(4);
            var channel = table.Choice(5, Channels);
            if (channel == ContactChannel.Email && table.Text(3).Length == 0)
            {
                table.Fail(3, "email is empty but channel is email; give an address or set channel to post");
            }

            var largePrint = table.Bool(6, whenEmpty: false);
            var language = table.Language(7);
            if (!table.RowFailed)
            {
                tenants.Add(new Tenant(id!, property!, name!, email, phone, channel, largePrint, language));
            }
        }

        return tenants;
    }

    /// <summary>Sites, blocks and homes share one id space, because work orders name an asset by its id alone.</summary>
    private static void CheckAssetIdUnused(RegisterTable table, string? id, RegisterTable? other, string what)
    {
        if (id is not null && other is not null && other.Ids.TryGetValue(id, out var line))
        {
            table.Fail(0, $"{table.Name(0)} '{id}' is already the id of {what} ({Path.GetFileName(other.File)} line {line}); sites, blocks and homes need distinct ids", id);
        }
    }

    private void CheckBlockSite(RegisterTable table, string? block, string? site)
    {
        if (block is null || !_blockSites.TryGetValue(block, out var blockSite))
        {
            return;
        }

        if (site is null)
        {
            table.Fail(2, $"site_id is empty but the home is in block '{block}'; give the block's site", accepted: blockSite);
        }
        else if (!string.Equals(site, blockSite, StringComparison.Ordinal))
        {
            table.Fail(2, $"site_id '{site}' is not the site of block '{block}'", site, blockSite);
        }
    }
}
