using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ical.Net;
using MimeKit;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>The SMTP transport against a real SMTP server running in this process.</summary>
public sealed class SmtpTransportTests
{
    private static readonly TemplateRenderer Renderer = EmailTestData.Renderer();

    [Fact]
    public async Task SendBatch_TwoHundredMessages_ArriveIntactOverOneConnection()
    {
        await using var server = TestSmtpServer.Start();
        var batch = Enumerable.Range(1, 200)
            .Select(i => Message(i, i % 10 == 0 ? WorkOrderStatus.Cancelled : WorkOrderStatus.New))
            .ToList();

        var results = await Transport(server).SendBatchAsync(batch, CancellationToken.None);

        Assert.Equal(batch.Select(m => m.MessageId), results.Select(r => r.MessageId));
        Assert.All(results, r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        Assert.Equal(1, server.Connections);
        Assert.True(server.AllNoDelay);
        var received = server.Messages.ToDictionary(m => m.MessageId!);
        Assert.Equal(200, received.Count);
        foreach (var sent in batch.Select(b => b.Message))
        {
            var got = received[sent.MessageId!];
            Assert.Equal(sent.Subject, got.Subject);
            Assert.Equal(sent.TextBody, got.TextBody);
            Assert.Equal(sent.HtmlBody, got.HtmlBody);
            Assert.Equal(sent.To.Mailboxes.Single().Address, got.To.Mailboxes.Single().Address);
            AssertCalendarMatches(got);
        }
    }

    [Fact]
    public async Task SendBatch_RecipientRefusedWith550_IsPermanentAndTheBatchGoesOn()
    {
        await using var server = TestSmtpServer.Start();
        var batch = new[] { Message(1), Message(2, to: TestSmtpServer.Rejected), Message(3) };

        var results = await Transport(server).SendBatchAsync(batch, CancellationToken.None);

        Assert.Equal([SendOutcome.Sent, SendOutcome.Permanent, SendOutcome.Sent], results.Select(r => r.Outcome));
        Assert.Equal(550, results[1].StatusCode);
        Assert.Contains("No such mailbox here", results[1].Detail, StringComparison.Ordinal);
        Assert.Equal([batch[0].MessageId, batch[2].MessageId], server.Messages.Select(m => m.MessageId));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task SendBatch_RecipientDeferredWith451_IsTransient()
    {
        await using var server = TestSmtpServer.Start();
        var batch = new[] { Message(1, to: TestSmtpServer.Deferred), Message(2) };

        var results = await Transport(server).SendBatchAsync(batch, CancellationToken.None);

        Assert.Equal([SendOutcome.Transient, SendOutcome.Sent], results.Select(r => r.Outcome));
        Assert.Equal(451, results[0].StatusCode);
        Assert.Contains("Try again later", results[0].Detail, StringComparison.Ordinal);
        Assert.Equal([batch[1].MessageId], server.Messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task SendBatch_ServerSays421AtARecipientAndHangsUp_ThatMessageAndTheRestAreUnreachable_NoNewConnection()
    {
        await using var server = TestSmtpServer.Start();
        var batch = new[] { Message(1), Message(2, to: TestSmtpServer.Closing), Message(3), Message(4) };

        var results = await Transport(server).SendBatchAsync(batch, CancellationToken.None);

        // 421 is the server closing the channel (RFC 5321 §3.8), not this message's fault: an outage, as at the greeting
        // (until session 29 the message was Transient, an attempt counted, and the rest went on a new connection).
        Assert.Equal([SendOutcome.Sent, SendOutcome.Unreachable, SendOutcome.Unreachable, SendOutcome.Unreachable], results.Select(r => r.Outcome));
        Assert.All(results.Skip(1), r => Assert.Equal(421, r.StatusCode));
        Assert.Equal(
            $"The SMTP server 127.0.0.1:{server.Port} closed the connection at RCPT TO: 421 4.3.2 Shutting down, closing the channel",
            results[1].Detail);
        Assert.Equal(1, server.Connections);
        Assert.Equal([batch[0].MessageId], server.Messages.Select(m => m.MessageId));
    }

    [Theory]
    [InlineData("MailFrom", "at MAIL FROM")]
    [InlineData("RcptTo", "at RCPT TO")]
    [InlineData("EndOfData", "after the message's data")]
    public async Task SendBatch_ServerSays421MidSession_TheMessageAndTheRestAreUnreachableWith421_NothingCounted(string stage, string where)
    {
        await using var server = TestSmtpServer.Start();
        server.CloseWith421(Enum.Parse<TestSmtpServer.CloseAt>(stage), afterMessages: 2);
        var batch = Enumerable.Range(1, 5).Select(i => Message(i)).ToList();

        var results = await Transport(server).SendBatchAsync(batch, CancellationToken.None);

        Assert.Equal(batch.Select(m => m.MessageId), results.Select(r => r.MessageId));
        Assert.Equal(
            [SendOutcome.Sent, SendOutcome.Sent, SendOutcome.Unreachable, SendOutcome.Unreachable, SendOutcome.Unreachable],
            results.Select(r => r.Outcome));
        Assert.All(results.Skip(2), r => Assert.Equal(421, r.StatusCode));
        Assert.All(
            results.Skip(2),
            r => Assert.Equal($"The SMTP server 127.0.0.1:{server.Port} closed the connection {where}: {TestSmtpServer.ClosingReply}", r.Detail));

        // At RCPT TO or after the data, asked once: the rest of the batch is not tried on a new connection (the dispatcher
        // pauses instead). At MAIL FROM on a connection that had carried mail, the message is tried once on a new
        // connection (an idle timeout looks the same), which the server closes again: then the outage.
        var mailFrom = stage == "MailFrom" ? 1 : 0;
        Assert.Equal(1 + mailFrom, server.ClosedWith421);
        Assert.Equal(1 + mailFrom, server.Connections);
        Assert.Equal(batch.Take(2).Select(m => m.MessageId), server.Messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task SendBatch_ServerClosesAUsedConnectionWith421AtMailFromOnce_TheMessageGoesOnANewConnectionAndTheBatchCarriesOn()
    {
        // A server closing a connection it found idle too long (Postfix: "421 4.4.2 … Error: timeout exceeded"), or that
        // carried its share of messages, answers the next MAIL FROM with 421; a new connection takes mail at once.
        await using var server = TestSmtpServer.Start();
        server.CloseOnceWith421(TestSmtpServer.CloseAt.MailFrom, afterMessages: 3);
        var batch = Enumerable.Range(1, 6).Select(i => Message(i)).ToList();

        var results = await Transport(server).SendBatchAsync(batch, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        Assert.Equal(1, server.ClosedWith421);
        Assert.Equal(2, server.Connections);
        Assert.Equal(batch.Select(m => m.MessageId), server.Messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task SendBatch_ServerSays421AtTheFirstMailFromOfANewConnection_UnreachableWithoutASecondConnection()
    {
        // On a connection that has carried nothing yet, a 421 at MAIL FROM is the server limiting this sender: the outage.
        await using var server = TestSmtpServer.Start();
        server.CloseWith421(TestSmtpServer.CloseAt.MailFrom);
        var batch = Enumerable.Range(1, 3).Select(i => Message(i)).ToList();

        var results = await Transport(server).SendBatchAsync(batch, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SendOutcome.Unreachable, r.Outcome));
        Assert.Equal(1, server.ClosedWith421);
        Assert.Equal(1, server.Connections);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task SendBatch_CancelledMidBatch_SentStaySentTheRestAreNotAttempted()
    {
        await using var server = TestSmtpServer.Start();
        using var stop = new CancellationTokenSource();
        var batch = Enumerable.Range(1, 6).Select(i => Message(i)).ToList();
        server.Stored = m =>
        {
            if (m.MessageId == batch[2].MessageId)
            {
                stop.Cancel();
            }
        };

        var results = await Transport(server).SendBatchAsync(batch, stop.Token);

        Assert.Equal(batch.Select(m => m.MessageId), results.Select(r => r.MessageId));
        Assert.Equal(
            [SendOutcome.Sent, SendOutcome.Sent, SendOutcome.Transient, SendOutcome.NotAttempted, SendOutcome.NotAttempted, SendOutcome.NotAttempted],
            results.Select(r => r.Outcome));
        Assert.Contains("may or may not have this message", results[2].Detail, StringComparison.Ordinal);
        Assert.Equal(3, server.Messages.Count);
    }

    [Fact]
    public async Task SendBatch_ServerDropsTheConnectionMidBatch_ReconnectsAndDeliversEachOnce()
    {
        await using var server = TestSmtpServer.Start();
        const string dropper = "drop-here@example.org";
        server.DropAtRecipient(dropper);
        var batch = Enumerable.Range(1, 20).Select(i => Message(i, to: i == 8 ? dropper : null)).ToList();

        var results = await Transport(server).SendBatchAsync(batch, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        Assert.Equal(2, server.Connections);
        Assert.Equal(batch.Select(m => m.MessageId).Order(StringComparer.Ordinal), server.Messages.Select(m => m.MessageId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SendBatch_ServerDropsAfterStoringBeforeReplying_AtMostOneDuplicateWithTheSameMessageId()
    {
        await using var server = TestSmtpServer.Start();
        const string dropper = "drop-after@example.org";
        server.DropAfterAccepting(dropper);
        var batch = Enumerable.Range(1, 10).Select(i => Message(i, to: i == 4 ? dropper : null)).ToList();

        var results = await Transport(server).SendBatchAsync(batch, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        var counts = server.Messages.GroupBy(m => m.MessageId!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(batch.Select(m => m.MessageId).Order(StringComparer.Ordinal), counts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, counts[batch[3].MessageId]);
        Assert.Equal(11, server.Messages.Count);
    }

    [Fact]
    public async Task SendBatch_MoreMessagesThanAConnectionMaySend_RecyclesTheConnection()
    {
        await using var server = TestSmtpServer.Start();
        var batch = Enumerable.Range(1, 7).Select(i => Message(i)).ToList();
        var settings = Settings(server) with { MessagesPerConnection = 3 };

        var results = await new SmtpTransport(settings).SendBatchAsync(batch, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        Assert.Equal(3, server.Connections);
        Assert.Equal(7, server.Messages.Count);
    }

    [Fact]
    public async Task KeepOpen_BackToBackBatches_ShareOneConnectionUntilTheScopeEnds()
    {
        await using var server = TestSmtpServer.Start();
        var transport = Transport(server);
        var batches = Enumerable.Range(0, 3).Select(b => Enumerable.Range(1, 5).Select(i => Message(b * 10 + i)).ToList()).ToList();

        await using (transport.KeepOpen())
        {
            foreach (var batch in batches)
            {
                Assert.All(await transport.SendBatchAsync(batch, CancellationToken.None), r => Assert.Equal(SendOutcome.Sent, r.Outcome));
            }

            Assert.Equal(1, server.Connections);
        }

        // Outside a scope each batch has its own connection again.
        Assert.All(await transport.SendBatchAsync([Message(99)], CancellationToken.None), r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        Assert.Equal(2, server.Connections);
        Assert.Equal(16, server.Messages.Count);
    }

    [Fact]
    public async Task KeepOpen_KeptConnectionSharesMessagesPerConnection_RecycledAcrossBatches()
    {
        await using var server = TestSmtpServer.Start();
        var transport = new SmtpTransport(Settings(server) with { MessagesPerConnection = 4 });

        await using (transport.KeepOpen())
        {
            await transport.SendBatchAsync([Message(1), Message(2), Message(3)], CancellationToken.None);
            await transport.SendBatchAsync([Message(4), Message(5), Message(6)], CancellationToken.None);
        }

        Assert.Equal(2, server.Connections);
        Assert.Equal(6, server.Messages.Count);
    }

    [Fact]
    public async Task KeepOpen_KeptConnectionDroppedAtTheNextBatch_ReconnectsAndDeliversEachOnce()
    {
        await using var server = TestSmtpServer.Start();
        const string dropper = "drop-next@example.org";
        var transport = Transport(server);
        var second = new[] { Message(11, to: dropper), Message(12) };

        await using (transport.KeepOpen())
        {
            await transport.SendBatchAsync([Message(1), Message(2)], CancellationToken.None);
            server.DropAtRecipient(dropper);
            Assert.All(await transport.SendBatchAsync(second, CancellationToken.None), r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        }

        Assert.Equal(2, server.Connections);
        Assert.Equal(4, server.Messages.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(4, server.Messages.Count);
    }

    [Fact]
    public async Task SendBatch_NoServerListening_EveryMessageIsUnreachableWithTheReason()
    {
        var port = ClosedPort();
        var batch = new[] { Message(1), Message(2) };

        var results = await new SmtpTransport(new SmtpSettings("127.0.0.1", port, SmtpSecurity.None))
            .SendBatchAsync(batch, CancellationToken.None);

        Assert.All(results, r =>
        {
            Assert.Equal(SendOutcome.Unreachable, r.Outcome);
            Assert.Contains($"Cannot connect to the SMTP server 127.0.0.1:{port}", r.Detail, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task SendBatch_ServerAnswers421AtGreeting_EveryMessageIsUnreachableWithTheCodeAndTheReply()
    {
        await using var server = TestSmtpServer.Start();
        server.Busy = true;

        var results = await Transport(server).SendBatchAsync([Message(1), Message(2)], CancellationToken.None);

        Assert.All(results, r =>
        {
            Assert.Equal(SendOutcome.Unreachable, r.Outcome); // busy or throttling: the server's state, no attempt counted
            Assert.Equal(421, r.StatusCode);
            Assert.Equal($"The SMTP server 127.0.0.1:{server.Port} turned the connection away: {TestSmtpServer.BusyReply}", r.Detail);
        });
        Assert.Equal(1, server.TurnedAway);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task SendBatch_CancelledBeforeStart_NothingIsTried()
    {
        await using var server = TestSmtpServer.Start();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var results = await Transport(server).SendBatchAsync([Message(1), Message(2)], cancelled.Token);

        Assert.All(results, r => Assert.Equal(SendOutcome.NotAttempted, r.Outcome));
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task SendBatch_StartTlsWithLogin_Delivers()
    {
        using var certificate = SelfSignedCertificate();
        await using var server = TestSmtpServer.Start(certificate, ("scheduler", "s3cret"));
        var settings = Settings(server) with { Security = SmtpSecurity.StartTls, User = "scheduler", Password = "s3cret" };
        var trusted = certificate.Thumbprint;

        var results = await new SmtpTransport(settings, (_, cert, _, _) => cert is not null && new X509Certificate2(cert).Thumbprint == trusted)
            .SendBatchAsync([Message(1)], CancellationToken.None);

        Assert.Equal(SendOutcome.Sent, Assert.Single(results).Outcome);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task SendBatch_WrongPassword_EveryMessageIsUnreachableAndSaysTheLoginWasRefused()
    {
        await using var server = TestSmtpServer.Start(login: ("estates.mailer", "s3cret"));
        var settings = Settings(server) with { User = "estates.mailer", Password = "wrong" };

        var results = await new SmtpTransport(settings).SendBatchAsync([Message(1), Message(2)], CancellationToken.None);

        Assert.All(results, r =>
        {
            Assert.Equal(SendOutcome.Unreachable, r.Outcome); // an outage of the server's settings: no attempt counted
            Assert.Contains("refused the login (Smtp:User, Smtp:Password)", r.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong", r.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("estates.mailer", r.Detail, StringComparison.OrdinalIgnoreCase); // the login: named by its setting, never its value
        });
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task OpenSocket_SetsNoDelay()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        using var socket = await SmtpTransport.OpenSocketAsync("127.0.0.1", port, CancellationToken.None);

        Assert.True(socket.NoDelay);
        Assert.True(socket.Connected);
    }

    private static SmtpSettings Settings(TestSmtpServer server) => new("127.0.0.1", server.Port, SmtpSecurity.None);

    private static SmtpTransport Transport(TestSmtpServer server) => new(Settings(server));

    private static OutgoingMessage Message(int number, WorkOrderStatus status = WorkOrderStatus.New, string? to = null)
    {
        var order = EmailTestData.Order(number, status, status == WorkOrderStatus.Cancelled ? 3 : 0);
        var id = MessageIds.FromKey($"order/{order.Reference}/{status}");
        return new OutgoingMessage(EmailTestData.ContractorMessage(Renderer, id, order, to ?? $"jobs{number}@greenscape.example"));
    }

    /// <summary>The text/calendar alternative's method equals the .ics METHOD, and Ical.Net reads the same UID and sequence.</summary>
    private static void AssertCalendarMatches(MimeMessage message)
    {
        var alternative = message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar");
        var method = alternative.ContentType.Parameters["method"];
        Assert.NotNull(method);
        var ics = Decoded(alternative);
        Assert.Contains($"\r\nMETHOD:{method}\r\n", ics, StringComparison.Ordinal);
        var calendar = Calendar.Load(ics)!;
        Assert.Equal(method, calendar.Method);
        var attachment = message.Attachments.OfType<MimePart>().Single(a => a.FileName?.EndsWith(".ics", StringComparison.Ordinal) == true);
        Assert.Equal(ics, Decoded(attachment));
        var ev = Assert.Single(calendar.Events)!;
        var reference = message.Subject!.Contains("Cancelled", StringComparison.Ordinal) ? "CANCEL" : "REQUEST";
        Assert.Equal(reference, method);
        Assert.EndsWith("@estate-scheduler", ev.Uid!, StringComparison.Ordinal);
        Assert.Equal(method == "CANCEL" ? 3 : 0, ev.Sequence);
    }

    /// <summary>A part's content decoded to text exactly (MimeKit's TextPart.Text would turn CRLF into LF).</summary>
    internal static string Decoded(MimePart part)
    {
        using var bytes = new MemoryStream();
        part.Content!.DecodeTo(bytes);
        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(EmailTestData.Stamp.ToDateTimeOffset().AddYears(-1), EmailTestData.Stamp.ToDateTimeOffset().AddYears(10));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
