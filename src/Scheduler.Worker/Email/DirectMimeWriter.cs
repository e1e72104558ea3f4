using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Utils;
using NodaTime;

namespace Scheduler.Worker.Email;

/// <summary>
/// Writes a contractor's message (and a tenant's letter: <see cref="Tenant"/>) straight to MIME bytes, in the structure <see cref="MessageBuilder"/> builds with
/// MimeKit (<c>multipart/mixed</c> of a <c>multipart/alternative</c> — plain text and HTML in quoted-printable, the
/// calendar as <c>text/calendar; method=…</c> in base64 — and the <c>.ics</c> and <c>.csv</c> attachments in base64),
/// into this thread's reused <see cref="MimeBuffer"/>, instead of building a tree of MimeKit objects and writing it:
/// what is the same for every message (the part headers) is constant bytes, the <c>From:</c> and <c>To:</c> lines come
/// from the caller (encoded by MimeKit once per address), the calendar is encoded once for both of its places. Header
/// values are encoded as MimeKit does (<see cref="EncodedHeaders"/>); the output is 7-bit, CRLF throughout, lines of at
/// most 78 characters apart from MimeKit's own folded headers. The boundaries come from a hash of the Message-Id
/// (<c>=-</c> and base64, as MimeKit's, which can appear neither in quoted-printable nor in base64 lines), so a re-send
/// of the same cause is the same bytes. Only values it can write exactly are accepted (<see cref="CanWrite(string, string)"/>); the
/// builder sends anything else through MimeKit.
/// </summary>
internal static class DirectMimeWriter
{
    /// <summary>
    /// True when the Message-Id and file name are plain enough to write as they are: the id printable ASCII without
    /// spaces, angle brackets or quotes with one <c>@</c> inside (as <see cref="MessageIds.FromKey"/> makes), the file
    /// name letters, digits, <c>.</c>, <c>-</c> and <c>_</c> (as references and programme names are).
    /// </summary>
    public static bool CanWrite(string messageId, string fileName)
    {
        if (fileName.Length is 0 or > 60 || !CanWrite(messageId))
        {
            return false;
        }

        foreach (var ch in fileName)
        {
            if (!char.IsAsciiLetterOrDigit(ch) && ch is not ('.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the Message-Id is plain enough to write as it is (see <see cref="CanWrite(string, string)"/>).</summary>
    public static bool CanWrite(string messageId)
    {
        if (messageId.Length is 0 or > 200)
        {
            return false;
        }

        var at = messageId.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == messageId.Length - 1 || messageId.IndexOf('@', at + 1) >= 0)
        {
            return false;
        }

        foreach (var ch in messageId)
        {
            if (ch is <= ' ' or > '~' or '<' or '>' or '"' or '(' or ')' or ',' or ';' or ':' or '\\' or '[' or ']')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The message, written: <paramref name="fromLine"/> and <paramref name="toLine"/> are the encoded header lines of
    /// <paramref name="sender"/> and <paramref name="recipient"/> (<see cref="EncodedHeaders"/>); the subject is one line
    /// already (<see cref="RenderedEmail.Subject"/>). Call only when <see cref="CanWrite(string, string)"/> is true.
    /// </summary>
    public static SerializedMessage Contractor(
        byte[] fromLine,
        byte[] toLine,
        MailboxAddress sender,
        MailboxAddress recipient,
        string messageId,
        Instant date,
        RenderedEmail content,
        IcsFile calendar,
        string csv,
        string fileName)
    {
        var (mixed, alternative) = Boundaries(messageId);
        var buffer = MimeBuffer.Rent();
        try
        {
            Headers(buffer, fromLine, toLine, messageId, date, content, "multipart/mixed"u8, mixed);
            var headersEnd = buffer.Length;

            Delimiter(buffer, mixed, first: true);
            buffer.Write("Content-Type: multipart/alternative; boundary=\""u8).Ascii(alternative).Write("\"\r\n\r\n"u8);
            TextAndHtml(buffer, alternative, content);
            Delimiter(buffer, alternative);
            buffer.Write("Content-Type: text/calendar; charset=utf-8; method="u8).Ascii(calendar.MethodName)
                .Write("\r\nContent-Transfer-Encoding: base64\r\n\r\n"u8);
            var icsStart = buffer.Length;
            Base64Utf8(buffer, calendar.Text, byteOrderMark: false);
            var icsEnd = buffer.Length;
            Delimiter(buffer, alternative, last: true);

            Delimiter(buffer, mixed);
            buffer.Write("Content-Type: application/ics; name="u8).Ascii(fileName).Write(".ics\r\nContent-Disposition: attachment; filename="u8)
                .Ascii(fileName).Write(".ics\r\nContent-Transfer-Encoding: base64\r\n\r\n"u8);
            buffer.Repeat(icsStart, icsEnd);
            Delimiter(buffer, mixed);
            buffer.Write("Content-Type: text/csv; charset=utf-8; name="u8).Ascii(fileName).Write(".csv\r\nContent-Disposition: attachment; filename="u8)
                .Ascii(fileName).Write(".csv\r\nContent-Transfer-Encoding: base64\r\n\r\n"u8);
            Base64Utf8(buffer, csv, byteOrderMark: true);
            Delimiter(buffer, mixed, last: true);

            return SerializedMessage.FromWritten(buffer.ToArray(0, headersEnd), buffer.ToPooled(headersEnd, buffer.Length), sender, [recipient]);
        }
        finally
        {
            MimeBuffer.Return(buffer);
        }
    }

    /// <summary>
    /// A tenant's letter, written: the same message as <see cref="MessageBuilder.ForTenant"/> builds with MimeKit, a
    /// <c>multipart/alternative</c> of the plain text and the HTML in quoted-printable, byte for byte what MimeKit
    /// writes for it given the same boundary (here from the Message-Id's hash, not random). The arguments are as
    /// <see cref="Contractor"/>'s. Call only when <see cref="CanWrite(string)"/> is true.
    /// </summary>
    public static SerializedMessage Tenant(byte[] fromLine, byte[] toLine, MailboxAddress sender, MailboxAddress recipient, string messageId, Instant date, RenderedEmail content)
    {
        var (alternative, _) = Boundaries(messageId);
        var buffer = MimeBuffer.Rent();
        try
        {
            Headers(buffer, fromLine, toLine, messageId, date, content, "multipart/alternative"u8, alternative);
            var headersEnd = buffer.Length;
            TextAndHtml(buffer, alternative, content, asMimeKit: true);
            Delimiter(buffer, alternative, last: true);
            return SerializedMessage.FromWritten(buffer.ToArray(0, headersEnd), buffer.ToPooled(headersEnd, buffer.Length), sender, [recipient]);
        }
        finally
        {
            MimeBuffer.Return(buffer);
        }
    }

    /// <summary>The message's header lines, in MimeKit's order, the last its <c>Content-Type</c> (a multipart's, with <paramref name="boundary"/>).</summary>
    private static void Headers(MimeBuffer buffer, byte[] fromLine, byte[] toLine, string messageId, Instant date, RenderedEmail content, ReadOnlySpan<byte> multipart, string boundary)
    {
        buffer.Write(fromLine);
        buffer.Write("Date: "u8).Ascii(DateUtils.FormatDate(date.ToDateTimeOffset())).Crlf();
        EncodedHeaders.Subject(buffer, TemplateValues.OneLine(content.Subject).Trim());
        buffer.Write("Message-Id: <"u8).Ascii(messageId).Write(">\r\n"u8);
        buffer.Write(toLine);
        buffer.Write("Auto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\nContent-Type: "u8).Write(multipart).Write("; boundary=\""u8).Ascii(boundary).Write("\"\r\n"u8);
    }

    /// <summary>The first two parts of a <c>multipart/alternative</c>: the plain text and the HTML, each in quoted-printable, from its first delimiter.</summary>
    /// <remarks>
    /// A contractor's message keeps the quoted-printable its recorded bytes have (<see cref="MimeBuffer.QuotedPrintable"/>,
    /// soft breaks at 76); a tenant's letter, <paramref name="asMimeKit"/>, MimeKit's (<see cref="MimeBuffer.QuotedPrintableAsMimeKit"/>),
    /// so that it stays the bytes it was when MimeKit wrote it.
    /// </remarks>
    private static void TextAndHtml(MimeBuffer buffer, string alternative, RenderedEmail content, bool asMimeKit = false)
    {
        Delimiter(buffer, alternative, first: true);
        buffer.Write("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"u8);
        QuotedPrintable(buffer, content.Text, asMimeKit);
        Delimiter(buffer, alternative);
        buffer.Write("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"u8);
        QuotedPrintable(buffer, content.Html, asMimeKit);
    }

    private static void QuotedPrintable(MimeBuffer buffer, string text, bool asMimeKit)
    {
        if (asMimeKit)
        {
            buffer.QuotedPrintableAsMimeKit(text);
        }
        else
        {
            buffer.QuotedPrintable(text);
        }
    }

    /// <summary>Two boundaries from the SHA-256 of <paramref name="messageId"/>: one from each half.</summary>
    private static (string First, string Second) Boundaries(string messageId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.ASCII.GetBytes(messageId), hash);
        return (Boundary(hash[..16]), Boundary(hash[16..]));
    }

    /// <summary><c>=-</c> and the base64 of <paramref name="bytes"/>, as MimeKit makes its boundaries.</summary>
    private static string Boundary(ReadOnlySpan<byte> bytes) => "=-" + Convert.ToBase64String(bytes);

    /// <summary>
    /// A boundary line: the first one of a multipart has no line end before it (the headers' blank line is there);
    /// every other one starts with the CRLF that belongs to it, after the part's own last line end.
    /// </summary>
    private static void Delimiter(MimeBuffer buffer, string boundary, bool first = false, bool last = false)
    {
        if (!first)
        {
            buffer.Crlf();
        }

        buffer.Write("--"u8).Ascii(boundary);
        buffer.Write(last ? "--\r\n"u8 : "\r\n"u8);
    }

    private static void Base64Utf8(MimeBuffer buffer, string text, bool byteOrderMark)
    {
        var preamble = byteOrderMark ? Encoding.UTF8.Preamble : [];
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(preamble.Length + Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            preamble.CopyTo(bytes);
            var count = preamble.Length + Encoding.UTF8.GetBytes(text, bytes.AsSpan(preamble.Length));
            buffer.Base64Lines(bytes.AsSpan(0, count));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
