namespace Scheduler.Domain.Estate;

/// <summary>
/// Anything a schedule can apply to: a site, a block or a home. <see cref="Attributes"/> holds every
/// column of the asset's register row by its header name (lower case), so a schedule's <c>where</c>
/// filter can match any column, including ones the housing management system adds later.
/// </summary>
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
            if (!Attributes.TryGetValue(key, out var actual)
                || !string.Equals(actual.Trim(), wanted.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
