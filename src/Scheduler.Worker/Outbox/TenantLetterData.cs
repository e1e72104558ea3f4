using Scheduler.Persistence.Outbox;

namespace Scheduler.Worker.Outbox;

/// <summary>
/// What the tenant letters of one claimed batch need, read in one query per table: each row's payload (null when it
/// cannot be read), the tenants and the homes.
/// </summary>
internal sealed record TenantLetterData(
    IReadOnlyDictionary<long, TenantLetterPayload?> Payloads,
    IReadOnlyDictionary<string, OutboxTenant> Tenants,
    IReadOnlyDictionary<string, OutboxHome> Homes)
{
    /// <summary>No tenant letters in the batch.</summary>
    public static TenantLetterData Empty { get; } = new(new Dictionary<long, TenantLetterPayload?>(), new Dictionary<string, OutboxTenant>(), new Dictionary<string, OutboxHome>());

    /// <summary>Reads the payloads of the batch's tenant letters and loads their tenants and homes (nothing when there are none).</summary>
    public static async Task<TenantLetterData> LoadAsync(OutboxStore store, IReadOnlyList<ClaimedMessage> claimed, CancellationToken cancellationToken)
    {
        var letters = claimed.Where(c => c.Kind == OutboxKinds.TenantLetter).ToList();
        if (letters.Count == 0)
        {
            return Empty;
        }

        var payloads = letters.ToDictionary(c => c.Id, c => TenantLetterComposer.ReadPayload(c.Payload));
        var tenants = await store.LoadTenantsAsync(
            [.. letters.Select(c => c.RecipientId).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
        var homes = await store.LoadHomesAsync(
            [.. payloads.Values.OfType<TenantLetterPayload>().Select(p => p.HomeId).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
        return new TenantLetterData(payloads, tenants, homes);
    }
}
