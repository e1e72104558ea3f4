namespace Scheduler.Persistence.Outbox;

/// <summary>A tenant as the register import stored them, with how they want letters: what a tenant letter needs.</summary>
/// <param name="Id">The tenant's register id (the outbox row's recipient id).</param>
/// <param name="HomeId">The home they live in.</param>
/// <param name="Name">Their name, as the register spells it.</param>
/// <param name="Email">Their email address; null when none is known.</param>
/// <param name="Channel"><c>email</c> or <c>post</c>.</param>
/// <param name="LargePrint">True when they asked for large print.</param>
/// <param name="Language">Their language tag (e.g. <c>en</c>, <c>pl</c>); letters fall back to English.</param>
/// <param name="Active">False once the latest import no longer lists them (they moved out).</param>
public sealed record OutboxTenant(string Id, string HomeId, string Name, string? Email, string Channel, bool LargePrint, string Language, bool Active)
{
    /// <summary>Ids and preferences only: never the tenant's name or email address (logs carry ids).</summary>
    public override string ToString() =>
        $"OutboxTenant {{ Id = {Id}, HomeId = {HomeId}, Name = (withheld), Email = {(Email is null ? "(none)" : "(withheld)")}, Channel = {Channel}, LargePrint = {LargePrint}, Language = {Language}, Active = {Active} }}";
}

/// <summary>A home's postal address, for a tenant letter.</summary>
/// <param name="Id">The home's register id.</param>
/// <param name="Address">The address lines, comma-separated as the register holds them (e.g. <c>Flat 2, 1 High Street, Leeds</c>).</param>
/// <param name="Postcode">The postcode.</param>
/// <param name="Active">False once the latest import no longer lists the home.</param>
public sealed record OutboxHome(string Id, string Address, string Postcode, bool Active)
{
    /// <summary>The id only: never the address or the postcode (logs carry ids).</summary>
    public override string ToString() => $"OutboxHome {{ Id = {Id}, Address = (withheld), Postcode = (withheld), Active = {Active} }}";
}
