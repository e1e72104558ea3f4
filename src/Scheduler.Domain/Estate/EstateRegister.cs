namespace Scheduler.Domain.Estate;

/// <summary>
/// The landlord's estate as imported from the housing management system: areas, sites, blocks, homes
/// and tenants. Immutable; lookups by id are O(1).
/// </summary>
public sealed class EstateRegister
{
    private readonly Dictionary<string, Site> _sites;
    private readonly Dictionary<string, Block> _blocks;
    private readonly Dictionary<string, Home> _homes;

    /// <summary>Creates a register. Ids must be unique within each list (the CSV reader checks this first).</summary>
    public EstateRegister(
        IReadOnlyList<Area> areas,
        IReadOnlyList<Site> sites,
        IReadOnlyList<Block> blocks,
        IReadOnlyList<Home> homes,
        IReadOnlyList<Tenant> tenants)
    {
        Areas = areas;
        Sites = sites;
        Blocks = blocks;
        Homes = homes;
        Tenants = tenants;
        _sites = sites.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _blocks = blocks.ToDictionary(b => b.Id, StringComparer.Ordinal);
        _homes = homes.ToDictionary(h => h.Id, StringComparer.Ordinal);
    }

    /// <summary>An empty register.</summary>
    public static EstateRegister Empty { get; } = new([], [], [], [], []);

    public IReadOnlyList<Area> Areas { get; }

    public IReadOnlyList<Site> Sites { get; }

    public IReadOnlyList<Block> Blocks { get; }

    public IReadOnlyList<Home> Homes { get; }

    public IReadOnlyList<Tenant> Tenants { get; }

    /// <summary>The assets of one kind, in register order.</summary>
    public IReadOnlyList<Asset> AssetsOf(AssetKind kind) => kind switch
    {
        AssetKind.Site => Sites,
        AssetKind.Block => Blocks,
        AssetKind.Property => Homes,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Asset kind must be Site, Block or Property."),
    };

    /// <summary>Finds any asset by id (sites, then blocks, then homes); null when none has that id.</summary>
    public Asset? FindAsset(string id) =>
        _sites.TryGetValue(id, out var s) ? s
        : _blocks.TryGetValue(id, out var b) ? b
        : _homes.TryGetValue(id, out var h) ? h
        : null;
}
