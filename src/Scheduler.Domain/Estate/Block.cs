namespace Scheduler.Domain.Estate;

/// <summary>A block of flats whose communal areas are cleaned at <see cref="Cleaning"/>.</summary>
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
