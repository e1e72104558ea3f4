namespace Scheduler.Domain.Estate;

/// <summary>An estate or scheme with grounds. Flags say which grounds services it needs.</summary>
/// <remarks>
/// <see cref="Grass"/>, <see cref="Hedges"/> and <see cref="Hardstanding"/> always equal the columns of the same
/// names in <see cref="Asset.Attributes"/>, as the register loader builds them: filters read the members instead.
/// </remarks>
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

    /// <summary>Its id, name and flags: never the postcode (postcodes are never logged).</summary>
    public override string ToString() =>
        $"Site {{ Id = {Id}, Name = {Name}, AreaId = {AreaId}, Postcode = (withheld), Grass = {Grass}, Hedges = {Hedges}, Hardstanding = {Hardstanding} }}";
}
