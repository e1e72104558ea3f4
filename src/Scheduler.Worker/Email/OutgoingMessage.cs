using MimeKit;

namespace Scheduler.Worker.Email;

/// <summary>A message ready to send: a built <see cref="MimeMessage"/> that has a Message-Id, a sender and a recipient.</summary>
public sealed class OutgoingMessage
{
    /// <summary>Wraps <paramref name="message"/>; throws <see cref="ArgumentException"/> when it lacks a Message-Id, From or To.</summary>
    public OutgoingMessage(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrEmpty(message.MessageId))
        {
            throw new ArgumentException("The message has no Message-Id.", nameof(message));
        }

        if (message.From.Count == 0 || message.To.Count == 0)
        {
            throw new ArgumentException($"Message {message.MessageId} needs a sender and a recipient.", nameof(message));
        }

        Message = message;
        MessageId = message.MessageId;
    }

    /// <summary>The message.</summary>
    public MimeMessage Message { get; }

    /// <summary>Its Message-Id, without angle brackets: the id results and logs use.</summary>
    public string MessageId { get; }
}
