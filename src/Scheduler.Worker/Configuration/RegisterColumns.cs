using Scheduler.Domain.Estate;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// The estate register's contract columns (DESIGN.md §4) for each kind of asset, and what values each holds,
/// so a schedule's <c>where</c> filter can be checked before it silently matches nothing.
/// </summary>
internal static class RegisterColumns
{
    private static readonly string[] SiteColumns = ["site_id", "name", "area_id", "postcode", "grass", "hedges", "hardstanding"];

    private static readonly string[] BlockColumns = ["block_id", "site_id", "name", "area_id", "cleaning"];

    private static readonly string[] PropertyColumns =
    [
        "property_id", "block_id", "site_id", "address", "postcode", "area_id", "gas", "last_gas_check",
        "kitchen_year", "bathroom_year", "boiler_year",
    ];

    /// <summary>The kinds of value a column holds.</summary>
    public enum ValueKind
    {
        /// <summary>Free text (ids, names, postcodes).</summary>
        Text,

        /// <summary><c>true</c> or <c>false</c>.</summary>
        Boolean,

        /// <summary>A block's cleaning frequency: weekly, fortnightly, monthly or none.</summary>
        Cleaning,

        /// <summary>A four-digit year.</summary>
        Year,

        /// <summary>An ISO date.</summary>
        Date,
    }

    /// <summary>The values accepted for a <see cref="ValueKind.Cleaning"/> column.</summary>
    public static readonly string[] CleaningValues = ["weekly", "fortnightly", "monthly", "none"];

    /// <summary>The contract columns of <paramref name="kind"/>'s register file, in file order.</summary>
    public static IReadOnlyList<string> For(AssetKind kind) => kind switch
    {
        AssetKind.Site => SiteColumns,
        AssetKind.Block => BlockColumns,
        AssetKind.Property => PropertyColumns,
        _ => [],
    };

    /// <summary>What values <paramref name="column"/> holds.</summary>
    public static ValueKind KindOf(string column) => column switch
    {
        "grass" or "hedges" or "hardstanding" or "gas" => ValueKind.Boolean,
        "cleaning" => ValueKind.Cleaning,
        "kitchen_year" or "bathroom_year" or "boiler_year" => ValueKind.Year,
        "last_gas_check" => ValueKind.Date,
        _ => ValueKind.Text,
    };
}
