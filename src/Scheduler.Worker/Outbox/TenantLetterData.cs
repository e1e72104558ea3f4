using NodaTime;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Worker.Outbox;

/// <summary>
/// What the tenant letters of one claimed batch need, read in one query per table: each row's payload (null when it
/// cannot be read), the tenants and the homes; and the batch's days, from the dispatcher's clock once per batch:
/// <see cref="Today"/> (an email's date) and <see cref="PostingDay"/> (a printed letter's, unless an earlier claim chose its batch).
/// </summary>
internal sealed record TenantLetterData(
    IReadOnlyDictionary<long, TenantLetterPayload?> Payloads,
    IReadOnlyDictionary<string, OutboxTenant> Tenants,
    IReadOnlyDictionary<string, OutboxHome> Homes)
{
    /// <summary>The day the batch is composed (London date): the date of the letters sent by email.</summary>
    public LocalDate Today { get; init; }

    /// <summary>
    /// The day the letters printed in this batch are posted: the first working day after <see cref="Today"/>
    /// (<see cref="Letters.LetterBatchDocument.PostingDay"/>), the day of the batch file they go into and their date.
    /// </summary>
    public LocalDate PostingDay { get; init; }

    /// <summary>No tenant letters in the batch.</summary>
    public static TenantLetterData Empty { get; } = new(new Dictionary<long, TenantLetterPayload?>(), new Dictionary<string, OutboxTenant>(), new Dictionary<string, OutboxHome>());

    /// <summary>
    /// Reads the payloads of the batch's tenant letters and loads their tenants and homes (nothing when there are none),
    /// with the batch's <paramref name="today"/> and <paramref name="postingDay"/>.
    /// </summary>
    public static async Task<TenantLetterData> LoadAsync(
        OutboxStore store, IReadOnlyList<ClaimedMessage> claimed, LocalDate today, LocalDate postingDay, CancellationToken cancellationToken)
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
        return new TenantLetterData(payloads, tenants, homes) { Today = today, PostingDay = postingDay };
    }
}
