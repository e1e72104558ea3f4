using MimeKit;
using Scheduler.Worker.Email;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Dispatch;

/// <summary>
/// The record of a message overlaps the next message's envelope, but the server cannot accept the next message
/// before that record has finished; serialized messages arrive byte for byte as built.
/// </summary>
public sealed class EndOfDataGateTests
{
    private static readonly TemplateRenderer Renderer = EmailTestData.Renderer();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendBatch_RecordOfTheFirstStillRunning_TheSecondIsNotAcceptedUntilItFinishes(bool serialized)
    {
        await using var server = TestSmtpServer.Start();
        var record = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var records = 0;
        var transport = new SmtpTransport(new SmtpSettings("127.0.0.1", server.Port, SmtpSecurity.None));

        var sending = transport.SendBatchAsync(
            [Message(1, serialized), Message(2, serialized), Message(3, serialized)],
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
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendBatch_RecordOfTheFirstFails_NothingMoreIsAcceptedAndTheRecordsExceptionPropagates(bool serialized)
    {
        await using var server = TestSmtpServer.Start();
        var transport = new SmtpTransport(new SmtpSettings("127.0.0.1", server.Port, SmtpSecurity.None));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => transport.SendBatchAsync(
            [Message(1, serialized), Message(2, serialized), Message(3, serialized)],
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

        Assert.Equal(2, raw.Count);
        Assert.Equal(raw[0], raw[1]);
        var got = server.Messages.Last();
        Assert.Equal(plain.Message.TextBody, got.TextBody);
        Assert.Equal(plain.Message.HtmlBody, got.HtmlBody);
        Assert.Equal(5, got.BodyParts.Count());
    }

    private static OutgoingMessage Message(int number, bool serialized = false)
    {
        var order = EmailTestData.Order(number, WorkOrderStatus.New, 0);
        var message = new OutgoingMessage(EmailTestData.ContractorMessage(Renderer, MessageIds.FromKey($"order/{order.Reference}/0"), order, $"jobs{number}@greenscape.example"));
        return serialized ? message.Serialize() : message;
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
