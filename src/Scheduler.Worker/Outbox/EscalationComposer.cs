using System.Text.Json;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Outbox;

/// <summary>
/// Composes a <see cref="OutboxKinds.ManagerEscalation"/> row (gas safety after the last no-access visit) into the email
/// to the compliance manager: to <c>organisation.complianceEmail</c>, else <c>digestEmail</c>; the evidence from the
/// row's payload (<see cref="GasEscalationPayload"/>), the home's address from the order it names. A row with neither
/// address configured, an unreadable payload or a template error is dead, with the reason; nothing throws.
/// </summary>
internal sealed class EscalationComposer(TemplateRenderer renderer, MessageBuilder builder, EstateConfiguration config)
{
    /// <summary>Composes <paramref name="claimed"/>; <paramref name="orders"/> are the orders the claimed rows name.</summary>
    public ComposedMessage Compose(ClaimedMessage claimed, IReadOnlyDictionary<long, OutboxOrder> orders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(orders);
        var to = config.Organisation.ComplianceEmail ?? config.Organisation.DigestEmail;
        if (string.IsNullOrWhiteSpace(to))
        {
            return ComposedMessage.Dead(claimed, "No escalation address is configured: set organisation.complianceEmail (or digestEmail) and retry.");
        }

        GasEscalationPayload escalation;
        try
        {
            escalation = GasEscalationPayload.FromJson(claimed.Payload ?? string.Empty);
        }
        catch (JsonException e)
        {
            return ComposedMessage.Dead(claimed, $"The escalation's payload cannot be read: {e.Message}");
        }

        var order = claimed.WorkOrderIds.Select(id => orders.GetValueOrDefault(id)).OfType<OutboxOrder>().FirstOrDefault();
        var model = new ManagerEscalationEmail(config.Organisation, escalation, order?.Address ?? escalation.HomeId, order?.Postcode ?? string.Empty);
        try
        {
            var content = renderer.Render(model, cancellationToken);
            var recipient = EmailAddresses.Mailbox("Compliance manager", to, config.Organisation.ComplianceEmail is null ? "organisation.digestEmail" : "organisation.complianceEmail");
            var message = builder.Build(claimed.MessageId, recipient, content, claimed.CreatedAt, null, []);
            return ComposedMessage.Ready(claimed, new OutgoingMessage(message), []);
        }
        catch (TemplateException e)
        {
            return ComposedMessage.TemplateFailed(claimed, e, $"Template error for the escalation of home {escalation.HomeId}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            return ComposedMessage.Dead(claimed, $"Cannot build the escalation of home {escalation.HomeId}: {e.Message}");
        }
    }
}
