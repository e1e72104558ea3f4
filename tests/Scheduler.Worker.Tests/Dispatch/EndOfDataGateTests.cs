using MimeKit;
using Scheduler.Worker.Email;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Dispatch;

/// <summary>
/// The record of a message overlaps the next message's envelope, but the server cannot accept the next message
/// before that record has finished (for messages built with MimeKit and sent as built, written out after building, and
/// written straight to bytes as the dispatcher's are); serialized messages arrive byte for byte as built.
/// </summary>
public sealed class EndOfDataGateTests
{
    private static readonly TemplateRenderer Renderer = EmailTestData.Renderer();

    /// <summary>How a test message is made ready.</summary>
    public enum Form
    {
        /// <summary>Built with MimeKit, sent as built (MailKit writes it; the gate is its progress callback).</summary>
        Built,

        /// <summary>Built with MimeKit, then written out once (<see cref="OutgoingMessage.Serialize"/>).</summary>
        Serialized,

        /// <summary>Written straight to bytes (<see cref="MessageBuilder.WriteForContractor"/>), as the dispatcher does.</summary>
        Written,
    }

    [Theory]
    [InlineData(Form.Built)]
    [InlineData(Form.Serialized)]
    [InlineData(Form.Written)]
    public async Task SendBatch_RecordOfTheFirstStillRunning_TheSecondIsNotAcceptedUntilItFinishes(Form form)
    {
        await using var server = TestSmtpServer.Start();
        var record = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var records = 0;
        var transport = new SmtpTransport(new SmtpSettings("127.0.0.1", server.Port, SmtpSecurity.None));

        var sending = transport.SendBatchAsync(
            [Message(1, form), Message(2, form), Message(3, form)],
            _ => Interlocked.Increment(ref records) == 1 ? record.Task : Task.CompletedTask,
            CancellationToken.None);
        await WaitUntilAsync(() => !server.Messages.IsEmpty);
        await Task.Delay(300);
        var whileRecording = server.Messages.Count;
        record.SetResult();
        var results = await sending;

        Assert.Equal(1, whileRecording);
        Assert.All(results, r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        Assert.Equal(3, server.Messages.Count);
        Assert.Equal(3, records);
    }

    [Theory]
    [InlineData(Form.Built)]
    [InlineData(Form.Serialized)]
    [InlineData(Form.Written)]
    public async Task SendBatch_RecordOfTheFirstFails_NothingMoreIsAcceptedAndTheRecordsExceptionPropagates(Form form)
    {
        await using var server = TestSmtpServer.Start();
        var transport = new SmtpTransport(new SmtpSettings("127.0.0.1", server.Port, SmtpSecurity.None));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => transport.SendBatchAsync(
            [Message(1, form), Message(2, form), Message(3, form)],
            async _ =>
            {
                await Task.Delay(50);
                throw new InvalidOperationException("the database is gone");
            },
            CancellationToken.None));

        Assert.Equal("the database is gone", failure.Message);
        Assert.Equal([Message(1).MessageId], server.Messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task KeepOpen_RecordFailedInTheFirstBatch_TheNextBatchGetsAFreshConnectionAndArrivesWhole()
    {
        await using var server = TestSmtpServer.Start();
        var transport = new SmtpTransport(new SmtpSettings("127.0.0.1", server.Port, SmtpSecurity.None));

        await using (transport.KeepOpen())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => transport.SendBatchAsync(
                [Message(1, Form.Written), Message(2, Form.Written)],
                async _ =>
                {
                    await Task.Delay(50);
                    throw new InvalidOperationException("the database is gone");
                },
                CancellationToken.None));
            var results = await transport.SendBatchAsync([Message(3, Form.Written), Message(4, Form.Written)], _ => Task.CompletedTask, CancellationToken.None);
            Assert.All(results, r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        }

        Assert.Equal(2, server.Connections);
        Assert.Equal([Message(1).MessageId, Message(3).MessageId, Message(4).MessageId], server.Messages.Select(m => m.MessageId));
        Assert.All(server.Messages, m => Assert.Equal(5, m.BodyParts.Count()));
    }

    [Fact]
    public async Task Serialize_SentMessage_ArrivesWithTheSameBytesAsTheBuiltMessage()
    {
        await using var server = TestSmtpServer.Start();
        var raw = new List<byte[]>();
        server.Stored = m =>
        {
            using var bytes = new MemoryStream();
            m.WriteTo(FormatOptions.Default, bytes);
            lock (raw)
            {
                raw.Add(bytes.ToArray());
            }
        };
        var plain = Message(1);
        var transport = new SmtpTransport(new SmtpSettings("127.0.0.1", server.Port, SmtpSecurity.None));

        await transport.SendBatchAsync([plain], CancellationToken.None);
        await transport.SendBatchAsync([plain.Serialize()], CancellationToken.None);
        await transport.SendBatchAsync([Message(1, Form.Written)], CancellationToken.None);

        Assert.Equal(3, raw.Count);
        Assert.Equal(raw[0], raw[1]);
        var got = server.Messages.Last();
        Assert.Equal(plain.Message.TextBody, got.TextBody);
        Assert.Equal(plain.Message.HtmlBody, got.HtmlBody);
        Assert.Equal(5, got.BodyParts.Count());
    }

    private static OutgoingMessage Message(int number, Form form = Form.Built)
    {
        var order = EmailTestData.Order(number, WorkOrderStatus.New, 0);
        var id = MessageIds.FromKey($"order/{order.Reference}/0");
        var to = $"jobs{number}@greenscape.example";
        return form switch
        {
            Form.Written => EmailTestData.WrittenContractorMessage(Renderer, id, order, to),
            Form.Serialized => new OutgoingMessage(EmailTestData.ContractorMessage(Renderer, id, order, to)).Serialize(),
            _ => new OutgoingMessage(EmailTestData.ContractorMessage(Renderer, id, order, to)),
        };
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "timed out");
    }
}
