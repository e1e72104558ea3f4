using System.Text;
using MimeKit;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;

namespace Scheduler.Worker.Email;

/// <summary>
/// Builds the MIME message for a rendered email (MimeKit). The body is <c>multipart/alternative</c> with the plain
/// text, the HTML and, for a contractor, the calendar as <c>text/calendar; method=REQUEST|CANCEL</c> (the method is
/// the file's own, as iMIP requires); when there are files it is wrapped in <c>multipart/mixed</c> with the
/// <c>.ics</c> (<c>application/ics</c>) and the <c>.csv</c> (<c>text/csv</c>, UTF-8 with a byte-order mark so
/// spreadsheets show accents) as attachments. The Message-Id and Date come from the caller, so a re-send of the
/// same cause is byte-for-byte the same message; <c>Auto-Submitted: auto-generated</c> stops auto-replies.
/// </summary>
public sealed class MessageBuilder
{
    /// <summary>How many recipients' encoded <c>To:</c> lines are kept (contractors are few; the cache starts over when full).</summary>
    private const int MaxCachedRecipients = 1_000;

    private readonly Lazy<byte[]> _fromLine;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Name, string Address), (byte[] Line, MailboxAddress Mailbox)> _recipients = new();

    /// <summary>Makes a builder whose messages come from <paramref name="from"/> (<c>Smtp:From</c>).</summary>
    public MessageBuilder(MailboxAddress from)
    {
        ArgumentNullException.ThrowIfNull(from);
        From = from;
        _fromLine = new(() => EncodedHeaders.From(Copy(from)));
    }

    /// <summary>The sender of every message.</summary>
    public MailboxAddress From { get; }

    /// <summary>
    /// A contractor's message: the rendered email, the calendar as an alternative and as <c>{fileName}.ics</c>, and the
    /// orders as <c>{fileName}.csv</c>. <paramref name="messageId"/> is without angle brackets (see
    /// <see cref="MessageIds.FromKey"/>); <paramref name="date"/> is when it was written, from the caller's clock.
    /// </summary>
    public MimeMessage ForContractor(
        string messageId,
        Contractor contractor,
        RenderedEmail content,
        Instant date,
        IcsFile calendar,
        string csv,
        string fileName)
    {
        ArgumentNullException.ThrowIfNull(contractor);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var to = EmailAddresses.Mailbox(contractor.Name, contractor.Email, $"contractor '{contractor.Id}'");
        var preamble = Encoding.UTF8.GetPreamble();
        var csvBytes = new byte[preamble.Length + Encoding.UTF8.GetByteCount(csv)];
        preamble.CopyTo(csvBytes, 0);
        Encoding.UTF8.GetBytes(csv, 0, csv.Length, csvBytes, preamble.Length);
        return Build(
            messageId,
            to,
            content,
            date,
            calendar,
            [
                new MessageAttachment(fileName + ".ics", "application/ics", Encoding.UTF8.GetBytes(calendar.Text)),
                new MessageAttachment(fileName + ".csv", "text/csv", csvBytes),
            ]);
    }

    /// <summary>
    /// The same message as <see cref="ForContractor"/>, written straight to MIME bytes ready to send
    /// (<see cref="DirectMimeWriter"/>) instead of built as a MimeKit tree and then written: parsed, it has the same
    /// headers and parts. The <c>From:</c> line is encoded once per builder and each contractor's <c>To:</c> line once
    /// (both by MimeKit). A Message-Id or file name the writer does not take as it is goes through
    /// <see cref="ForContractor"/> instead. Throws <see cref="ArgumentException"/> as <see cref="ForContractor"/> does.
    /// </summary>
    public OutgoingMessage WriteForContractor(
        string messageId,
        Contractor contractor,
        RenderedEmail content,
        Instant date,
        IcsFile calendar,
        string csv,
        string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentNullException.ThrowIfNull(contractor);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (!DirectMimeWriter.CanWrite(messageId, fileName))
        {
            return new OutgoingMessage(ForContractor(messageId, contractor, content, date, calendar, csv, fileName)).Serialize();
        }

        var (toLine, to) = Recipient(contractor.Name, contractor.Email, $"contractor '{contractor.Id}'");
        var written = DirectMimeWriter.Contractor(_fromLine.Value, toLine, From, to, messageId, date, content, calendar, csv, fileName);
        return new OutgoingMessage(messageId, written);
    }

    /// <summary>The encoded <c>To:</c> line and mailbox of a recipient, made once (see <see cref="EmailAddresses.Mailbox"/> for the checks).</summary>
    private (byte[] Line, MailboxAddress Mailbox) Recipient(string? name, string? address, string what)
    {
        if (_recipients.TryGetValue((name ?? string.Empty, address ?? string.Empty), out var cached))
        {
            return cached;
        }

        var mailbox = EmailAddresses.Mailbox(name, address, what);
        if (_recipients.Count >= MaxCachedRecipients)
        {
            _recipients.Clear();
        }

        var made = (EncodedHeaders.To(mailbox), mailbox);
        _recipients[(name ?? string.Empty, address!)] = made;
        return made;
    }

    /// <summary>A tenant's letter by email. Throws <see cref="ArgumentException"/> when the tenant has no valid email address.</summary>
    public MimeMessage ForTenant(string messageId, Tenant tenant, RenderedEmail content, Instant date)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return Build(messageId, EmailAddresses.Mailbox(tenant.Name, tenant.Email, $"tenant '{tenant.Id}'"), content, date, null, []);
    }

    /// <summary>
    /// The same letter as <see cref="ForTenant"/>, written straight to MIME bytes ready to send (<see cref="DirectMimeWriter.Tenant"/>):
    /// the bytes MimeKit writes for <see cref="ForTenant"/>'s message, apart from its random boundary, which here comes
    /// from the Message-Id. The tenant's <c>To:</c> line is encoded by MimeKit each time (not cached: a tenant gets a
    /// letter or two a visit). A Message-Id the writer does not take as it is goes through <see cref="ForTenant"/>
    /// instead. Throws <see cref="ArgumentException"/> as <see cref="ForTenant"/> does.
    /// </summary>
    public OutgoingMessage WriteForTenant(string messageId, Tenant tenant, RenderedEmail content, Instant date)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(content);
        if (!DirectMimeWriter.CanWrite(messageId))
        {
            return new OutgoingMessage(ForTenant(messageId, tenant, content, date)).Serialize();
        }

        var to = EmailAddresses.Mailbox(tenant.Name, tenant.Email, $"tenant '{tenant.Id}'");
        var written = DirectMimeWriter.Tenant(_fromLine.Value, EncodedHeaders.To(to), From, to, messageId, date, content);
        return new OutgoingMessage(messageId, written);
    }

    private static MailboxAddress Copy(MailboxAddress address) => new(address.Encoding, address.Name, address.Route, address.Address);

    /// <summary>Any message: see the class summary for its structure.</summary>
    public MimeMessage Build(
        string messageId,
        MailboxAddress to,
        RenderedEmail content,
        Instant date,
        IcsFile? calendar,
        IReadOnlyList<MessageAttachment> attachments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(attachments);

        // Not new MimeMessage(): that one makes up a Message-Id from the host's name each time (most of the cost of
        // building a message); this one starts empty. The headers go in the order the default one gives them.
        var message = new MimeMessage((IEnumerable<Header>)[]);
        // A copy each time: an address list subscribes to its addresses' Changed event, so the one shared From address
        // kept every message ever built alive (5.5 GB after 97,000 messages in the end-to-end benchmark).
        message.From.Add(Copy(From));
        message.Date = date.ToDateTimeOffset();
        message.Subject = TemplateValues.OneLine(content.Subject).Trim();
        message.MessageId = messageId;
        message.To.Add(Copy(to));
        message.Headers.Add("Auto-Submitted", "auto-generated");

        var alternative = new MultipartAlternative
        {
            TextPart("plain", content.Text, ContentEncoding.QuotedPrintable),
            TextPart("html", content.Html, ContentEncoding.QuotedPrintable),
        };
        if (calendar is not null)
        {
            var part = TextPart("calendar", calendar.Text, ContentEncoding.Base64);
            part.ContentType.Parameters.Add("method", calendar.MethodName);
            alternative.Add(part);
        }

        if (attachments.Count == 0)
        {
            message.Body = alternative;
            return message;
        }

        var mixed = new Multipart("mixed") { alternative };
        foreach (var attachment in attachments)
        {
            var part = new MimePart(ContentType.Parse(attachment.MediaType))
            {
                Content = new MimeContent(new MemoryStream(attachment.Content.ToArray(), writable: false)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = attachment.FileName,
            };
            if (part.ContentType.MediaType == "text")
            {
                part.ContentType.Charset = "utf-8";
            }

            mixed.Add(part);
        }

        message.Body = mixed;
        return message;
    }

    private static TextPart TextPart(string subtype, string text, ContentEncoding encoding)
    {
        var part = new TextPart(subtype) { ContentTransferEncoding = encoding };
        part.SetText(Encoding.UTF8, text);
        return part;
    }
}
