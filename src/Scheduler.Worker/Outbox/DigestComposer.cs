using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Email;
using Scheduler.Worker.Hosting.Digest;

namespace Scheduler.Worker.Outbox;

/// <summary>
/// Composes a claimed <c>manager-digest</c> row: its payload (<see cref="DigestPayload"/>) rendered with the
/// <c>manager-digest</c> templates, to <c>organisation.digestEmail</c> as configured now. No attachments. A row
/// without a usable payload, a template error or no digest address makes the row dead with the reason.
/// </summary>
internal sealed class DigestComposer(TemplateRenderer renderer, MessageBuilder builder, EstateConfiguration config)
{
    /// <summary>Composes <paramref name="claimed"/>; never throws for bad data or templates (those are results).</summary>
    public ComposedMessage Compose(ClaimedMessage claimed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        var address = config.Organisation.DigestEmail;
        if (string.IsNullOrWhiteSpace(address))
        {
            return ComposedMessage.Dead(claimed, "organisation.digestEmail is not set: set it in organisation.yaml, then revive the message with 'outbox retry'.");
        }

        DigestPayload payload;
        try
        {
            payload = DigestPayload.FromJson(claimed.Payload ?? throw new FormatException("The digest row has no payload."));
        }
        catch (FormatException e)
        {
            return ComposedMessage.Dead(claimed, e.Message);
        }

        try
        {
            var content = renderer.Render(new ManagerDigestEmail(config.Organisation, payload.Date, payload.Sections), cancellationToken);
            var to = EmailAddresses.Mailbox(config.Organisation.Name, address, "organisation.digestEmail");
            var message = builder.Build(claimed.MessageId, to, content, claimed.CreatedAt, null, []);
            return ComposedMessage.Ready(claimed, new OutgoingMessage(message), []);
        }
        catch (TemplateException e)
        {
            return ComposedMessage.TemplateFailed(claimed, e, $"Template error in the manager digest: {e.Message}");
        }
        catch (ArgumentException e)
        {
            return ComposedMessage.Dead(claimed, $"Cannot build the manager digest: {e.Message}");
        }
    }
}
