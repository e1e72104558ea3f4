using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Hosting.Jobs;
using Scheduler.Worker.Hosting.Logging;
using Scheduler.Worker.Hosting.Settings;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Feedback;
using Serilog;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>
/// The worker reads its mail settings again at each dispatch firing (<see cref="LiveMailSettings"/>), from
/// <c>appsettings.json</c> reloaded when it changes: a wrong <c>Smtp:Password</c> mended in the file takes effect at the next
/// firing, without a restart (before session 28 the settings were bound once at start, and the outbox waited for a restart).
/// A real worker host whose settings come from a real file (<see cref="WorkerSettings.Read"/>), sending to a real SMTP
/// server that requires a login (<see cref="TestSmtpServer"/>).
/// </summary>
[Collection(ProcessEnvironment.Name)] // WorkerSettings.Read reads the process's environment (other tests set Smtp__From, Mail__PickupDirectory)
public sealed class MailSettingsReloadTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    // Due by the worker's clock, not the database's (TestWorker.DueSql says why).
    private static readonly string Due = TestWorker.DueSql;
    private const string ByEmail = "coalesce(delivered_via, 'email') NOT LIKE 'post:%'";

    [Fact]
    public async Task Worker_SmtpPasswordMendedInAppsettingsWhileRunning_TheNextFiringsSendEverythingOnce_NoRestart()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        await using var smtp = TestSmtpServer.Start(login: ("scheduler", "s3cret"));
        var settingsFolder = Directory.CreateTempSubdirectory("estate-settings-").FullName;
        var letters = Directory.CreateTempSubdirectory("estate-letters-").FullName;
        try
        {
            var file = Path.Join(settingsFolder, WorkerSettings.FileName);
            await WriteSettingsAsync(file, smtp.Port, letters, "wr0ng-Passw0rd");
            var baseSettings = TestWorker.Settings(database.ConnectionString);
            baseSettings["Scheduler:DispatchCron"] = "* * * * * ?";
            baseSettings["Serilog:MinimumLevel:Default"] = "Information"; // the change is logged at Information
            var fromFile = WorkerSettings.Read(settingsFolder, environmentName: null);
            // The test's own settings last: WorkerSettings.Read ends with the environment, and other tests in this process
            // set ConnectionStrings__Estate to their own databases (dropped when they end) while this one runs.
            var configuration = new ConfigurationBuilder().AddConfiguration(fromFile).AddInMemoryCollection(baseSettings).Build();
            var clock = new FakeClock(TestWorker.Now);
            var logs = new FeedbackHost.CapturingSink();
            await using var worker = await TestWorker.StartAsync(
                database.DataSource, config.Path, configuration, clock, services => services.AddEstateLogging(configuration, new SeqOptions(), l => l.WriteTo.Sink(logs)));
            var dispatches = JobCompletions.Listen(await worker.SchedulerAsync(), DispatchOutboxJob.Key);

            // The login refused: the mail waits, no attempt counted.
            await worker.Runs.WaitForAsync(1, default).WaitAsync(Guard);
            await Eventually.HoldsAsync(() => Task.FromResult(logs.Lines.Any(l => l.Contains("refused the login (Smtp:User, Smtp:Password)", StringComparison.Ordinal))), Guard, "the login refused, logged");
            Assert.Empty(smtp.Messages);
            Assert.Equal(0, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE status = 'dead' OR (is_open AND attempts > 0)"));
            Assert.DoesNotContain(logs.Lines, l => l.Contains("mail settings changed", StringComparison.OrdinalIgnoreCase));

            // The password mended in the file, the worker left running: a firing reads it (each reads the settings, paused
            // or not, and logs the change once); then the outage pause is made to end (the clock stands still otherwise).
            await WriteSettingsAsync(file, smtp.Port, letters, "s3cret");
            await Eventually.HoldsAsync(() => Task.FromResult(logs.Lines.Any(l => l.Contains("The mail settings changed", StringComparison.Ordinal))), Guard, "a firing read the mended file");
            clock.Advance(Duration.FromMinutes(6));
            await OutboxSettled.WaitAsync(database.DataSource, dispatches, $"SELECT count(*) FROM outbox_messages WHERE status IN ('pending', 'sending') AND {ByEmail} AND {Due}", Guard);

            var sent = (await database.DataSource.RowsAsync($"SELECT message_id FROM outbox_messages WHERE status = 'sent' AND {ByEmail}")).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(sent);
            Assert.Equal(sent, smtp.Messages.Select(m => m.MessageId!).Order(StringComparer.Ordinal).ToList());
            Assert.Equal(0, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE status = 'dead'"));
            var changed = Assert.Single(logs.Lines, l => l.Contains("The mail settings changed", StringComparison.Ordinal));
            Assert.Contains($"the SMTP server 127.0.0.1:{smtp.Port} (None, with a login)", changed, StringComparison.Ordinal);
            Assert.DoesNotContain(logs.Lines, l => l.Contains("s3cret", StringComparison.Ordinal) || l.Contains("wr0ng", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(settingsFolder, recursive: true);
            Directory.Delete(letters, recursive: true);
        }
    }

    [Fact]
    public async Task Worker_SmtpFromChangedInAppsettingsWhileRunning_TheNextFiringsMessagesCarryTheNewSender_EarlierOnesTheOld_NoRestart()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        await using var smtp = TestSmtpServer.Start(login: ("scheduler", "s3cret"));
        var settingsFolder = Directory.CreateTempSubdirectory("estate-settings-").FullName;
        var letters = Directory.CreateTempSubdirectory("estate-letters-").FullName;
        const string Before = "orders@examplehomes.example";
        const string After = "repairs@examplehomes.example";
        try
        {
            var file = Path.Join(settingsFolder, WorkerSettings.FileName);
            await WriteSettingsAsync(file, smtp.Port, letters, "s3cret");
            var baseSettings = TestWorker.Settings(database.ConnectionString);
            baseSettings["Scheduler:DispatchCron"] = "* * * * * ?";
            baseSettings["Serilog:MinimumLevel:Default"] = "Information"; // the change is logged at Information
            var configuration = new ConfigurationBuilder().AddConfiguration(WorkerSettings.Read(settingsFolder, environmentName: null)).AddInMemoryCollection(baseSettings).Build();
            var logs = new FeedbackHost.CapturingSink();
            await using var worker = await TestWorker.StartAsync(
                database.DataSource, config.Path, configuration, new FakeClock(TestWorker.Now), services => services.AddEstateLogging(configuration, new SeqOptions(), l => l.WriteTo.Sink(logs)));
            var dispatches = JobCompletions.Listen(await worker.SchedulerAsync(), DispatchOutboxJob.Key);

            // The mail generated at start goes from the sender in the file.
            await worker.Runs.WaitForAsync(1, default).WaitAsync(Guard);
            await OutboxSettled.WaitAsync(database.DataSource, dispatches, $"SELECT count(*) FROM outbox_messages WHERE status IN ('pending', 'sending') AND {ByEmail} AND {Due}", Guard);
            var early = smtp.Messages.ToList();
            Assert.NotEmpty(early);
            Assert.All(early, m => Assert.Equal(Before, m.From.Mailboxes.Single().Address));

            // Smtp:From changed in the file, the worker left running: a firing reads it; letters written after it (to tenants
            // by email) go from the new sender, and nothing sent before goes again.
            await WriteSettingsAsync(file, smtp.Port, letters, "s3cret", from: $"Example Homes Repairs <{After}>");
            await Eventually.HoldsAsync(() => Task.FromResult(logs.Lines.Any(l => l.Contains("The mail settings changed", StringComparison.Ordinal))), Guard, "a firing read the changed file");
            var later = await DispatchJobTests.EnqueueLettersAsync(database, 2, channel: "email");
            await Eventually.HoldsAsync(
                () => Task.FromResult(later.All(id => smtp.Messages.Any(m => m.MessageId == id))), Guard, "the letters written after the change were sent");
            // And recorded as sent: the server holds a message before the dispatcher marks it (after the server's reply).
            await OutboxSettled.WaitAsync(database.DataSource, dispatches, $"SELECT count(*) FROM outbox_messages WHERE status IN ('pending', 'sending') AND {ByEmail} AND {Due}", Guard);

            foreach (var id in later)
            {
                var message = Assert.Single(smtp.Messages, m => m.MessageId == id);
                Assert.Equal(After, message.From.Mailboxes.Single().Address);
                Assert.Equal("Example Homes Repairs", message.From.Mailboxes.Single().Name);
            }

            // Nothing sent before goes again, and nothing else arrives: what the server holds is this database's sent mail,
            // each message once, and what came after the early snapshot is exactly the letters written after the change.
            // (A count alone once read 94 for 88 here, in a full suite: the snapshot was taken before the late notices went.)
            var sentByEmail = (await database.DataSource.RowsAsync($"SELECT message_id FROM outbox_messages WHERE status = 'sent' AND {ByEmail}")).Order(StringComparer.Ordinal).ToList();
            var received = smtp.Messages.ToList();
            Assert.True(
                sentByEmail.SequenceEqual(received.Select(m => m.MessageId!).Order(StringComparer.Ordinal)),
                "the SMTP server's messages are not this database's sent mail, each once: " + Describe(received, sentByEmail));
            var earlyIds = early.Select(m => m.MessageId!).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(later.Order(StringComparer.Ordinal), received.Select(m => m.MessageId!).Where(id => !earlyIds.Contains(id)).Order(StringComparer.Ordinal));
            Assert.Equal(0, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE status = 'dead' OR (is_open AND attempts > 0)"));
        }
        finally
        {
            Directory.Delete(settingsFolder, recursive: true);
            Directory.Delete(letters, recursive: true);
        }
    }

    /// <summary>For a failure: the received messages that are not sent mail of this database, or came more than once.</summary>
    private static string Describe(List<MimeKit.MimeMessage> received, List<string> sent)
    {
        var known = sent.ToHashSet(StringComparer.Ordinal);
        var odd = received.GroupBy(m => m.MessageId ?? "(none)", StringComparer.Ordinal)
            .Where(g => g.Count() > 1 || !known.Contains(g.Key))
            .Select(g => $"{g.Key} x{g.Count()} from {g.First().From} to {g.First().To} dated {g.First().Date:O}");
        return $"{received.Count} received, {sent.Count} sent; " + string.Join("; ", odd);
    }

    /// <summary>Writes the settings file (as an operator's editor would: the whole file again).</summary>
    private static Task WriteSettingsAsync(string file, int port, string letters, string password, string from = "Example Homes <orders@examplehomes.example>") =>
        File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
        {
            Smtp = new
            {
                Host = "127.0.0.1",
                Port = port.ToString(CultureInfo.InvariantCulture),
                Security = "None",
                User = "scheduler",
                Password = password,
                From = from,
            },
            Mail = new { LetterBatchDirectory = letters },
        }));
}
