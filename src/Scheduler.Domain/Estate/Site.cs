namespace Scheduler.Domain.Estate;

/// <summary>An estate or scheme with grounds. Flags say which grounds services it needs.</summary>
public sealed record Site(
    string Id,
    string Name,
    string AreaId,
    string Postcode,
    bool Grass,
    bool Hedges,
    bool Hardstanding,
    IReadOnlyDictionary<string, string> Attributes) : Asset(Id, AreaId, Attributes)
{
    /// <inheritdoc />
    public override AssetKind Kind => AssetKind.Site;
}
