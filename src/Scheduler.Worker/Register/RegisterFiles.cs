namespace Scheduler.Worker.Register;

/// <summary>
/// The estate register's file names and the leading columns each file must start with, in order (DESIGN.md §4).
/// More columns may follow; they are kept in each asset's <c>Attributes</c>.
/// </summary>
public static class RegisterFiles
{
    /// <summary>Management areas: <c>area_id,name</c>.</summary>
    public const string Areas = "areas.csv";

    /// <summary>Sites with grounds: <c>site_id,name,area_id,postcode,grass,hedges,hardstanding</c>.</summary>
    public const string Sites = "sites.csv";

    /// <summary>Blocks of flats: <c>block_id,site_id,name,area_id,cleaning</c>.</summary>
    public const string Blocks = "blocks.csv";

    /// <summary>Homes: <c>property_id,block_id,site_id,address,postcode,area_id,gas,last_gas_check,kitchen_year,bathroom_year,boiler_year</c>.</summary>
    public const string Properties = "properties.csv";

    /// <summary>Tenants: <c>tenant_id,property_id,name,email,phone,channel,large_print,language</c>.</summary>
    public const string Tenants = "tenants.csv";

    /// <summary>The five files in the order they are read (each refers only to files before it).</summary>
    public static IReadOnlyList<string> All { get; } = [Areas, Sites, Blocks, Properties, Tenants];

    internal static readonly IReadOnlyList<string> AreaColumns = ["area_id", "name"];

    internal static readonly IReadOnlyList<string> SiteColumns = ["site_id", "name", "area_id", "postcode", "grass", "hedges", "hardstanding"];

    internal static readonly IReadOnlyList<string> BlockColumns = ["block_id", "site_id", "name", "area_id", "cleaning"];

    internal static readonly IReadOnlyList<string> PropertyColumns =
    [
        "property_id", "block_id", "site_id", "address", "postcode", "area_id", "gas", "last_gas_check",
        "kitchen_year", "bathroom_year", "boiler_year",
    ];

    internal static readonly IReadOnlyList<string> TenantColumns = ["tenant_id", "property_id", "name", "email", "phone", "channel", "large_print", "language"];

    /// <summary>The contract columns <paramref name="fileName"/> must start with, in order.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="All"/>.</exception>
    public static IReadOnlyList<string> ColumnsOf(string fileName) => fileName switch
    {
        Areas => AreaColumns,
        Sites => SiteColumns,
        Blocks => BlockColumns,
        Properties => PropertyColumns,
        Tenants => TenantColumns,
        _ => throw new ArgumentException($"'{fileName}' is not a register file; expected one of {string.Join(", ", All)}.", nameof(fileName)),
    };
}
