using System.Globalization;
using System.Text.RegularExpressions;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Cli;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Feedback;
using Xunit.Abstractions;

namespace Scheduler.Worker.Tests.Commands;

/// <summary>
/// <c>dispatch --once</c> cut short by the mail server going away part-way says what it did: the summary it prints on
/// success, with the counts so far (which match the outbox's rows), one paragraph on stderr naming the server and saying
/// nothing was lost, and exit 1 (before: the summary alone and exit 0, so a script could not tell). The messages not
/// sent stay queued and the next run sends them, each once. Through the real command line in-process
/// (<see cref="CliRunner"/>) against a real PostgreSQL with the shipped config and sample register applied as of
/// 23 November 2026, sending to a real SMTP server (<see cref="TestSmtpServer"/>) that closes its port and cuts the
/// connection after the 14th message, in the second batch of 10. (The database failing part-way:
/// <see cref="DatabaseFailureMidRunTests"/>; the pickup folder: <see cref="Drills.PickupUnwritableTests"/>.)
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed partial class DispatchCutShortTests(FeedbackVerbsTests.SampleDatabase fixture, ITestOutputHelper log)
    : IClassFixture<FeedbackVerbsTests.SampleDatabase>, IDisposable
{
    private const string ByEmail = "coalesce(delivered_via, 'email') NOT LIKE 'post:%'";

    private readonly EstateTestDatabase _database = fixture.Use();

    public void Dispose() => fixture.Release();

    [Fact]
    public async Task DispatchOnce_SmtpServerGoesAwayAfter14Messages_SummarySoFarMatchesTheRows_OneParagraphNamingTheServer_Exit1_NextRunSendsTheRestOnce()
    {
        const int GoneAfter = 14;
        var first = TestSmtpServer.Start();
        var port = first.Port;
        first.GoAwayAfter(GoneAfter);
        var letters = Directory.CreateTempSubdirectory("estate-dispatch-letters-").FullName;
        using var mail = new EnvironmentScope(
            ("Smtp__Host", "127.0.0.1"), ("Smtp__Port", port.ToString(CultureInfo.InvariantCulture)), ("Smtp__Security", "None"),
            ("Smtp__From", "Example Homes <repairs@examplehomes.example>"), ("Mail__PickupDirectory", null), ("Mail__LetterBatchDirectory", letters));
        try
        {
            Assert.Equal(0, await CountAsync("status IN ('sent', 'sending')"));
            var openBefore = await CountAsync("is_open");
            var closedBefore = await CountAsync("status IN ('dead', 'superseded')");

            (int Exit, string Out, string Error) failed;
            await using (first)
            {
                failed = await CliRunner.RunAsync("dispatch", "--once", "--batch", "10");
                Assert.True(first.Gone);
                Assert.Equal(GoneAfter, first.Messages.Count);
            }

            // The summary, as on success, with the counts so far: they are the rows'.
            log.WriteLine(failed.Out + failed.Error);
            Assert.True(failed.Exit == 1, $"exit {failed.Exit}: {failed.Out} {failed.Error}");
            var summary = Summary(failed.Out);
            Assert.True(summary.Claimed > 20, $"claimed only {summary.Claimed}: the run must have stopped with more claimed than sent");
            Assert.Equal(summary.Claimed, summary.Sent + summary.Retried + summary.Dead + summary.Superseded);
            Assert.Equal(summary.Sent, await CountAsync("status = 'sent'"));
            Assert.Equal(summary.Dead + summary.Superseded, await CountAsync("status IN ('dead', 'superseded')") - closedBefore);
            Assert.Equal(
                first.Messages.Select(m => m.MessageId).Order(StringComparer.Ordinal),
                (await _database.DataSource.RowsAsync($"SELECT message_id FROM outbox_messages WHERE status = 'sent' AND {ByEmail}")).Order(StringComparer.Ordinal));
            Assert.True(summary.Retried > 0);

            // Nothing lost: every message not sent is still queued, none left under a lease, no attempt counted for the outage.
            var queued = await CountAsync("is_open");
            Assert.Equal(openBefore - summary.Sent - summary.Dead - summary.Superseded, queued);
            Assert.Equal(0, await CountAsync("status = 'sending' OR (is_open AND attempts > 0)"));

            // One paragraph: the server by host and port, what was sent, what stays queued, what to do; no address.
            var paragraph = Assert.Single(failed.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"estate-scheduler dispatch: the mail server did not take mail: Cannot connect to the SMTP server 127.0.0.1:{port}: ", paragraph, StringComparison.Ordinal);
            Assert.Contains($"This run sent {summary.Sent} message(s) before it stopped, recorded as sent and not sent again.", paragraph, StringComparison.Ordinal);
            Assert.Contains($"Nothing was lost: {queued} message(s) stay queued in the outbox ({summary.Retried} of them put back by this run) and go out when dispatch next runs.", paragraph, StringComparison.Ordinal);
            Assert.EndsWith($"Check that the SMTP server (Smtp:Host 127.0.0.1, Smtp:Port {port}) is up and reachable from here, then run dispatch again.", paragraph, StringComparison.Ordinal);
            Assert.DoesNotContain("@", paragraph, StringComparison.Ordinal);

            // The server back on its port: the next run sends the rest, each once, none of the first 14 again.
            var due = await CountAsync($"is_open AND next_attempt_at <= '{NodaTime.Text.InstantPattern.ExtendedIso.Format(CliRunner.Now)}'");
            await using var back = TestSmtpServer.Start(port: port);
            var again = await CliRunner.RunAsync("dispatch", "--once", "--batch", "10");

            Assert.True(again.Exit == 0, again.Error);
            Assert.Empty(again.Error);
            var rest = Summary(again.Out);
            Assert.Equal(due, rest.Claimed);
            Assert.Equal(summary.Sent + rest.Sent, await CountAsync("status = 'sent'"));
            Assert.Empty(first.Messages.Select(m => m.MessageId).Intersect(back.Messages.Select(m => m.MessageId), StringComparer.Ordinal));
            Assert.Equal(GoneAfter + back.Messages.Count, await CountAsync($"status = 'sent' AND {ByEmail}"));
            Assert.Equal(back.Messages.Count, back.Messages.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        }
        finally
        {
            Directory.Delete(letters, recursive: true);
        }
    }

    /// <summary>The one summary line <c>dispatch --once</c> prints (also on a run cut short).</summary>
    internal static (int Claimed, int Sent, int Retried, int Dead, int Superseded, int Enqueued) Summary(string output)
    {
        var match = SummaryLine().Match(output);
        Assert.True(match.Success, $"not one summary line: {output}");
        int At(int i) => int.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture);
        return (At(1), At(2), At(3), At(4), At(5), At(6));
    }

    [GeneratedRegex(@"\Aclaimed (\d+): sent (\d+), retry later (\d+), dead (\d+), superseded (\d+); enqueued for weekly contractors (\d+)\r?\n\z")]
    private static partial Regex SummaryLine();

    private Task<int> CountAsync(string condition) =>
        _database.DataSource.ScalarAsync<int>($"SELECT count(*) FROM outbox_messages WHERE {condition}");
}
