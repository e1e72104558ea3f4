using MimeKit;

namespace Scheduler.Worker.Email;

/// <summary>
/// A message ready to send: a built <see cref="MimeMessage"/> that has a Message-Id, a sender and a recipient, and,
/// once <see cref="Serialize"/> has run, the same message with its body already written out as MIME bytes, which
/// <see cref="SmtpTransport"/> then sends as they are (so encoding the parts is done once, while composing, not on the
/// sending connection). A contractor's message and a tenant's letter are written straight to bytes instead
/// (<see cref="MessageBuilder.WriteForContractor"/>, <see cref="MessageBuilder.WriteForTenant"/>): they are serialized
/// from the start, and <see cref="Message"/> is those bytes parsed, on first use.
/// </summary>
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

        _message = message;
        MessageId = message.MessageId;
    }

    /// <summary>A message written directly as <paramref name="written"/>, with <paramref name="messageId"/>.</summary>
    internal OutgoingMessage(string messageId, SerializedMessage written)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentNullException.ThrowIfNull(written);
        MessageId = messageId;
        Serialized = written;
    }

    private MimeMessage? _message;

    /// <summary>The message (for one written directly, its bytes parsed the first time this is read).</summary>
    public MimeMessage Message => _message ??= MimeMessage.Load(new MemoryStream(Serialized!.ToBytes(), writable: false));

    /// <summary>Its Message-Id, without angle brackets: the id results and logs use.</summary>
    public string MessageId { get; }

    /// <summary>The message as written by <see cref="Serialize"/>; null until then.</summary>
    internal SerializedMessage? Serialized { get; private set; }

    /// <summary>
    /// Writes the message out once, as an SMTP client would send it (CRLF line ends, 7-bit clean: every part keeps its
    /// quoted-printable or base64 encoding, and a part without one gets one; <c>Bcc</c> hidden), and keeps the bytes
    /// with the envelope (sender and recipients) for <see cref="SmtpTransport"/>; the bytes sent are the same as before. Call it after the message is complete
    /// and before it is sent; later changes to <see cref="Message"/> are not sent. Returns this.
    /// </summary>
    public OutgoingMessage Serialize()
    {
        Serialized ??= SerializedMessage.From(_message!);
        return this;
    }

    /// <summary>
    /// Gives the pooled array of a message written directly back (<see cref="SerializedMessage.ReleaseBytes"/>): the
    /// dispatcher calls it once the message's send has ended and its result is known (sent and marked, or failed), so no
    /// transport can still be reading it. True the first time; false after, or when there was nothing pooled. A message
    /// not released is collected as garbage.
    /// </summary>
    internal bool ReleaseBytes() => Serialized?.ReleaseBytes() ?? false;
}
