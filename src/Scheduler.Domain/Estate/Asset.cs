namespace Scheduler.Domain.Estate;

/// <summary>
/// Anything a schedule can apply to: a site, a block or a home. <see cref="Attributes"/> holds every
/// column of the asset's register row by its header name (lower case), so a schedule's <c>where</c>
/// filter can match any column, including ones the housing management system adds later.
/// </summary>
/// <remarks>
/// <b>Invariant:</b> a typed member always equals its register column: <see cref="AreaId"/> is the
/// <c>area_id</c> column, and each kind's typed members (<see cref="Site.Grass"/>, <see cref="Block.Cleaning"/>,
/// <see cref="Home.Gas"/>, <see cref="Home.LastGasCheck"/>, …) are their columns read by the register loader,
/// which builds every asset from its row. <see cref="Matches(IReadOnlyDictionary{string, string})"/> and the expander rely on this: they answer the
/// contract columns <c>grass</c>, <c>hedges</c>, <c>hardstanding</c>, <c>cleaning</c>, <c>gas</c> and
/// <c>last_gas_check</c> from the typed members, without reading <see cref="Attributes"/>. Code that builds an
/// asset by hand must keep the two in step.
/// </remarks>
public abstract record Asset(string Id, string AreaId, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>What kind of asset this is.</summary>
    public abstract AssetKind Kind { get; }

    /// <summary>
    /// True when every pair in <paramref name="where"/> equals the asset's attribute of that name,
    /// compared case-insensitively after trimming. An empty filter matches every asset.
    /// </summary>
    public bool Matches(IReadOnlyDictionary<string, string> where)
    {
        ArgumentNullException.ThrowIfNull(where);
        foreach (var (key, wanted) in where)
        {
            if (!Matches(key, wanted.Trim()))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when the asset's column <paramref name="column"/> equals <paramref name="trimmedWanted"/> (already
    /// trimmed), case-insensitively after trimming the column's value; false when the asset has no such column.
    /// A typed contract column is answered from its typed member (see the invariant above).
    /// </summary>
    internal bool Matches(string column, string trimmedWanted) =>
        TryMatchTyped(column, trimmedWanted, out var typed)
            ? typed
            : Attributes.TryGetValue(column, out var actual)
                && string.Equals(actual.Trim(), trimmedWanted, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Answers a <c>where</c> pair for a contract column from the typed member it equals: returns true and sets
    /// <paramref name="matches"/> when <paramref name="column"/> (exactly, lower case) is one of this kind's typed
    /// columns; false when the column must be read from <see cref="Attributes"/>.
    /// </summary>
    private protected virtual bool TryMatchTyped(string column, string trimmedWanted, out bool matches)
    {
        matches = false;
        return false;
    }

    /// <summary>A boolean column's text as the register loader accepts it (<c>true</c>/<c>false</c>, any case).</summary>
    private protected static bool MatchesBool(bool value, string trimmedWanted) =>
        trimmedWanted.Equals(value ? "true" : "false", StringComparison.OrdinalIgnoreCase);
}
