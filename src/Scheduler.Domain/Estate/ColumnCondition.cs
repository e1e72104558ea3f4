namespace Scheduler.Domain.Estate;

/// <summary>
/// One pair of a schedule's <c>where</c> filter, resolved once for the kind of asset it is applied to: a
/// contract column with a typed member (<c>gas</c> of a home; <c>grass</c>, <c>hedges</c>, <c>hardstanding</c>
/// of a site; <c>cleaning</c> of a block) is answered from that member, which always equals the column (see
/// <see cref="Asset"/>), without reading <see cref="Asset.Attributes"/>; any other column is read from them.
/// Either way the answer is the column's value compared with the wanted one case-insensitively after trimming.
/// </summary>
internal readonly struct ColumnCondition
{
    private readonly TypedColumn _typed;

    // For a boolean column: the value wanted (null: neither true nor false, so no asset matches).
    private readonly bool? _flag;

    // For the cleaning column: the frequency wanted (Invalid: none is written that way, so no block matches).
    private readonly CleaningFrequency _cleaning;

    private ColumnCondition(string column, string wanted, TypedColumn typed, bool? flag, CleaningFrequency cleaning)
    {
        Column = column;
        Wanted = wanted;
        _typed = typed;
        _flag = flag;
        _cleaning = cleaning;
    }

    private enum TypedColumn
    {
        None,
        Gas,
        Grass,
        Hedges,
        Hardstanding,
        Cleaning,
    }

    /// <summary>The column name as written in the filter.</summary>
    public string Column { get; }

    /// <summary>The wanted value, trimmed.</summary>
    public string Wanted { get; }

    /// <summary>
    /// The condition that <paramref name="column"/> equals <paramref name="wanted"/> for assets of
    /// <paramref name="kind"/>. Column names are typed only when written exactly in lower case, as the register's
    /// headers are; any other spelling reads <see cref="Asset.Attributes"/>, as before.
    /// </summary>
    public static ColumnCondition For(AssetKind kind, string column, string wanted)
    {
        var trimmed = wanted.Trim();
        var typed = (kind, column) switch
        {
            (AssetKind.Property, "gas") => TypedColumn.Gas,
            (AssetKind.Site, "grass") => TypedColumn.Grass,
            (AssetKind.Site, "hedges") => TypedColumn.Hedges,
            (AssetKind.Site, "hardstanding") => TypedColumn.Hardstanding,
            (AssetKind.Block, "cleaning") => TypedColumn.Cleaning,
            _ => TypedColumn.None,
        };
        bool? flag = trimmed.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
            : trimmed.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
            : null;
        var cleaning = CleaningFrequency.Invalid;
        foreach (var frequency in (ReadOnlySpan<CleaningFrequency>)[CleaningFrequency.None, CleaningFrequency.Weekly, CleaningFrequency.Fortnightly, CleaningFrequency.Monthly])
        {
            if (trimmed.Equals(RegisterText(frequency), StringComparison.OrdinalIgnoreCase))
            {
                cleaning = frequency;
            }
        }

        return new ColumnCondition(column, trimmed, typed, flag, cleaning);
    }

    /// <summary>True when <paramref name="asset"/>'s column equals the wanted value.</summary>
    public bool Matches(Asset asset) => _typed switch
    {
        TypedColumn.Gas when asset is Home home => _flag == home.Gas,
        TypedColumn.Grass when asset is Site site => _flag == site.Grass,
        TypedColumn.Hedges when asset is Site site => _flag == site.Hedges,
        TypedColumn.Hardstanding when asset is Site site => _flag == site.Hardstanding,
        TypedColumn.Cleaning when asset is Block { Cleaning: not CleaningFrequency.Invalid } block => block.Cleaning == _cleaning,
        _ => asset.Attributes.TryGetValue(Column, out var actual)
            && string.Equals(actual.Trim(), Wanted, StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>The register's word for a cleaning frequency (the loader accepts it in any case).</summary>
    private static string RegisterText(CleaningFrequency frequency) => frequency switch
    {
        CleaningFrequency.None => "none",
        CleaningFrequency.Weekly => "weekly",
        CleaningFrequency.Fortnightly => "fortnightly",
        CleaningFrequency.Monthly => "monthly",
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "Not a register cleaning frequency."),
    };
}
