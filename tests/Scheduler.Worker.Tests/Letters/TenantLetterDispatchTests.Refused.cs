using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Commands;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Letters;

/// <summary>
/// A tenant's address refused by the mail server: the reply is kept (the message's <c>last_error</c>, shown by
/// <c>outbox list</c> and <c>outbox show</c>) with its code and words, the address it echoes withheld (docs/email.md, Attempts and errors).
/// </summary>
public sealed partial class TenantLetterDispatchTests
{
    private const string UnknownMailbox = "jane.hartley@tenant.example";

    [Fact]
    public async Task Dispatch_TenantAddressRefused550_DeadWithTheCodeAndReply_NeverTheAddress_InTheRowOrTheOutboxCommand()
    {
        await AddTenantAsync("T8", "H1", "Jane Hartley", UnknownMailbox);
        await EnqueueAsync("T8", GasFirst);
        await using var server = TestSmtpServer.Start();
        server.RefuseRecipient(UnknownMailbox);

        var summary = await Dispatcher(Config(), Smtp(server.Port)).DispatchDueAsync(50);

        Assert.Equal(1, summary.Dead);
        Assert.Empty(server.Messages);
        var error = Assert.Single(await OutboxRowsAsync("last_error", "status = 'dead'"));
        // (The test server adds how many more bad commands it takes: ", 4 retry(ies) remain".)
        Assert.StartsWith("550 5.1.1 [address]: Recipient address rejected: User unknown in local recipient table", error, StringComparison.Ordinal);

        var id = long.Parse(Assert.Single(await OutboxRowsAsync("id", "status = 'dead'")), System.Globalization.CultureInfo.InvariantCulture);
        var list = await OutboxAsync(new OutboxCommand.Options("list", null, "dead", 10));
        var show = await OutboxAsync(new OutboxCommand.Options("show", id, null, 0));
        Assert.Contains("550 5.1.1 [address]: Recipient address rejected", list, StringComparison.Ordinal);
        Assert.Contains("last error:      550 5.1.1 [address]: Recipient address rejected: User unknown in local recipient table", show, StringComparison.Ordinal);
        Assert.DoesNotContain("hartley", list + show, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OutboxShow_AReplyStoredWithItsAddressBeforeTheChange_ShowsItWithheld()
    {
        await AddTenantAsync("T8", "H1", "Jane Hartley", UnknownMailbox);
        var key = await EnqueueAsync("T8", GasFirst);
        await Database.DataSource.ExecuteAsync(
            $"UPDATE outbox_messages SET status = 'dead', attempts = 1, last_error = '550 5.1.1 <{UnknownMailbox}>: Recipient address rejected' WHERE idempotency_key = '{key}'");
        var id = long.Parse(Assert.Single(await OutboxRowsAsync("id", $"idempotency_key = '{key}'")), System.Globalization.CultureInfo.InvariantCulture);

        var show = await OutboxAsync(new OutboxCommand.Options("show", id, null, 0));
        var list = await OutboxAsync(new OutboxCommand.Options("list", null, null, 10));

        Assert.Contains("last error:      550 5.1.1 [address]: Recipient address rejected", show, StringComparison.Ordinal);
        Assert.Contains("550 5.1.1 [address]: Recipient address rejected", list, StringComparison.Ordinal);
        Assert.DoesNotContain("hartley", list + show, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> OutboxAsync(OutboxCommand.Options options)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await OutboxCommand.RunAsync(options, Database.ConnectionString, Clock, output, error, default);
        Assert.True(exit == 0, error.ToString());
        return output.ToString() + error;
    }
}
