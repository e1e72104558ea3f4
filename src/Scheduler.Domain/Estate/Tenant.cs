namespace Scheduler.Domain.Estate;

/// <summary>
/// A tenant of a home and how they want to be contacted. <see cref="Language"/> is a language tag such as
/// <c>en</c>, <c>pl</c> or <c>ur</c>; letters fall back to English when no template exists for it.
/// </summary>
public sealed record Tenant(
    string Id,
    string PropertyId,
    string Name,
    string? Email,
    string? Phone,
    ContactChannel Channel,
    bool LargePrint,
    string Language)
{
    /// <summary>
    /// True when a letter to this tenant goes by post: they asked for post, or have no email address (as the dispatcher
    /// prints it, and as <c>GasOrder.ByPostSql</c> reads it from the database).
    /// </summary>
    public bool GetsLettersByPost => Channel == ContactChannel.Post || Email is null;

    /// <summary>Ids and preferences only: never the tenant's name, email address or phone number (logs carry ids).</summary>
    public override string ToString() =>
        $"Tenant {{ Id = {Id}, PropertyId = {PropertyId}, Name = (withheld), Email = {(Email is null ? "(none)" : "(withheld)")}, Phone = {(Phone is null ? "(none)" : "(withheld)")}, Channel = {Channel}, LargePrint = {LargePrint}, Language = {Language} }}";
}
