using System.Collections.Concurrent;
using MimeKit;
using NodaTime;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Dispatch;

/// <summary>
/// A contractor's message written directly keeps its body in a pooled array (<see cref="MessageBytes"/>) from composing
/// until the dispatcher has its result: returned once, never while the transport may still read it, and a message whose
/// array is back can no longer be read. Every message arrives as it was written although later batches reuse the arrays.
/// </summary>
public sealed class PooledMessageBytesTests : OutboxTestBase
{
    [Fact]
    public void MessageBytes_ReturnedOnce_ThenUnreadable()
    {
        byte[] data = [.. Enumerable.Range(0, 7000).Select(i => (byte)i)];
        var bytes = MessageBytes.Copy(data);

        Assert.Equal(data, bytes.Memory.ToArray());
        Assert.False(bytes.Returned);
        Assert.True(bytes.Return());
        Assert.True(bytes.Returned);
        Assert.False(bytes.Return());
        Assert.Throws<ObjectDisposedException>(() => bytes.Memory);
    }

    [Fact]
    public void MessageBytes_LargerThanPooled_HeldAndReturnedTheSame()
    {
        byte[] data = [.. Enumerable.Range(0, MessageBytes.MaxPooled + 1).Select(i => (byte)(i * 7))];
        var bytes = MessageBytes.Copy(data);

        Assert.Equal(data, bytes.Memory.ToArray());
        Assert.True(bytes.Return());
        Assert.False(bytes.Return());
        Assert.Throws<ObjectDisposedException>(() => bytes.Memory);
    }

    [Fact]
    public void WrittenMessage_Released_NoLongerReadable_ANewMessageInTheSameArrayIsItsOwn()
    {
        var renderer = EmailTestData.Renderer();
        var first = EmailTestData.WrittenContractorMessage(renderer, MessageIds.FromKey("order/a/0"), EmailTestData.Order(1), "a@example.org");
        var firstBytes = first.Serialized!.ToBytes();

        Assert.True(first.ReleaseBytes());
        Assert.False(first.ReleaseBytes());
        Assert.True(first.Serialized.BytesReleased);
        Assert.Throws<ObjectDisposedException>(() => first.Serialized.Written);
        Assert.Throws<ObjectDisposedException>(() => first.Serialized.ToBytes());

        // The next message written on this thread most likely takes the array back: it holds its own bytes, and the
        // same message written again is the same bytes as the first was.
        var second = EmailTestData.WrittenContractorMessage(renderer, MessageIds.FromKey("order/b/0"), EmailTestData.Order(2, address: "Elsewhere"), "b@example.org");
        var again = EmailTestData.WrittenContractorMessage(renderer, MessageIds.FromKey("order/a/0"), EmailTestData.Order(1), "a@example.org");
        Assert.NotEqual(firstBytes, second.Serialized!.ToBytes());
        Assert.Equal(firstBytes, again.Serialized!.ToBytes());
    }

    [Fact]
    public void MessageBuiltWithMimeKit_HasNothingPooled()
    {
        var message = new OutgoingMessage(EmailTestData.ContractorMessage(EmailTestData.Renderer(), "order/x/0@estate-scheduler", EmailTestData.Order(1), "a@example.org")).Serialize();
        var bytes = message.Serialized!.ToBytes();

        Assert.False(message.ReleaseBytes());
        Assert.Equal(bytes, message.Serialized.ToBytes());
    }

    [Fact]
    public async Task Dispatch_SmallBatches_EachMessageArrivesAsWritten_ItsBytesReturnedOnceAfterItsSend()
    {
        await ApplyAsync(PerOrderConfig());
        await using var server = TestSmtpServer.Start();
        var watching = new WatchingTransport(Smtp(server.Port).CreateTransport());

        // Batches of 3: while one is sent the next is composed, and later batches write into the arrays earlier ones gave back.
        var summary = await Dispatcher(PerOrderConfig(), Smtp(server.Port), watching).DispatchDueAsync(3);

        Assert.True(summary.Sent > 9, $"only {summary.Sent} sent");
        Assert.Equal(summary.Sent, watching.Handed.Count);
        Assert.Empty(watching.ReleasedWhileSending);
        var received = server.Messages.ToDictionary(m => m.MessageId!, StringComparer.Ordinal);
        foreach (var (message, bytes) in watching.Handed)
        {
            // Released by the dispatcher once, after the transport returned: a second release finds nothing.
            Assert.True(message.Serialized!.BytesReleased);
            Assert.False(message.ReleaseBytes());
            Assert.Equal(bytes, Bytes(received[message.MessageId]));
        }
    }

    [Fact]
    public async Task Dispatch_Server451_FailedSendReleased_TheRetryIsComposedAgainAndArrivesWhole()
    {
        await ApplyAsync(PerOrderConfig(gasEmail: TestSmtpServer.Deferred));
        await using var server = TestSmtpServer.Start();
        var watching = new WatchingTransport(Smtp(server.Port).CreateTransport());
        var dispatcher = Dispatcher(PerOrderConfig(), Smtp(server.Port), watching);

        var first = await dispatcher.DispatchDueAsync(4);
        Assert.True(first.Retried > 0);
        Assert.True(first.Sent > 0);
        var deferred = watching.Handed.Where(h => h.Message.Serialized!.EnvelopeRecipients.Any(r => r.Address == TestSmtpServer.Deferred)).ToList();
        Assert.Equal(first.Retried, deferred.Count);
        Assert.All(watching.Handed, h => Assert.True(h.Message.Serialized!.BytesReleased));

        await Database.DataSource.ExecuteAsync("UPDATE contractors SET email = 'jobs@warmfix.example' WHERE id = 'warmfix'");
        Clock.Advance(Duration.FromMinutes(2));
        var handedBefore = watching.Handed.Count;
        var retried = await dispatcher.DispatchDueAsync(4);

        Assert.Equal(deferred.Count, retried.Sent);
        var again = watching.Handed.Skip(handedBefore).ToList();
        Assert.Equal(deferred.Select(d => d.Message.MessageId).Order(StringComparer.Ordinal), again.Select(a => a.Message.MessageId).Order(StringComparer.Ordinal));
        Assert.Empty(watching.ReleasedWhileSending);
        var received = server.Messages.ToDictionary(m => m.MessageId!, StringComparer.Ordinal);
        foreach (var (message, bytes) in again)
        {
            Assert.DoesNotContain(deferred, d => ReferenceEquals(d.Message, message)); // composed again, its own array
            Assert.True(message.Serialized!.BytesReleased);
            Assert.Equal(bytes, Bytes(received[message.MessageId]));
        }
    }

    [Fact]
    public async Task Dispatch_TransportThrows_BytesNotReturned()
    {
        await ApplyAsync(PerOrderConfig());
        await using var server = TestSmtpServer.Start();
        var watching = new WatchingTransport(new FailAfterTransport(Smtp(server.Port).CreateTransport(), 2));

        await Assert.ThrowsAsync<SimulatedCrashException>(() => Dispatcher(PerOrderConfig(), Smtp(server.Port), watching).DispatchOnceAsync(5));

        // Whether or not the transport is done with them is not known after it threw: they are left to the collector.
        Assert.Equal(5, watching.Handed.Count);
        Assert.All(watching.Handed, h => Assert.False(h.Message.Serialized!.BytesReleased));
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

    /// <summary>
    /// Sends through <paramref name="inner"/> (a real transport), keeping each message handed to it with its bytes as
    /// they were then, and noting any message whose pooled bytes were returned before the transport was done with it.
    /// </summary>
    private sealed class WatchingTransport(IMailTransport inner) : IMailTransport
    {
        public ConcurrentQueue<(OutgoingMessage Message, byte[] Bytes)> Handed { get; } = new();

        public ConcurrentQueue<string> ReleasedWhileSending { get; } = new();

        public Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) =>
            SendBatchAsync(messages, _ => Task.CompletedTask, cancellationToken);

        public async Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutgoingMessage> messages, Func<SendResult, Task> onSent, CancellationToken cancellationToken)
        {
            foreach (var message in messages)
            {
                Assert.NotNull(message.Serialized!.Written); // written directly, its body pooled
                Handed.Enqueue((message, message.Serialized.ToBytes()));
            }

            try
            {
                return await inner.SendBatchAsync(messages, async sent =>
                {
                    Note(messages);
                    await onSent(sent);
                }, cancellationToken);
            }
            finally
            {
                Note(messages);
            }
        }

        public IAsyncDisposable KeepOpen() => inner.KeepOpen();

        private void Note(IReadOnlyList<OutgoingMessage> messages)
        {
            foreach (var message in messages.Where(m => m.Serialized!.BytesReleased))
            {
                ReleasedWhileSending.Enqueue(message.MessageId);
            }
        }
    }
}
