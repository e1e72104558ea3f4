using System.Text.RegularExpressions;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Tests.Days17;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Dispatch;

/// <summary>
/// While the mail server cannot be reached (the dispatcher's outage pause) the letters to post still go into the day's
/// batch: a printed letter needs no mail server (session 38; before, a paused dispatcher claimed nothing, so a day without
/// mail held back every tenant's appointment letter by post too). A real database, the real dispatcher and composer, a
/// real letter batch folder, SMTP to a port nobody listens on, then a real SMTP server. Clock: Monday 1 March 2027,
/// 09:00 UTC, so the batch file is <c>2027-03-02.html</c>. Test estate: T1 at H1 by email, T2 at H4 by post.
/// </summary>
public sealed class PrintWhileMailDownTests : OutboxTestBase, IDisposable
{
    private static readonly TenantLetterPayload GasFirst = PrintWhileSendingTests.GasFirst;

    private readonly string _batchFolder = Path.Join(Path.GetTempPath(), "letter-batch-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_batchFolder))
        {
            Directory.Delete(_batchFolder, recursive: true);
        }
    }

    [Fact]
    public async Task MailServerDown_LettersToPostQueuedDuringThePauseArePrinted_MailWaitsUncounted_ThenGoesOnceInOrder()
    {
        var mail = Smtp(ClosedPort()) with { LetterBatchDirectory = _batchFolder };
        var transport = new SwitchableTransport(mail.CreateTransport());
        var dispatcher = Dispatcher(Config(), mail, transport);

        // The first email finds the server down: the pause begins (30 s), no attempt counted.
        var firstEmail = await EnqueueAsync("T1", GasFirst, 1);
        var found = await dispatcher.DispatchDueAsync(50);
        Assert.Equal((1, 0, 1), (found.Claimed, found.Sent, found.Retried));
        Assert.True(dispatcher.Outage.IsPaused(Clock.GetCurrentInstant()));

        // During the pause: a letter to post and another email are queued. The letter goes into the day's batch; the email
        // is not claimed (it waits with the first, untried).
        Clock.Advance(Duration.FromSeconds(10));
        var post = await EnqueueAsync("T2", GasFirst with { HomeId = "H4" }, 2);
        var secondEmail = await EnqueueAsync("T1", GasFirst with { Reference = "WO-2027-000043" }, 3);
        var paused = await dispatcher.DispatchDueAsync(50);

        Assert.True(dispatcher.Outage.IsPaused(Clock.GetCurrentInstant()));
        Assert.Equal((1, 1, 0, 0), (paused.Claimed, paused.Sent, paused.Retried, paused.Dead));
        Assert.Equal(
            [$"{firstEmail}|pending|0|", $"{post}|sent|1|post:2027-03-02.html", $"{secondEmail}|pending|0|"],
            await OutboxRowsAsync("idempotency_key, status, attempts, coalesce(delivered_via, '')", "kind = 'tenant-letter'"));
        Assert.Equal(1, LettersInBatch(post));

        // One round alone (DispatchOnceAsync) does the same for a second letter to post, and no more.
        var post2 = await EnqueueAsync("T2", GasFirst with { HomeId = "H4", Reference = "WO-2027-000044" }, 4);
        var once = await dispatcher.DispatchOnceAsync(50);
        Assert.Equal((1, 1), (once.Claimed, once.Sent));
        Assert.Equal(1, LettersInBatch(post2));

        // The server back and the pause over: the mail goes, each message once, in the order queued; no letter printed again.
        await using var server = TestSmtpServer.Start();
        transport.Current = (Smtp(server.Port) with { LetterBatchDirectory = _batchFolder }).CreateTransport();
        Clock.Advance(Duration.FromMinutes(1));
        var back = await dispatcher.DispatchDueAsync(50);

        Assert.Equal((2, 2, 0), (back.Claimed, back.Sent, back.Retried));
        Assert.Equal([MessageIds.FromKey(firstEmail), MessageIds.FromKey(secondEmail)], server.Messages.Select(m => m.MessageId));
        Assert.Equal(4, await CountAsync("kind = 'tenant-letter' AND status = 'sent' AND attempts = 1"));
        Assert.Equal((1, 1), (LettersInBatch(post), LettersInBatch(post2)));
    }

    [Fact]
    public async Task MailServerDown_TenantOnEmailWithNoAddress_LettersArePrintedDuringThePause()
    {
        var mail = Smtp(ClosedPort()) with { LetterBatchDirectory = _batchFolder };
        var dispatcher = Dispatcher(Config(), mail);
        var first = await EnqueueAsync("T1", GasFirst, 1);
        var found = await dispatcher.DispatchDueAsync(50);
        Assert.Equal((1, 0, 1), (found.Claimed, found.Sent, found.Retried));

        // T1's address removed by hand while the pause holds (the register refuses channel email without one): the
        // composer prints T1's letters, so the paused dispatcher claims them with the letters to post, the one that went
        // back untried and a new one. Before session 39 both waited for the mail server.
        await Database.DataSource.ExecuteAsync("UPDATE tenants SET email = NULL WHERE id = 'T1'");
        var second = await EnqueueAsync("T1", GasFirst with { Reference = "WO-2027-000043" }, 2);
        Clock.Advance(Duration.FromSeconds(10));
        var paused = await dispatcher.DispatchDueAsync(50);

        Assert.True(dispatcher.Outage.IsPaused(Clock.GetCurrentInstant()));
        Assert.Equal((2, 2, 0), (paused.Claimed, paused.Sent, paused.Retried));
        Assert.Equal((1, 1), (LettersInBatch(first), LettersInBatch(second)));
    }

    [Fact]
    public async Task MailServerDown_NoLetterBatchFolder_NothingIsClaimedDuringThePause()
    {
        var dispatcher = Dispatcher(Config(), Smtp(ClosedPort()));
        await EnqueueAsync("T1", GasFirst, 1);
        await dispatcher.DispatchDueAsync(50);
        Assert.True(dispatcher.Outage.IsPaused(Clock.GetCurrentInstant()));

        // Without a letter batch folder a letter to post cannot be printed: it waits with the mail, untried, uncounted.
        await EnqueueAsync("T2", GasFirst with { HomeId = "H4" }, 2);
        var paused = await dispatcher.DispatchDueAsync(50);

        Assert.Equal(0, paused.Claimed);
        Assert.Equal(2, await CountAsync("kind = 'tenant-letter' AND status = 'pending' AND attempts = 0"));
    }

    private int LettersInBatch(string key)
    {
        var file = File.ReadAllText(Path.Join(_batchFolder, "2027-03-02.html"));
        return Regex.Count(file, Regex.Escape($"<!-- letter begin: {MessageIds.FromKey(key)} -->"));
    }

    private static EstateConfiguration Config() => PrintWhileSendingTests.Config();

    private static int ClosedPort() => DispatchDurabilityTests.ClosedPort();

    /// <summary>A tenant letter written and due now (<see cref="PrintWhileSendingTests.EnqueueAsync"/>).</summary>
    private Task<string> EnqueueAsync(string tenant, TenantLetterPayload payload, int number) =>
        PrintWhileSendingTests.EnqueueAsync(Database, tenant, payload, number, Clock.GetCurrentInstant());
}
