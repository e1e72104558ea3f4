using MimeKit;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>The MIME structure of the messages, read back by parsing what would go on the wire.</summary>
public sealed class MessageBuilderTests
{
    private static readonly TemplateRenderer Renderer = EmailTestData.Renderer();

    [Theory]
    [InlineData(WorkOrderStatus.New, "REQUEST")]
    [InlineData(WorkOrderStatus.Cancelled, "CANCEL")]
    public void ForContractor_HasTextHtmlAndCalendarAlternativesAndBothFiles(WorkOrderStatus status, string method)
    {
        var order = EmailTestData.Order(status: status, sequence: status == WorkOrderStatus.Cancelled ? 1 : 0);
        var id = MessageIds.FromKey($"order/{order.Reference}/{status}");

        var message = Reparse(EmailTestData.ContractorMessage(Renderer, id, order, "jobs@greenscape.example"));

        Assert.Equal(id, message.MessageId);
        Assert.Equal("orders@examplehomes.example", message.From.Mailboxes.Single().Address);
        Assert.Equal(("Greenscape Grounds Ltd", "jobs@greenscape.example"), (message.To.Mailboxes.Single().Name, message.To.Mailboxes.Single().Address));
        Assert.Equal(EmailTestData.Stamp.ToDateTimeOffset(), message.Date);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        var mixed = Assert.IsType<Multipart>(message.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal(["text/plain", "text/html", "text/calendar"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal(method, alternative[2].ContentType.Parameters["method"]);
        var ics = SmtpTransportTests.Decoded((MimePart)alternative[2]);
        Assert.Contains($"\r\nMETHOD:{method}\r\n", ics, StringComparison.Ordinal);
        var files = mixed.Skip(1).Cast<MimePart>().ToList();
        Assert.Equal([$"{order.Reference}.ics", $"{order.Reference}.csv"], files.Select(f => f.FileName));
        Assert.Equal(["application/ics", "text/csv"], files.Select(f => f.ContentType.MimeType));
        Assert.All(files, f => Assert.True(f.IsAttachment));
        Assert.Equal(ics, SmtpTransportTests.Decoded(files[0]));
        var csv = SmtpTransportTests.Decoded(files[1]);
        Assert.StartsWith("\uFEFFreference,service,asset,address,postcode,window_start,window_end,target_date", csv, StringComparison.Ordinal);
        Assert.Contains(order.Reference, message.TextBody, StringComparison.Ordinal);
        Assert.Contains(order.Reference, message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void ForTenant_IsTextAndHtmlOnly()
    {
        var letter = EmailTestData.Letter();
        var content = Renderer.Render(letter);

        var message = Reparse(EmailTestData.Builder().ForTenant("letter/T1/1@estate-scheduler", letter.Tenant, content, EmailTestData.Stamp));

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal(content.Subject, message.Subject);
        Assert.Equal("letter/T1/1@estate-scheduler", message.MessageId);
        Assert.Equal("sam@example.org", message.To.Mailboxes.Single().Address);
    }

    [Fact]
    public void ForTenant_HostileNameAndSubject_CannotAddHeaders()
    {
        var tenant = EmailTestData.Tenant(name: EmailTestData.Hostile);
        var content = Renderer.Render(EmailTestData.Letter()) with { Subject = "Hello\r\nBcc: victim@example.org" };

        var message = Reparse(EmailTestData.Builder().ForTenant("x@estate-scheduler", tenant, content, EmailTestData.Stamp));

        Assert.Empty(message.Bcc);
        Assert.DoesNotContain(message.Headers, h => h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("Hello  Bcc: victim@example.org", message.Subject);
        var to = Assert.Single(message.To.Mailboxes);
        Assert.Equal("sam@example.org", to.Address);
        Assert.Equal("<script>alert(\"x\")</script> O'Brien & Sons  Bcc: victim@example.org", to.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not an address")]
    [InlineData("sam@example.org, eve@example.org")]
    [InlineData("Sam <sam@example.org>")]
    [InlineData("sam@example.org\r\nBcc: eve@example.org")]
    [InlineData("sam@")]
    [InlineData("sam@nodot")]
    public void ForTenant_AddressThatIsNotOnePlainAddress_IsRefused(string? email)
    {
        var tenant = EmailTestData.Tenant(email: email);

        var error = Assert.Throws<ArgumentException>(() =>
            EmailTestData.Builder().ForTenant("x@estate-scheduler", tenant, Renderer.Render(EmailTestData.Letter()), EmailTestData.Stamp));

        Assert.Contains("tenant 'T1' email address is not a valid address", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jobs@greenscape.example")]
    [InlineData("first.last+tag@sub.example.co.uk")]
    [InlineData("postmaster@localhost")]
    public void IsValid_PlainAddress_IsAccepted(string address)
    {
        Assert.True(EmailAddresses.IsValid(address));
    }

    [Theory]
    [InlineData("order/WO-2027-000123/new", "order/WO-2027-000123/new@estate-scheduler")]
    [InlineData("a b:c", "a_20b_3Ac@estate-scheduler")]
    [InlineData("a_b", "a_5Fb@estate-scheduler")]
    [InlineData("łódź", "_C5_82_C3_B3d_C5_BA@estate-scheduler")]
    public void FromKey_Key_GivesAStableValidMessageId(string key, string expected)
    {
        var id = MessageIds.FromKey(key);

        Assert.Equal(expected, id);
        var message = new MimeMessage { MessageId = id };
        Assert.Equal(id, message.MessageId);
        Assert.Equal(id, MimeKit.Utils.MimeUtils.ParseMessageId($"<{id}>"));
    }

    [Fact]
    public void FromKey_DistinctKeys_GiveDistinctIds()
    {
        var keys = new[] { "a/b", "a_2Fb", "a b", "a_20b", "a.b", "a_2Eb", "A/b" };

        Assert.Equal(keys.Length, keys.Select(k => MessageIds.FromKey(k)).Distinct(StringComparer.Ordinal).Count());
    }

    private static MimeMessage Reparse(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;
        return MimeMessage.Load(stream);
    }
}
