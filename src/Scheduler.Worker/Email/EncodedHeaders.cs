using System.Text;
using MimeKit;

namespace Scheduler.Worker.Email;

/// <summary>
/// Header lines for a message written directly (<see cref="DirectMimeWriter"/>), encoded the way MimeKit encodes them
/// (RFC 2047 encoded-words for non-ASCII, quoting, folding at 78 characters), each ending in CRLF. Addresses are
/// encoded by MimeKit itself (the caller caches them per sender and recipient); a subject that is short printable
/// ASCII without anything that looks like an encoded-word is written as it is, any other by MimeKit.
/// </summary>
internal static class EncodedHeaders
{
    /// <summary>The longest header line written without folding, as RFC 5322 recommends.</summary>
    private const int MaxLine = 78;

    /// <summary>The <c>From:</c> line for <paramref name="mailbox"/>.</summary>
    public static byte[] From(MailboxAddress mailbox) => Address(HeaderId.From, mailbox);

    /// <summary>The <c>To:</c> line for <paramref name="mailbox"/>.</summary>
    public static byte[] To(MailboxAddress mailbox) => Address(HeaderId.To, mailbox);

    /// <summary>Writes the <c>Subject:</c> line of <paramref name="subject"/> (one line already: no control characters).</summary>
    public static void Subject(MimeBuffer buffer, string subject)
    {
        if ("Subject: ".Length + subject.Length <= MaxLine && IsPlain(subject))
        {
            buffer.Write("Subject: "u8).Ascii(subject).Crlf();
            return;
        }

        var header = new Header(Encoding.UTF8, HeaderId.Subject, subject);
        buffer.Write("Subject:"u8);
        WithCrlf(buffer, header.RawValue);
    }

    /// <summary>True for text MimeKit would write as it is: printable ASCII, no <c>=?</c>, no doubled or edge spaces.</summary>
    private static bool IsPlain(string text)
    {
        if (text.Length == 0 || text[0] == ' ' || text[^1] == ' ' || text.Contains("=?", StringComparison.Ordinal) || text.Contains("  ", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var ch in text)
        {
            if (ch is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] Address(HeaderId id, MailboxAddress mailbox)
    {
        // MimeKit encodes an address header when the address is added to a message's list: take that line.
        var message = new MimeMessage((IEnumerable<Header>)[]);
        var copy = new MailboxAddress(mailbox.Encoding, mailbox.Name, mailbox.Route, mailbox.Address);
        (id == HeaderId.From ? message.From : message.To).Add(copy);
        var header = message.Headers.First(h => h.Id == id);
        var buffer = MimeBuffer.Rent();
        try
        {
            buffer.Write(header.RawField).Write(":"u8);
            WithCrlf(buffer, header.RawValue);
            return buffer.Written.ToArray();
        }
        finally
        {
            MimeBuffer.Return(buffer);
        }
    }

    /// <summary>Writes a raw header value MimeKit made (LF or CRLF line ends) with CRLF line ends.</summary>
    private static void WithCrlf(MimeBuffer buffer, ReadOnlySpan<byte> raw)
    {
        while (!raw.IsEmpty)
        {
            var lf = raw.IndexOf((byte)'\n');
            if (lf < 0)
            {
                buffer.Write(raw).Crlf();
                return;
            }

            var line = raw[..lf];
            buffer.Write(line.EndsWith((byte)'\r') ? line[..^1] : line).Crlf();
            raw = raw[(lf + 1)..];
        }
    }
}
