namespace Scheduler.Domain.Estate;

/// <summary>
/// Anything a schedule can apply to: a site, a block or a home. <see cref="Attributes"/> holds every
/// column of the asset's register row by its header name (lower case), so a schedule's <c>where</c>
/// filter can match any column, including ones the housing management system adds later.
/// </summary>
/// <remarks>
/// <b>Invariant:</b> a typed member always equals its register column in <see cref="Attributes"/>:
/// <see cref="AreaId"/> is <c>area_id</c>, and each kind's typed members (<see cref="Site.Grass"/>,
/// <see cref="Block.Cleaning"/>, <see cref="Home.Gas"/>, <see cref="Home.LastGasCheck"/>, …) are their columns as
/// the register loader reads them when it builds the asset from its row. <see cref="Matches"/> and the
/// expander rely on this: they answer the contract columns <c>grass</c>, <c>hedges</c>, <c>hardstanding</c>,
/// <c>cleaning</c>, <c>gas</c> and <c>last_gas_check</c> from the typed members, without reading
/// <see cref="Attributes"/>. Code that builds an asset by hand must keep the two in step.
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
            if (!ColumnCondition.For(Kind, key, wanted).Matches(this))
            {
                return false;
            }
        }

        return true;
    }
}
