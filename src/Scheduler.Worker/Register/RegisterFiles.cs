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

    /// <summary>
    /// The contract columns of <paramref name="fileName"/> whose cells are a tenant's personal data (docs/register.md,
    /// Problems): a tenant's name, email address and phone number, a home's address and postcode, and a site's postcode.
    /// A problem in one names its file, line, column and what is wrong, never the cell's text.
    /// </summary>
    internal static IReadOnlyList<string> PersonalColumnsOf(string fileName) => fileName switch
    {
        Sites => ["postcode"],
        Properties => ["address", "postcode"],
        Tenants => ["name", "email", "phone"],
        _ => [],
    };

    // An extra column (after the contract's) named with one of these may hold a person's details too (a second address
    // line, a contact's phone, a housing officer's note): its text is not quoted either. Every extra column of
    // tenants.csv counts as personal, whatever its name (they are ignored, and nothing says what they hold).
    private static readonly string[] PersonalWords = ["name", "address", "postcode", "post_code", "email", "e-mail", "phone", "mobile", "note", "comment", "contact"];

    /// <summary>
    /// Whether column <paramref name="index"/> of <paramref name="fileName"/> (named <paramref name="headerName"/> in the
    /// file's header, lower case; null while the header itself is read) holds personal data, so that no problem quotes
    /// its cells' text: a contract column of <see cref="PersonalColumnsOf"/>, any extra column of tenants.csv, an extra
    /// column of another file whose name holds a word such as name, address, postcode, email, phone or note.
    /// </summary>
    internal static bool IsPersonalColumn(string fileName, int index, string? headerName)
    {
        var contract = ColumnsOf(fileName);
        if (index < contract.Count)
        {
            return PersonalColumnsOf(fileName).Contains(contract[index], StringComparer.Ordinal);
        }

        return fileName == Tenants
            || (headerName is not null && PersonalWords.Any(w => headerName.Contains(w, StringComparison.Ordinal)));
    }

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
