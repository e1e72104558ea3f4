using System.Globalization;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Cli;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Feedback;
using Xunit.Abstractions;

namespace Scheduler.Worker.Tests.Commands;

/// <summary>
/// A mail server that refuses the login (a wrong or rotated <c>Smtp:Password</c>) is an outage of the server's settings,
/// not a fault of the messages: <c>dispatch --once</c> counts no attempt against them, however many runs it takes, so
/// none turns dead (before: each run counted one, and the 8th made the whole due outbox dead, for a person to retry), says
/// so in one paragraph naming the server and the user (never the password), exits 1, and once the login is mended the
/// next run sends everything due, each once. Through the real command line in-process (<see cref="CliRunner"/>) against
/// a real PostgreSQL with the shipped config and sample register applied as of 23 November 2026, and a real SMTP server
/// that requires a login (<see cref="TestSmtpServer"/>).
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class DispatchLoginRefusedTests(FeedbackVerbsTests.SampleDatabase fixture, ITestOutputHelper log)
    : IClassFixture<FeedbackVerbsTests.SampleDatabase>, IDisposable
{
    // More runs than the attempts after which a message counted each time is dead (RetryPolicy: 8).
    private const int Runs = 9;

    private readonly EstateTestDatabase _database = fixture.Use();

    public void Dispose() => fixture.Release();

    [Fact]
    public async Task DispatchOnce_LoginRefused_NoAttemptCountedOverNineRuns_ParagraphNamesServerAndLoginSettingNotItsValue_Exit1_MendedLoginSendsAllOnce()
    {
        await using var server = TestSmtpServer.Start(login: ("estates.mailer", "s3cret"));
        var port = server.Port.ToString(CultureInfo.InvariantCulture);
        var letters = Directory.CreateTempSubdirectory("estate-dispatch-letters-").FullName;
        try
        {
            var due = $"is_open AND next_attempt_at <= '{NodaTime.Text.InstantPattern.ExtendedIso.Format(CliRunner.Now)}'";
            Assert.True(await CountAsync(due) > 10);

            using (new EnvironmentScope(Mail(port, letters, "wr0ng-Passw0rd")))
            {
                for (var run = 1; run <= Runs; run++)
                {
                    var refused = await CliRunner.RunAsync("dispatch", "--once", "--batch", "10");
                    log.WriteLine(refused.Out + refused.Error);

                    Assert.True(refused.Exit == 1, $"run {run}: exit {refused.Exit}: {refused.Out} {refused.Error}");
                    var summary = DispatchCutShortTests.Summary(refused.Out);
                    Assert.Equal(0, summary.Dead); // (letters for post go to their batch folder, not to the server: sent)
                    var paragraph = Assert.Single(refused.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
                    Assert.StartsWith($"estate-scheduler dispatch: the mail server did not take mail: The SMTP server 127.0.0.1:{port} refused the login (Smtp:User, Smtp:Password): ", paragraph, StringComparison.Ordinal);
                    Assert.EndsWith($"Check that the SMTP server (Smtp:Host 127.0.0.1, Smtp:Port {port}) is up and reachable from here and takes the login (Smtp:User, Smtp:Password), then run dispatch again.", paragraph, StringComparison.Ordinal);
                    Assert.DoesNotContain("wr0ng", paragraph, StringComparison.Ordinal);
                    Assert.DoesNotContain("estates.mailer", refused.Out + refused.Error, StringComparison.OrdinalIgnoreCase); // the login is named by its setting
                }
            }

            // No email sent, nothing dead, no attempt counted, nothing left under a lease.
            Assert.Empty(server.Messages);
            Assert.Equal(0, await CountAsync($"status = 'sent' AND {ByEmail}"));
            Assert.Equal(0, await CountAsync("status IN ('sending', 'dead')"));
            Assert.Equal(0, await CountAsync("is_open AND attempts > 0"));

            // Each message put back keeps the outage's reason in last_error (outbox list shows it): the login by its setting only.
            Assert.True(await CountAsync("last_error LIKE '%refused the login (Smtp:User, Smtp:Password)%'") > 0);
            Assert.Equal(0, await CountAsync("last_error ILIKE '%estates.mailer%'"));

            // The login mended: one run sends everything due, each once.
            using (new EnvironmentScope(Mail(port, letters, "s3cret")))
            {
                var mended = await CliRunner.RunAsync("dispatch", "--once", "--batch", "10");

                Assert.True(mended.Exit == 0, mended.Error);
                Assert.Equal(0, await CountAsync(due));
                Assert.True(server.Messages.Count > 10, $"only {server.Messages.Count} emails");
                Assert.Equal(server.Messages.Count, server.Messages.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
                Assert.Equal(server.Messages.Count, await CountAsync($"status = 'sent' AND {ByEmail}"));
                Assert.Equal(0, await CountAsync("status = 'dead'"));
            }
        }
        finally
        {
            Directory.Delete(letters, recursive: true);
        }
    }

    private const string ByEmail = "coalesce(delivered_via, 'email') NOT LIKE 'post:%'";

    private static (string, string?)[] Mail(string port, string letters, string password) =>
    [
        ("Smtp__Host", "127.0.0.1"), ("Smtp__Port", port), ("Smtp__Security", "None"), ("Smtp__User", "estates.mailer"), ("Smtp__Password", password),
        ("Smtp__From", "Example Homes <repairs@examplehomes.example>"), ("Mail__PickupDirectory", null), ("Mail__LetterBatchDirectory", letters),
    ];

    private Task<int> CountAsync(string condition) =>
        _database.DataSource.ScalarAsync<int>($"SELECT count(*) FROM outbox_messages WHERE {condition}");
}
