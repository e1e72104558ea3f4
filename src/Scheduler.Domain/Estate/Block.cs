namespace Scheduler.Domain.Estate;

/// <summary>A block of flats whose communal areas are cleaned at <see cref="Cleaning"/>.</summary>
/// <remarks>
/// <see cref="Cleaning"/> always equals the <c>cleaning</c> column of <see cref="Asset.Attributes"/> (any case),
/// as the register loader builds it: filters read the member instead of the column.
/// </remarks>
public sealed record Block(
    string Id,
    string SiteId,
    string Name,
    string AreaId,
    CleaningFrequency Cleaning,
    IReadOnlyDictionary<string, string> Attributes) : Asset(Id, AreaId, Attributes)
{
    /// <inheritdoc />
    public override AssetKind Kind => AssetKind.Block;
}
