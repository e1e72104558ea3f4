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
    /// <summary>Ids and preferences only: never the tenant's name, email address or phone number (logs carry ids).</summary>
    public override string ToString() =>
        $"Tenant {{ Id = {Id}, PropertyId = {PropertyId}, Name = (withheld), Email = {(Email is null ? "(none)" : "(withheld)")}, Phone = {(Phone is null ? "(none)" : "(withheld)")}, Channel = {Channel}, LargePrint = {LargePrint}, Language = {Language} }}";
}
