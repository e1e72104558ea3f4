using System.Globalization;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Cli;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Feedback;
using Xunit.Abstractions;

namespace Scheduler.Worker.Tests.Commands;

/// <summary>
/// A mail server that answers <c>421</c> at the greeting (busy, or throttling this sender, as Exchange and Postfix at
/// their connection limits do) is up and reachable but takes no mail: <c>dispatch --once</c> counts no attempt and turns
/// nothing dead, prints its summary with the counts so far, says in one paragraph which server (host:port) answered what
/// (the 421 reply) and how many messages stay queued, and exits 1 — first with the server busy from the start, then busy
/// after some messages have gone on earlier connections of the same run (the connection is recycled every
/// <c>Smtp:MessagesPerConnection</c> messages, so the run opens several); once the server greets again, the next run
/// sends everything due, each once. Through the real command line in-process (<see cref="CliRunner"/>) against a real
/// PostgreSQL with the shipped config and sample register applied as of 23 November 2026, and a real SMTP server
/// (<see cref="TestSmtpServer.Busy"/>).
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class DispatchServerBusyTests(FeedbackVerbsTests.SampleDatabase fixture, ITestOutputHelper log)
    : IClassFixture<FeedbackVerbsTests.SampleDatabase>, IDisposable
{
    private const string ByEmail = "coalesce(delivered_via, 'email') NOT LIKE 'post:%'";

    // Each connection sends this many messages, then the run opens another.
    private const int PerConnection = 4;

    private readonly EstateTestDatabase _database = fixture.Use();

    public void Dispose() => fixture.Release();

    [Fact]
    public async Task DispatchOnce_ServerAnswers421AtGreeting_FromTheStartThenAfterTwoConnections_NoAttemptNothingDead_ParagraphNamesServerAndReply_Exit1_NextRunSendsAllOnce()
    {
        await using var server = TestSmtpServer.Start();
        var port = server.Port.ToString(CultureInfo.InvariantCulture);
        var letters = Directory.CreateTempSubdirectory("estate-dispatch-letters-").FullName;
        using var mail = new EnvironmentScope(
            ("Smtp__Host", "127.0.0.1"), ("Smtp__Port", port), ("Smtp__Security", "None"), ("Smtp__MessagesPerConnection", PerConnection.ToString(CultureInfo.InvariantCulture)),
            ("Smtp__From", "Example Homes <repairs@examplehomes.example>"), ("Mail__PickupDirectory", null), ("Mail__LetterBatchDirectory", letters));
        try
        {
            var due = $"is_open AND next_attempt_at <= '{NodaTime.Text.InstantPattern.ExtendedIso.Format(CliRunner.Now)}'";
            Assert.True(await CountAsync($"{due} AND {ByEmail}") > 3 * PerConnection);
            var closedBefore = await CountAsync("status IN ('dead', 'superseded')");

            // Busy from the start: no email goes, no attempt is counted, nothing turns dead.
            server.Busy = true;
            var busy = await CliRunner.RunAsync("dispatch", "--once", "--batch", "10");
            log.WriteLine(busy.Out + busy.Error);

            Assert.True(busy.Exit == 1, $"exit {busy.Exit}: {busy.Out} {busy.Error}");
            Assert.Empty(server.Messages);
            Assert.True(server.TurnedAway > 0);
            var first = DispatchCutShortTests.Summary(busy.Out);
            Assert.Equal(first.Claimed, first.Sent + first.Retried + first.Dead + first.Superseded);
            Assert.True(first.Retried > 0);
            Assert.Equal(0, first.Dead);
            Assert.Equal(0, await CountAsync($"status = 'sent' AND {ByEmail}"));
            await AssertQueuedUncountedAsync(closedBefore, first.Dead + first.Superseded);
            AssertParagraph(busy.Error, port, sent: first.Sent, queued: await CountAsync("is_open"), putBack: first.Retried);

            // Busy again once 6 messages have gone: the first connection sends 4, the second (open when the server turns
            // busy) its 4, and the third is answered 421 at the greeting.
            server.Busy = false;
            server.BusyAfter(6);
            var turnedAwayBefore = server.TurnedAway;
            var later = await CliRunner.RunAsync("dispatch", "--once", "--batch", "10");
            log.WriteLine(later.Out + later.Error);

            Assert.True(later.Exit == 1, $"exit {later.Exit}: {later.Out} {later.Error}");
            Assert.Equal(2 * PerConnection, server.Messages.Count);
            Assert.Equal(turnedAwayBefore + 1, server.TurnedAway);
            var second = DispatchCutShortTests.Summary(later.Out);
            Assert.Equal(second.Claimed, second.Sent + second.Retried + second.Dead + second.Superseded);
            Assert.True(second.Retried > 0);
            Assert.Equal(0, second.Dead);
            Assert.Equal(
                server.Messages.Select(m => m.MessageId).Order(StringComparer.Ordinal),
                (await _database.DataSource.RowsAsync($"SELECT message_id FROM outbox_messages WHERE status = 'sent' AND {ByEmail}")).Order(StringComparer.Ordinal));
            await AssertQueuedUncountedAsync(closedBefore, first.Dead + first.Superseded + second.Dead + second.Superseded);
            AssertParagraph(later.Error, port, sent: second.Sent, queued: await CountAsync("is_open"), putBack: second.Retried);

            // The server greets again: one run sends everything due, each once, none of the first 8 again.
            server.Busy = false;
            var sentBefore = server.Messages.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
            var mended = await CliRunner.RunAsync("dispatch", "--once", "--batch", "10");

            Assert.True(mended.Exit == 0, mended.Error);
            Assert.Empty(mended.Error);
            Assert.Equal(0, await CountAsync(due));
            Assert.True(server.Messages.Count > 3 * PerConnection, $"only {server.Messages.Count} emails");
            Assert.Equal(server.Messages.Count, server.Messages.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(server.Messages.Count, await CountAsync($"status = 'sent' AND {ByEmail}"));
            Assert.Equal(2 * PerConnection, server.Messages.Count(m => sentBefore.Contains(m.MessageId)));
            Assert.Equal(0, DispatchCutShortTests.Summary(mended.Out).Dead);
            Assert.Equal(0, await CountAsync("status = 'dead' OR (is_open AND attempts > 0)"));
        }
        finally
        {
            Directory.Delete(letters, recursive: true);
        }
    }

    /// <summary>Nothing left under a lease, no attempt counted, and no message closed but those the summaries say.</summary>
    private async Task AssertQueuedUncountedAsync(int closedBefore, int closedByRuns)
    {
        Assert.Equal(0, await CountAsync("status = 'sending' OR (is_open AND attempts > 0)"));
        Assert.Equal(closedBefore + closedByRuns, await CountAsync("status IN ('dead', 'superseded')"));
    }

    /// <summary>One paragraph: the server by host and port and its 421 reply, what was sent, what stays queued, what to do; no address.</summary>
    private static void AssertParagraph(string error, string port, int sent, int queued, int putBack)
    {
        var paragraph = Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(
            $"estate-scheduler dispatch: the mail server did not take mail: The SMTP server 127.0.0.1:{port} turned the connection away: {TestSmtpServer.BusyReply}. ",
            paragraph,
            StringComparison.Ordinal);
        Assert.Contains($"This run sent {sent} message(s) before it stopped, recorded as sent and not sent again.", paragraph, StringComparison.Ordinal);
        Assert.Contains($"Nothing was lost: {queued} message(s) stay queued in the outbox ({putBack} of them put back by this run) and go out when dispatch next runs.", paragraph, StringComparison.Ordinal);
        Assert.EndsWith(
            $"The server (Smtp:Host 127.0.0.1, Smtp:Port {port}) is up but busy or limiting connections from here: run dispatch again later; if it keeps answering 421, ask its administrator about its limits.",
            paragraph,
            StringComparison.Ordinal);
        Assert.DoesNotContain("@", paragraph, StringComparison.Ordinal);
    }

    private Task<int> CountAsync(string condition) =>
        _database.DataSource.ScalarAsync<int>($"SELECT count(*) FROM outbox_messages WHERE {condition}");
}
