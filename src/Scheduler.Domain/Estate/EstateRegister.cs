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

    /// <summary>
    /// Creates a register. Ids must be unique within each list (the CSV reader checks this first). With tenants, each
    /// home's <see cref="Home.LettersByPost"/> is set from them (<see cref="WithLetterRoutes"/>); without (planning's
    /// register, a part of one), the homes are kept as given, flag included.
    /// </summary>
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
        Homes = tenants.Count == 0 ? homes : WithLetterRoutes(homes, tenants);
        Tenants = tenants;
        _sites = sites.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _blocks = blocks.ToDictionary(b => b.Id, StringComparer.Ordinal);
        _homes = Homes.ToDictionary(h => h.Id, StringComparer.Ordinal);
    }

    /// <summary>
    /// <paramref name="homes"/> with <see cref="Home.LettersByPost"/> set from <paramref name="tenants"/>: true for a home
    /// whose first tenant by id (ordinal) gets letters by post (<see cref="Tenant.GetsLettersByPost"/>), false for the
    /// others and for a home with no tenant. The same list when no home's flag changes.
    /// </summary>
    public static IReadOnlyList<Home> WithLetterRoutes(IReadOnlyList<Home> homes, IEnumerable<Tenant> tenants)
    {
        ArgumentNullException.ThrowIfNull(homes);
        ArgumentNullException.ThrowIfNull(tenants);
        var first = new Dictionary<string, Tenant>(StringComparer.Ordinal);
        foreach (var tenant in tenants)
        {
            if (!first.TryGetValue(tenant.PropertyId, out var seen) || string.CompareOrdinal(tenant.Id, seen.Id) < 0)
            {
                first[tenant.PropertyId] = tenant;
            }
        }

        var changed = false;
        var marked = new Home[homes.Count];
        for (var i = 0; i < marked.Length; i++)
        {
            var home = homes[i];
            var byPost = first.TryGetValue(home.Id, out var tenant) && tenant.GetsLettersByPost;
            marked[i] = home.LettersByPost == byPost ? home : home with { LettersByPost = byPost };
            changed |= !ReferenceEquals(marked[i], home);
        }

        return changed ? marked : homes;
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
