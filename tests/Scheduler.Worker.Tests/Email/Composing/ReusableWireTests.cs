using MimeKit;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email.Composing;

/// <summary>
/// Since branch <c>compose8</c> a connection sends every message written directly in one reused MimeKit message object
/// (<see cref="ReusableWire"/>) instead of one made per message; the server must still receive each message's own
/// bytes, and nothing of the message before it.
/// </summary>
public sealed class ReusableWireTests
{
    [Fact]
    public async Task SendBatch_WrittenMessagesOfDifferentSizes_EachArrivesAsWritten()
    {
        var renderer = EmailTestData.Renderer();
        await using var server = TestSmtpServer.Start();
        var batch = Enumerable.Range(1, 40)
            .Select(i => EmailTestData.Order(
                i,
                i % 7 == 0 ? WorkOrderStatus.Cancelled : WorkOrderStatus.New,
                i % 7 == 0 ? 2 : 0,
                address: i % 3 == 0 ? string.Join(' ', Enumerable.Repeat("Long Road", i)) : "Oakfield",
                checklist: i % 2 == 0 ? [] : null))
            .Select((order, i) => EmailTestData.WrittenContractorMessage(renderer, MessageIds.FromKey($"order/{order.Reference}/{i}"), order, $"jobs{i}@greenscape.example"))
            .ToList();
        Assert.All(batch, m => Assert.NotNull(m.Serialized!.Written));

        var results = await new SmtpTransport(new SmtpSettings("127.0.0.1", server.Port, SmtpSecurity.None)).SendBatchAsync(batch, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        Assert.Equal(1, server.Connections);
        var received = server.Messages.ToDictionary(m => m.MessageId!);
        Assert.Equal(batch.Count, received.Count);
        foreach (var sent in batch)
        {
            Assert.Equal(sent.Serialized!.ToBytes(), Bytes(received[sent.MessageId]));
        }
    }

    [Fact]
    public void Load_ThenUnload_WritesTheLoadedMessageThenNothingOfIt()
    {
        var renderer = EmailTestData.Renderer();
        var first = EmailTestData.WrittenContractorMessage(renderer, MessageIds.FromKey("order/a/0"), EmailTestData.Order(1), "a@example.org").Serialized!;
        var second = EmailTestData.WrittenContractorMessage(renderer, MessageIds.FromKey("order/b/0"), EmailTestData.Order(2, address: "Elsewhere"), "b@example.org").Serialized!;
        var wire = new ReusableWire();

        var one = Bytes(wire.Load(first.Written!.Value, gate: null));
        var two = Bytes(wire.Load(second.Written!.Value, gate: null));
        wire.Unload();

        Assert.Equal(first.ToBytes(), one);
        Assert.Equal(second.ToBytes(), two);
        Assert.Equal("\r\n"u8.ToArray(), Bytes(wire.Message));
    }

    /// <summary>A message as MimeKit writes it for SMTP (CRLF): a parsed message is written back as it was read.</summary>
    private static byte[] Bytes(MimeMessage message)
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        message.WriteTo(format, stream);
        return stream.ToArray();
    }
}
