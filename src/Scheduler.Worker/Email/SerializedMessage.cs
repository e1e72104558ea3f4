using MimeKit;

namespace Scheduler.Worker.Email;

/// <summary>
/// A message whose body is already written out as MIME bytes, for MailKit's <c>SmtpClient.SendAsync</c>: the same
/// headers (copied), and a <see cref="SerializedBody"/> that writes the stored bytes instead of encoding every part
/// again. Prepared for a 7-bit transport when made (each part keeps its quoted-printable or base64 encoding; a part
/// without one gets one), so MailKit sends it with plain <c>DATA</c>. It is sent with an explicit envelope
/// (<see cref="EnvelopeSender"/>, <see cref="EnvelopeRecipients"/>), taken from the message as MailKit would.
/// </summary>
internal sealed class SerializedMessage
{
    private static readonly FormatOptions Format = CreateFormat();

    private MimeMessage? _wire;

    private SerializedMessage(MimeMessage? wire, MailboxAddress sender, IReadOnlyList<MailboxAddress> recipients)
    {
        _wire = wire;
        EnvelopeSender = sender;
        EnvelopeRecipients = recipients;
    }

    /// <summary>
    /// The message to hand to MailKit: writing it writes the original's bytes. For a message written directly it is
    /// made the first time it is asked for (<see cref="SmtpTransport"/> does not ask: it sends the written bytes in a
    /// message object it reuses, <see cref="ReusableWire"/>).
    /// </summary>
    public MimeMessage Wire => _wire ??= _body is { } body
        ? new MimeMessage((IEnumerable<Header>)[new HeaderBlock(_headerLines!)]) { Body = new SerializedBody(body) }
        : throw new InvalidOperationException("A message built with MimeKit has its wire message from the start.");

    /// <summary>The envelope sender (<c>MAIL FROM</c>): the message's Sender, else its first From mailbox.</summary>
    public MailboxAddress EnvelopeSender { get; }

    /// <summary>The envelope recipients (<c>RCPT TO</c>): the mailboxes of To, Cc and Bcc, each once.</summary>
    public IReadOnlyList<MailboxAddress> EnvelopeRecipients { get; }

    /// <summary>Writes the body of <paramref name="message"/> out once (see <see cref="OutgoingMessage.Serialize"/>).</summary>
    public static SerializedMessage From(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sender = message.Sender ?? message.From.Mailboxes.First();
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes)
            .DistinctBy(m => m.Address, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (message.Body is not { } body)
        {
            return new SerializedMessage(message, sender, recipients);
        }

        message.Prepare(EncodingConstraint.SevenBit, 998);
        using var content = new MemoryStream(8192);
        body.WriteTo(Format, content, contentOnly: true);
        var wire = new MimeMessage((IEnumerable<Header>)[.. message.Headers.Select(h => h.Clone())])
        {
            Body = new SerializedBody(body, content.ToArray()),
        };
        return new SerializedMessage(wire, sender, recipients);
    }

    /// <summary>
    /// A message written directly (<see cref="DirectMimeWriter"/>): <paramref name="headerLines"/> are its header lines
    /// (CRLF ends, without the blank line), <paramref name="body"/> its body as written.
    /// </summary>
    public static SerializedMessage FromWritten(byte[] headerLines, MessageBytes body, MailboxAddress sender, IReadOnlyList<MailboxAddress> recipients) =>
        new(null, sender, recipients) { _headerLines = headerLines, _body = body };

    private byte[]? _headerLines;
    private MessageBytes? _body;

    /// <summary>
    /// For a message written directly, its header lines and body; null for one built with MimeKit. The body is held in a
    /// pooled array until <see cref="ReleaseBytes"/>; reading this after it throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public (byte[] HeaderLines, ReadOnlyMemory<byte> Body)? Written => _body is { } body ? (_headerLines!, body.Memory) : null;

    /// <summary>
    /// For a message written directly, gives its body's pooled array back (<see cref="MessageBytes.Return"/>): call only
    /// when nothing can read the message any more (its send has ended). True the first time; false after, or for a message
    /// built with MimeKit. Its bytes cannot be read after it (<see cref="Written"/>, <see cref="Wire"/>, <see cref="ToBytes"/> throw).
    /// </summary>
    internal bool ReleaseBytes() => _body?.Return() ?? false;

    /// <summary>True once <see cref="ReleaseBytes"/> has given a written body's array back.</summary>
    internal bool BytesReleased => _body?.Returned ?? false;

    /// <summary>The whole message as sent (headers, blank line, body).</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        Wire.WriteTo(Format, stream);
        return stream.ToArray();
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.International = false;
        return format;
    }
}
