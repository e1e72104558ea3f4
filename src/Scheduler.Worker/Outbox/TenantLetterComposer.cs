using System.Text.Json;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Email;
using Scheduler.Worker.Letters;

namespace Scheduler.Worker.Outbox;

/// <summary>
/// Composes a <c>tenant-letter</c> outbox row (payload: <see cref="TenantLetterPayload"/>; recipient: the tenant's id)
/// from the tenant's stored preferences as they are now: an appointment letter (first, second, third, changed) or an
/// improvement letter, in the tenant's language (English when no template exists in it), in large print when asked.
/// A tenant on channel <c>email</c> with a valid address gets an email; a tenant on <c>post</c>, or without a usable
/// address, gets a <see cref="PrintedLetter"/> for the batch file of the day it is posted — as does any row an earlier
/// claim already put in a batch file, which keeps that file (so a letter is never both printed and emailed). Every letter
/// is dated the day it goes (<see cref="TenantEmail.Dated"/>): an email the batch's <see cref="TenantLetterData.Today"/>,
/// a printed letter its batch file's day. Never throws for bad data or templates: an
/// unreadable payload, an unknown tenant or home, a template error, or a post letter with no
/// <c>Mail:LetterBatchDirectory</c> make the row dead with the reason; a tenant who has moved out, or a letter about an
/// order cancelled since it was queued, makes it superseded.
/// </summary>
internal sealed class TenantLetterComposer(TemplateRenderer renderer, MessageBuilder builder, EstateConfiguration config, bool canPrint)
{
    /// <summary>The <c>delivered_via</c> prefix of a printed letter: <c>post:2027-03-01.html</c>.</summary>
    public const string PostPrefix = OutboxDelivery.PostPrefix;

    /// <summary>Reads a stored payload; null when it is missing or not a tenant letter payload.</summary>
    public static TenantLetterPayload? ReadPayload(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return TenantLetterPayload.FromJson(json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or NodaTime.Text.UnparsableValueException)
        {
            return null;
        }
    }

    /// <summary>
    /// Composes <paramref name="claimed"/> with the batch's <paramref name="data"/> and <paramref name="orders"/> (the
    /// batch's orders, which the dispatcher reads once for every kind: an appointment letter names its order).
    /// </summary>
    public ComposedMessage Compose(ClaimedMessage claimed, TenantLetterData data, IReadOnlyDictionary<long, OutboxOrder> orders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(data);
        if (claimed.RecipientKind != "tenant")
        {
            return ComposedMessage.Dead(claimed, $"A tenant letter must be addressed to a tenant, not a {claimed.RecipientKind}.");
        }

        if (data.Payloads.GetValueOrDefault(claimed.Id) is not { } payload)
        {
            return ComposedMessage.Dead(claimed, $"Tenant letter {claimed.IdempotencyKey} has no readable payload (letter, homeId, …).");
        }

        if (!data.Tenants.TryGetValue(claimed.RecipientId, out var stored))
        {
            return ComposedMessage.Dead(claimed, $"Tenant '{claimed.RecipientId}' is not in the database (the register import adds tenants).");
        }

        if (!stored.Active)
        {
            return ComposedMessage.Superseded(claimed, "not sent: the tenant is no longer in the register (moved out)");
        }

        // A letter for an order cancelled before it went is not sent; the cancelled-appointment letter is about that very
        // order, and goes.
        if (payload.Letter != TenantLetterKinds.AppointmentCancelled
            && claimed.WorkOrderIds.Select(orders.GetValueOrDefault).FirstOrDefault(o => o?.Status == "cancelled") is { } cancelled)
        {
            return ComposedMessage.Superseded(claimed, $"not sent: work order {cancelled.Reference} was cancelled before the letter went out");
        }

        if (!data.Homes.TryGetValue(payload.HomeId, out var storedHome))
        {
            return ComposedMessage.Dead(claimed, $"Home '{payload.HomeId}' of tenant letter {claimed.IdempotencyKey} is not in the database.");
        }

        var tenant = new Tenant(
            stored.Id,
            stored.HomeId,
            stored.Name,
            stored.Email,
            null,
            stored.Channel == "post" ? ContactChannel.Post : ContactChannel.Email,
            stored.LargePrint,
            stored.Language);
        var home = new Home(storedHome.Id, null, null, storedHome.Address, storedHome.Postcode, string.Empty, false, null, null, null, null, new Dictionary<string, string>());
        // A letter a crashed earlier claim already put in a batch file stays on paper, in that file, dated its day. When
        // that batch's day has begun, nothing more goes into it (it may have been collected): the letter is composed for
        // the posting day's batch, and the dispatcher looks for it in the earlier one first.
        var chosenBatch = OutboxDelivery.PostBatch(claimed.DeliveredVia);
        string? earlierBatch = null;
        if (chosenBatch is not null && OutboxDelivery.BatchDay(chosenBatch) is { } chosenDay && chosenDay <= data.Today)
        {
            (earlierBatch, chosenBatch) = (chosenBatch, null);
        }

        var print = chosenBatch is not null
            || earlierBatch is not null
            || tenant.Channel == ContactChannel.Post
            || !EmailAddresses.IsValid(tenant.Email);

        // Dated the day it goes: an email the day it is sent, a printed letter the day its batch is posted.
        var batch = chosenBatch ?? LetterBatchDocument.FileName(data.PostingDay);
        var dated = print ? OutboxDelivery.BatchDay(batch) ?? data.PostingDay : data.Today;
        var (model, problem) = Model(payload, tenant, home, dated);
        if (model is null)
        {
            return ComposedMessage.Dead(claimed, $"Tenant letter {claimed.IdempotencyKey}: {problem}");
        }

        if (print && !canPrint)
        {
            return ComposedMessage.Dead(claimed, "The tenant gets letters by post (or has no email address) and Mail:LetterBatchDirectory is not set: set it, then 'outbox retry' this message.");
        }

        try
        {
            var content = renderer.Render(model, cancellationToken);
            if (print)
            {
                return ComposedMessage.Print(claimed, new PrintedLetter(
                    claimed.MessageId,
                    batch,
                    tenant.Name,
                    [.. home.Address.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
                    home.Postcode,
                    content.Language,
                    tenant.LargePrint,
                    content.Html,
                    Reclaimed: chosenBatch is not null,
                    EarlierBatch: earlierBatch));
            }

            return ComposedMessage.Ready(claimed, builder.WriteForTenant(claimed.MessageId, tenant, content, claimed.CreatedAt), []);
        }
        catch (TemplateException e)
        {
            return ComposedMessage.TemplateFailed(claimed, e, $"Template error for tenant letter {claimed.IdempotencyKey}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            return ComposedMessage.Dead(claimed, $"Cannot build tenant letter {claimed.IdempotencyKey}: {e.Message}");
        }
    }

    private (EmailModel? Model, string? Problem) Model(TenantLetterPayload payload, Tenant tenant, Home home, NodaTime.LocalDate dated)
    {
        var letter = payload.Letter switch
        {
            TenantLetterKinds.AppointmentFirst => AppointmentLetter.First,
            TenantLetterKinds.AppointmentSecond => AppointmentLetter.Second,
            TenantLetterKinds.AppointmentThird => AppointmentLetter.Third,
            TenantLetterKinds.AppointmentChanged => AppointmentLetter.Changed,
            TenantLetterKinds.AppointmentCancelled => AppointmentLetter.Cancelled,
            _ => AppointmentLetter.Invalid,
        };
        if (letter != AppointmentLetter.Invalid)
        {
            if (payload.Date is not { } date || string.IsNullOrWhiteSpace(payload.Service))
            {
                return (null, "an appointment letter needs the service and the date in its payload");
            }

            if (letter == AppointmentLetter.Changed && (payload.ReplacesDate is null || string.IsNullOrWhiteSpace(payload.ReplacesSlot)))
            {
                return (null, "a changed-appointment letter needs the day and slot it replaces (replacesDate, replacesSlot) in its payload");
            }

            var service = config.FindService(payload.Service);
            var appointment = new AppointmentView(
                payload.Reference ?? string.Empty,
                payload.Service,
                service is { Name: { Length: > 0 } name } ? name : payload.Service,
                date,
                payload.Slot ?? string.Empty,
                service?.ForTenants ?? [],
                letter,
                letter is AppointmentLetter.Second or AppointmentLetter.Third ? payload.PreviousDate : null)
            {
                Hours = SlotHoursLookup.Of(config, payload.Service, payload.Slot),
                // The changed letter names the visit it replaces; a second or third one a visit it also cancels, when it has one.
                Replaces = letter is AppointmentLetter.Changed or AppointmentLetter.Second or AppointmentLetter.Third
                           && payload.ReplacesDate is { } replaces && !string.IsNullOrWhiteSpace(payload.ReplacesSlot)
                    ? new OrderAppointment(replaces, payload.ReplacesSlot, SlotHoursLookup.Of(config, payload.Service, payload.ReplacesSlot))
                    : null,
                CheckedOn = letter == AppointmentLetter.Cancelled ? payload.CheckedOn : null,
            };
            return (new TenantAppointmentEmail(config.Organisation, tenant, home, appointment) { Dated = dated }, null);
        }

        if (payload.Letter == TenantLetterKinds.Improvement)
        {
            return payload.Year is { } year && payload.Components is { Count: > 0 } components
                ? (new TenantImprovementEmail(config.Organisation, tenant, home, new ImprovementView(year, components)) { Dated = dated }, null)
                : (null, "an improvement letter needs the year and at least one component in its payload");
        }

        return (null, $"'{payload.Letter}' is not a letter this version sends ({string.Join(", ", TenantLetterKinds.All)})");
    }
}
