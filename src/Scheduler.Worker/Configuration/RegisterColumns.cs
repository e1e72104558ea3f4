using Scheduler.Domain.Estate;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// The estate register's contract columns (DESIGN.md §4, defined once in <see cref="RegisterFiles"/>) for each kind
/// of asset, and what values each holds,
/// so a schedule's <c>where</c> filter can be checked before it silently matches nothing.
/// </summary>
internal static class RegisterColumns
{
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
        AssetKind.Site => RegisterFiles.SiteColumns,
        AssetKind.Block => RegisterFiles.BlockColumns,
        AssetKind.Property => RegisterFiles.PropertyColumns,
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
