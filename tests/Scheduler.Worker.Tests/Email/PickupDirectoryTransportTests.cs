using MimeKit;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>Writing messages as .eml files into a pickup folder.</summary>
public sealed class PickupDirectoryTransportTests : IDisposable
{
    private static readonly TemplateRenderer Renderer = EmailTestData.Renderer();
    private readonly string _root = Path.Join(Path.GetTempPath(), "pickup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task SendBatch_WritesOneEmlEachThatLoadsBack()
    {
        var folder = Path.Join(_root, "outbox");
        var batch = Enumerable.Range(1, 5).Select(Message).ToList();

        var results = await new PickupDirectoryTransport(folder).SendBatchAsync(batch, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        var files = Directory.GetFiles(folder);
        Assert.Equal(5, files.Length);
        Assert.All(files, f => Assert.EndsWith(".eml", f, StringComparison.Ordinal));
        var loaded = files.Select(f => MimeMessage.Load(f)).ToDictionary(m => m.MessageId!);
        foreach (var sent in batch)
        {
            var got = loaded[sent.MessageId];
            Assert.Equal(sent.Message.Subject, got.Subject);
            Assert.Equal(sent.Message.TextBody, got.TextBody);
            Assert.Equal(2, got.Attachments.Count());
        }
    }

    [Fact]
    public async Task SendBatch_FileUsesCrlfAndKeepsLinesStartingWithADot()
    {
        var folder = Path.Join(_root, "outbox");
        var letter = EmailTestData.Letter();
        var content = Renderer.Render(letter) with { Text = ".hidden line\r\n.\r\nend" };
        var message = EmailTestData.Builder().ForTenant("dots@estate-scheduler", letter.Tenant, content, EmailTestData.Stamp);

        await new PickupDirectoryTransport(folder).SendBatchAsync([new OutgoingMessage(message)], CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(folder));
        var raw = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain("\n", raw.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.StartsWith(".hidden line", MimeMessage.Load(file).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendBatch_SameMessageTwice_TwoFilesNeitherOverwritten()
    {
        var folder = Path.Join(_root, "outbox");
        var message = Message(1);
        var transport = new PickupDirectoryTransport(folder);

        await transport.SendBatchAsync([message], CancellationToken.None);
        await transport.SendBatchAsync([message], CancellationToken.None);

        Assert.Equal(2, Directory.GetFiles(folder, "*.eml").Length);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", new EnumerationOptions { AttributesToSkip = 0 }));
    }

    [Fact]
    public async Task SendBatch_FolderThatCannotBeWritten_EveryMessageUnreachableNamingTheFolder()
    {
        Directory.CreateDirectory(_root);
        var blocker = Path.Join(_root, "a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        var folder = Path.Join(blocker, "outbox");

        var results = await new PickupDirectoryTransport(folder).SendBatchAsync([Message(1), Message(2)], CancellationToken.None);

        Assert.All(results, r =>
        {
            Assert.Equal(SendOutcome.Unreachable, r.Outcome); // the folder's outage: no attempt counted (before session 28: Transient)
            Assert.Contains($"Cannot write email files to the pickup folder '{folder}' (Mail:PickupDirectory)", r.Detail, StringComparison.Ordinal);
        });
        var error = Assert.Throws<MailTransportException>(() => new PickupDirectoryTransport(folder).EnsureWritable());
        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendBatch_Cancelled_NothingWritten()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var folder = Path.Join(_root, "outbox");

        var results = await new PickupDirectoryTransport(folder).SendBatchAsync([Message(1)], cancelled.Token);

        Assert.Equal(SendOutcome.NotAttempted, Assert.Single(results).Outcome);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any());
    }

    private static OutgoingMessage Message(int number)
    {
        var order = EmailTestData.Order(number);
        return new OutgoingMessage(EmailTestData.ContractorMessage(Renderer, MessageIds.FromKey($"order/{order.Reference}"), order, "jobs@greenscape.example"));
    }
}
