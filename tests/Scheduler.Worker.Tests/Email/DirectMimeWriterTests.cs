using System.Text;
using MimeKit;
using MimeKit.Encodings;
using Scheduler.Domain.Configuration;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>
/// A contractor's message written straight to MIME bytes, parsed back by MimeKit, against the same message built as a
/// MimeKit tree (the reference), for ordinary and awkward values.
/// </summary>
public sealed class DirectMimeWriterTests
{
    private static readonly TemplateRenderer Renderer = EmailTestData.Renderer();

    public static TheoryData<string, string, string, string, string> Awkward => new()
    {
        // case, contractor name, organisation name, order address, subject override ("" keeps the rendered one)
        { "plain", "Greenscape Grounds Ltd", "Example Homes", "Oakfield Estate", string.Empty },
        { "non-ASCII names", "Łukasz Żółć & Søn – Ogrody", "Mieszkania Łódź – Zażółć", "Ulica Świętokrzyska 7, Łódź", string.Empty },
        { "script and quotes", "<script>alert(\"x\")</script> O'Brien & Sons", "<b>Homes</b> & \"Co\"", "<img src=x onerror=alert(1)> Road", string.Empty },
        { "CRLF and header injection", EmailTestData.Hostile, "Homes\r\nBcc: victim@example.org", "1 Road\r\n.\r\nRCPT TO:<victim@example.org>", "Hello\r\nBcc: victim@example.org\r\nContent-Type: text/plain" },
        { "long lines", new string('N', 120), "Example Homes " + string.Join(' ', Enumerable.Repeat("Housing", 30)), new string('x', 400) + " " + string.Join(' ', Enumerable.Repeat("word", 200)), "Work order " + string.Join(' ', Enumerable.Repeat("longer", 40)) },
        { "encoded-word lookalikes", "=?utf-8?q?Mallory?= Ltd", "Homes =?iso-8859-1?q?x?=", "=?utf-8?b?PHNjcmlwdD4=?=", "Order =?utf-8?q?=0D=0ABcc:_victim@example.org?=" },
        { "spaces, tabs and dots", "  Spaced   Name  ", "Homes\t\tTabbed", ".\r\n. leading dot\r\nFrom the road   \r\n trailing tab\t", "  two  spaces  inside  " },
        { "non-ASCII subject", "Greenscape", "Example Homes", "Oakfield", "Zlecenie WO-2027-000123: koszenie trawy – Łódź, ulica Żółkiewskiego, w terminie od poniedziałku" },
    };

    [Theory]
    [MemberData(nameof(Awkward))]
    public void WriteForContractor_ParsedBack_HasTheHeadersAndPartsOfTheMimeKitMessage(string name, string contractorName, string organisationName, string address, string subject)
    {
        var (reference, written) = Both(contractorName, organisationName, address, subject);

        var direct = Parse(written.Serialized!.ToBytes());
        var built = Parse(new OutgoingMessage(reference).Serialize().Serialized!.ToBytes());

        Assert.True(direct.Subject == built.Subject, $"{name}: subject '{direct.Subject}' != '{built.Subject}'");
        Assert.Equal(built.MessageId, direct.MessageId);
        Assert.Equal(built.Date, direct.Date);
        Assert.Equal(Mailboxes(built.From), Mailboxes(direct.From));
        Assert.Equal(Mailboxes(built.To), Mailboxes(direct.To));
        Assert.Empty(direct.Cc);
        Assert.Empty(direct.Bcc);
        Assert.Equal(
            built.Headers.Select(h => h.Field).Order(StringComparer.OrdinalIgnoreCase),
            direct.Headers.Select(h => h.Field).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal("auto-generated", direct.Headers["Auto-Submitted"]);
        Assert.Equal(Shape(built.Body), Shape(direct.Body));
        Assert.Equal(Leaves(built.Body), Leaves(direct.Body));
    }

    [Theory]
    [MemberData(nameof(Awkward))]
    public void WriteForContractor_Bytes_AreSevenBitWithShortLinesAndCrlfEnds(string name, string contractorName, string organisationName, string address, string subject)
    {
        var (_, written) = Both(contractorName, organisationName, address, subject);

        var bytes = written.Serialized!.ToBytes();

        Assert.True(bytes.All(b => b < 128), name);
        var text = Encoding.ASCII.GetString(bytes);
        Assert.DoesNotMatch("[^\r]\n", text);
        Assert.DoesNotMatch("\r[^\n]", text);
        var headers = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];

        // Header values are folded by MimeKit's own encoders (an encoded-word can take a line past 78, as MimeKit's
        // messages do); everything after the headers is written here and keeps to 78.
        Assert.All(headers.Split("\r\n"), line => Assert.True(line.Length <= 998, $"{name}: a header line of {line.Length}: {line}"));
        Assert.All(text[headers.Length..].Split("\r\n"), line => Assert.True(line.Length <= 78, $"{name}: a line of {line.Length}: {line}"));
        Assert.DoesNotContain("\r\nBcc:", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Single(headers.Split("\r\n"), l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void WriteForContractor_SameCauseTwice_SameBytes()
    {
        var first = Both("Greenscape", "Example Homes", "Oakfield", string.Empty).Written.Serialized!.ToBytes();
        var second = Both("Greenscape", "Example Homes", "Oakfield", string.Empty).Written.Serialized!.ToBytes();

        Assert.Equal(first, second);
    }

    [Fact]
    public void WriteForContractor_Message_IsTheWrittenBytesParsed()
    {
        var (_, written) = Both("Greenscape", "Example Homes", "Oakfield", string.Empty);

        Assert.Equal(written.MessageId, written.Message.MessageId);
        Assert.Equal(5, written.Message.BodyParts.Count());
    }

    [Fact]
    public void WriteForContractor_UnusualMessageId_IsBuiltByMimeKitInstead()
    {
        var order = EmailTestData.Order();
        var contractor = EmailTestData.Contractor();
        var content = Renderer.Render(new ContractorWorkOrderEmail(EmailTestData.Organisation(), contractor, order));
        var ics = EmailTestData.Calendar().Write([order], contractor, EmailTestData.Stamp);

        var message = EmailTestData.Builder().WriteForContractor("odd id@estate-scheduler", contractor, content, EmailTestData.Stamp, ics, OrderCsv.Write([order]), order.Reference);

        Assert.Null(message.Serialized!.Written);
        Assert.Equal(5, Parse(message.Serialized.ToBytes()).BodyParts.Count());
    }

    [Fact]
    public void WriteForContractor_InvalidAddress_ThrowsLikeTheBuilder()
    {
        var order = EmailTestData.Order();
        var contractor = EmailTestData.Contractor(email: "not an address");
        var content = Renderer.Render(new ContractorWorkOrderEmail(EmailTestData.Organisation(), EmailTestData.Contractor(), order));
        var ics = EmailTestData.Calendar().Write([order], EmailTestData.Contractor(), EmailTestData.Stamp);

        var failure = Assert.Throws<ArgumentException>(() => EmailTestData.Builder().WriteForContractor(
            "x@estate-scheduler", contractor, content, EmailTestData.Stamp, ics, OrderCsv.Write([order]), order.Reference));

        Assert.Contains("contractor 'greenscape'", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void QuotedPrintable_RandomText_DecodesToTheSameTextWithShortSevenBitLines(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 300; round++)
        {
            var text = RandomText(random);
            var input = Encoding.UTF8.GetBytes(text);
            var output = new byte[QuotedPrintableWriter.MaxEncodedLength(input.Length)];

            var encoded = output.AsSpan(0, QuotedPrintableWriter.Encode(input, output)).ToArray();

            var lines = Encoding.ASCII.GetString(encoded).Split("\r\n");
            Assert.All(lines, l => Assert.True(l.Length <= QuotedPrintableWriter.MaxLineLength, $"line of {l.Length}: {l}"));
            Assert.All(lines, l => Assert.False(l.EndsWith(' ') || l.EndsWith('\t'), $"trailing space: {l}"));
            Assert.True(encoded.All(b => b is < 128 and (>= 32 or (byte)'\r' or (byte)'\n' or (byte)'\t')));
            var expected = Encoding.UTF8.GetBytes(Normalised(text));
            Assert.Equal(expected, Decode(encoded));
        }
    }

    /// <summary>
    /// Up to 400 characters of line breaks (LF, CRLF, a lone CR), spaces and tabs, <c>=</c>, control, non-ASCII and astral
    /// characters: where quoted-printable breaks lines and encodes.
    /// </summary>
    internal static string RandomText(Random random)
    {
        const string Alphabet = "abc XYZ=.\t\r\n-_<>&\"'éŁż€😀\u0000\u007f";
        return new string([.. Enumerable.Range(0, random.Next(0, 400)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
    }

    /// <summary>The text with every line break as CRLF and a last line end, as it arrives.</summary>
    private static string Normalised(string text)
    {
        var crlf = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        return crlf.Length == 0 || crlf.EndsWith("\r\n", StringComparison.Ordinal) ? crlf : crlf + "\r\n";
    }

    private static byte[] Decode(byte[] encoded)
    {
        var decoder = new QuotedPrintableDecoder();
        var output = new byte[decoder.EstimateOutputLength(encoded.Length)];
        var count = decoder.Decode(encoded, 0, encoded.Length, output);
        return output[..count];
    }

    private static (MimeMessage Reference, OutgoingMessage Written) Both(string contractorName, string organisationName, string address, string subject)
    {
        var order = EmailTestData.Order(address: address, assetName: address);
        var contractor = EmailTestData.Contractor(name: contractorName);
        var content = Renderer.Render(new ContractorWorkOrderEmail(EmailTestData.Organisation(organisationName), contractor, order));
        if (subject.Length > 0)
        {
            content = content with { Subject = subject };
        }

        var ics = EmailTestData.Calendar().Write([order], contractor, EmailTestData.Stamp);
        var csv = OrderCsv.Write([order]);
        var id = MessageIds.FromKey($"order/{order.Reference}/0");
        var builder = EmailTestData.Builder();
        return (
            builder.ForContractor(id, contractor, content, EmailTestData.Stamp, ics, csv, order.Reference),
            builder.WriteForContractor(id, contractor, content, EmailTestData.Stamp, ics, csv, order.Reference));
    }

    private static MimeMessage Parse(byte[] bytes) => MimeMessage.Load(new MemoryStream(bytes));

    private static List<(string?, string)> Mailboxes(InternetAddressList list) => [.. list.Mailboxes.Select(m => ((string?)m.Name, m.Address))];

    /// <summary>The tree: each entity's type with its parameters, disposition and file name, depth first.</summary>
    private static List<string> Shape(MimeEntity? entity)
    {
        var shape = new List<string>();
        Walk(entity, 0);
        return shape;

        void Walk(MimeEntity? e, int depth)
        {
            if (e is null)
            {
                return;
            }

            var parameters = string.Join(";", e.ContentType.Parameters.Where(p => p.Name != "boundary").Select(p => $"{p.Name.ToLowerInvariant()}={p.Value}").Order(StringComparer.Ordinal));
            var encoding = e is MimePart part ? part.ContentTransferEncoding.ToString() : string.Empty;
            shape.Add($"{depth}:{e.ContentType.MimeType};{parameters}|{e.ContentDisposition?.Disposition}|{e.ContentDisposition?.FileName}|{encoding}");
            if (e is Multipart multipart)
            {
                foreach (var child in multipart)
                {
                    Walk(child, depth + 1);
                }
            }
        }
    }

    /// <summary>Every part's content, decoded to bytes exactly.</summary>
    private static List<byte[]> Leaves(MimeEntity? body) =>
        [.. (body is Multipart m ? MimeIteratorParts(m) : []).Select(p =>
        {
            using var bytes = new MemoryStream();
            p.Content!.DecodeTo(bytes);
            return bytes.ToArray();
        })];

    private static IEnumerable<MimePart> MimeIteratorParts(Multipart multipart) =>
        multipart.SelectMany(e => e switch
        {
            Multipart inner => MimeIteratorParts(inner),
            MimePart part => [part],
            _ => [],
        });
}
