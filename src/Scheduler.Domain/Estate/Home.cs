using NodaTime;

namespace Scheduler.Domain.Estate;

/// <summary>
/// A home (a row of <c>properties.csv</c>). <see cref="BlockId"/> and <see cref="SiteId"/> are null for a
/// street property. <see cref="LastGasCheck"/> is the <i>effective</i> date of the current gas safety
/// record (reg. 36A), so the deadline is 12 months after it; null means no record is known.
/// Component years are the year of install or last replacement; null means unknown (survey needed).
/// </summary>
/// <remarks>
/// <see cref="Gas"/> always equals the <c>gas</c> column of <see cref="Asset.Attributes"/> and
/// <see cref="LastGasCheck"/> the date in its <c>last_gas_check</c> column (null when empty), as the register
/// loader builds them: filters and the gas projection read these members instead of the columns.
/// </remarks>
public sealed record Home(
    string Id,
    string? BlockId,
    string? SiteId,
    string Address,
    string Postcode,
    string AreaId,
    bool Gas,
    LocalDate? LastGasCheck,
    int? KitchenYear,
    int? BathroomYear,
    int? BoilerYear,
    IReadOnlyDictionary<string, string> Attributes) : Asset(Id, AreaId, Attributes)
{
    /// <summary>The contract column <see cref="LastGasCheck"/> equals.</summary>
    internal const string LastGasCheckColumn = "last_gas_check";

    /// <inheritdoc />
    public override AssetKind Kind => AssetKind.Property;

    /// <summary>
    /// True when the home's appointment letters go by post: its first tenant by id (the letter's recipient) asked for
    /// post or has no email address (<see cref="Tenant.GetsLettersByPost"/>); false for a void home (no letter). Set by
    /// <see cref="EstateRegister"/> from its tenants, and by the database's reader for planning's register, read without
    /// them, so a part of a register still knows it. An overdue
    /// home's urgent gas visit is projected on the first day the booking can book it, which is later by post
    /// (docs/gas-safety.md, The urgent visit's day).
    /// </summary>
    public bool LettersByPost { get; init; }

    /// <summary>Ids, dates and years only: never the address or the postcode (logs carry ids).</summary>
    public override string ToString() =>
        $"Home {{ Id = {Id}, BlockId = {BlockId}, SiteId = {SiteId}, AreaId = {AreaId}, Address = (withheld), Postcode = (withheld), Gas = {Gas}, LettersByPost = {LettersByPost}, "
        + $"LastGasCheck = {LastGasCheck}, KitchenYear = {KitchenYear}, BathroomYear = {BathroomYear}, BoilerYear = {BoilerYear} }}";
}
