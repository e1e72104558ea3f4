using System.Globalization;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Cli;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Feedback;
using Xunit.Abstractions;

namespace Scheduler.Worker.Tests.Commands;

/// <summary>
/// A mail server that answers <c>421</c> <b>mid-session</b> — at <c>MAIL FROM</c>, at <c>RCPT TO</c>, or after a
/// message's data — and hangs up (RFC 5321 §3.8: the service is not available and the channel is closing; a server
/// shutting down, or limiting this sender after some messages) is unavailable, as one answering 421 at the greeting is:
/// <c>dispatch --once</c> counts no attempt (before session 29 each such reply counted one on its message, and the run
/// went on to the next message on a new connection), turns nothing dead, says which server closed the connection where,
/// and exits 1; a message refused after its data was not accepted, so it goes again, once. Once the server takes mail
/// again, the next run sends every message still due, each exactly once. Through the real command line in-process
/// (<see cref="CliRunner"/>) against a real PostgreSQL with the shipped config and sample register applied as of
/// 23 November 2026, and a real SMTP server (<see cref="TestSmtpServer.CloseWith421"/>).
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class DispatchServerClosingTests(FeedbackVerbsTests.SampleDatabase fixture, ITestOutputHelper log)
    : IClassFixture<FeedbackVerbsTests.SampleDatabase>, IDisposable
{
    private const string ByEmail = "coalesce(delivered_via, 'email') NOT LIKE 'post:%'";

    private readonly EstateTestDatabase _database = fixture.Use();

    public void Dispose() => fixture.Release();

    [Fact]
    public async Task DispatchOnce_ServerSays421AtMailFromThenRcptToThenAfterData_NoAttemptNothingDead_Exit1_MendedRunSendsEachMessageExactlyOnce()
    {
        await using var server = TestSmtpServer.Start();
        var port = server.Port.ToString(CultureInfo.InvariantCulture);
        var letters = Directory.CreateTempSubdirectory("estate-dispatch-letters-").FullName;
        using var mail = new EnvironmentScope(
            ("Smtp__Host", "127.0.0.1"), ("Smtp__Port", port), ("Smtp__Security", "None"), ("Smtp__MessagesPerConnection", null),
            ("Smtp__From", "Example Homes <repairs@examplehomes.example>"), ("Mail__PickupDirectory", null), ("Mail__LetterBatchDirectory", letters));
        try
        {
            var due = $"is_open AND next_attempt_at <= '{NodaTime.Text.InstantPattern.ExtendedIso.Format(CliRunner.Now)}'";
            var emails = await CountAsync($"{due} AND {ByEmail}");
            Assert.True(emails > 12, $"only {emails} emails due");
            var closedBefore = await CountAsync("status IN ('dead', 'superseded')");
            var closedByRuns = 0;

            // Three runs, each cut short 3 messages after the last: the server closes the channel at another point each time.
            foreach (var (stage, where) in new[]
            {
                (TestSmtpServer.CloseAt.MailFrom, "at MAIL FROM"),
                (TestSmtpServer.CloseAt.RcptTo, "at RCPT TO"),
                (TestSmtpServer.CloseAt.EndOfData, "after the message's data"),
            })
            {
                var before = server.Messages.Count;
                var closedWith421 = server.ClosedWith421;
                server.CloseWith421(stage, afterMessages: before + 3);
                var run = await CliRunner.RunAsync("dispatch", "--once", "--batch", "10");
                log.WriteLine(run.Out + run.Error);

                Assert.True(run.Exit == 1, $"{stage}: exit {run.Exit}: {run.Out} {run.Error}");
                Assert.Equal(before + 3, server.Messages.Count);
                // Asked once (at MAIL FROM twice: the message is tried once on a new connection, as after an idle timeout).
                Assert.Equal(closedWith421 + (stage == TestSmtpServer.CloseAt.MailFrom ? 2 : 1), server.ClosedWith421);
                var summary = DispatchCutShortTests.Summary(run.Out);
                Assert.Equal(summary.Claimed, summary.Sent + summary.Retried + summary.Dead + summary.Superseded);
                Assert.True(summary.Retried > 0, $"{stage}: nothing put back");
                Assert.Equal(0, summary.Dead);
                closedByRuns += summary.Superseded;

                // Only what the server stored is recorded sent; nothing else counted an attempt or is left under a lease.
                Assert.Equal(
                    server.Messages.Select(m => m.MessageId).Order(StringComparer.Ordinal),
                    (await _database.DataSource.RowsAsync($"SELECT message_id FROM outbox_messages WHERE status = 'sent' AND {ByEmail}")).Order(StringComparer.Ordinal));
                Assert.Equal(0, await CountAsync("status = 'sending' OR (is_open AND attempts > 0)"));
                Assert.Equal(closedBefore + closedByRuns, await CountAsync("status IN ('dead', 'superseded')"));
                Assert.True(await CountAsync($"is_open AND last_error = 'The SMTP server 127.0.0.1:{port} closed the connection {where.Replace("'", "''", StringComparison.Ordinal)}: {TestSmtpServer.ClosingReply}'") > 0);

                var paragraph = Assert.Single(run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
                Assert.StartsWith(
                    $"estate-scheduler dispatch: the mail server did not take mail: The SMTP server 127.0.0.1:{port} closed the connection {where}: {TestSmtpServer.ClosingReply}. "
                    + $"This run sent {summary.Sent} message(s) before it stopped",
                    paragraph,
                    StringComparison.Ordinal);
                Assert.Contains($"Nothing was lost: {await CountAsync("is_open")} message(s) stay queued in the outbox ({summary.Retried} of them put back by this run)", paragraph, StringComparison.Ordinal);
                Assert.EndsWith(
                    $"The server (Smtp:Host 127.0.0.1, Smtp:Port {port}) is up but busy or limiting connections from here: run dispatch again later; if it keeps answering 421, ask its administrator about its limits.",
                    paragraph,
                    StringComparison.Ordinal);
                Assert.DoesNotContain("@", paragraph, StringComparison.Ordinal);
            }

            // Mended: the next run sends every message still due, each exactly once overall, none counted as a failed attempt.
            server.Mend();
            var mended = await CliRunner.RunAsync("dispatch", "--once", "--batch", "10");

            Assert.True(mended.Exit == 0, mended.Error);
            Assert.Empty(mended.Error);
            Assert.Equal(0, await CountAsync(due));
            Assert.Equal(0, DispatchCutShortTests.Summary(mended.Out).Dead);
            Assert.True(server.Messages.Count > 9, $"only {server.Messages.Count} emails");
            Assert.Equal(server.Messages.Count, server.Messages.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(server.Messages.Count, await CountAsync($"status = 'sent' AND {ByEmail}"));
            Assert.Equal(0, await CountAsync($"status = 'sent' AND attempts <> 1 AND {ByEmail}"));
            Assert.Equal(0, await CountAsync("status = 'dead' OR (is_open AND attempts > 0)"));
        }
        finally
        {
            Directory.Delete(letters, recursive: true);
        }
    }

    private Task<int> CountAsync(string condition) =>
        _database.DataSource.ScalarAsync<int>($"SELECT count(*) FROM outbox_messages WHERE {condition}");
}
