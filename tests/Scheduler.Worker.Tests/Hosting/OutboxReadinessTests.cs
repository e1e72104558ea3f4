using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Hosting.Digest;
using Scheduler.Worker.Hosting.Settings;
using Scheduler.Worker.Outbox;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>The outbox's part of readiness and of the manager digest, against rows in a real database.</summary>
public class OutboxReadinessTests
{
    [Fact]
    public async Task Ready_OutboxThresholds_HealthyThenDegradedForDeadThenUnhealthyForOldBacklog()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        using var config = new TempConfig();
        var settings = TestWorker.Settings(database.ConnectionString);
        settings["Scheduler:JobStore"] = "Memory";
        settings["Scheduler:GenerateAtStartup"] = "false";
        settings["Health:OutboxBacklogAge"] = "01:00:00";
        settings["Health:MaxOutboxBacklog"] = "1";
        settings["Health:MaxDeadLetters"] = "0";
        await using var worker = await TestWorker.StartAsync(database.DataSource, config.Path, settings);
        using var http = new HttpClient { BaseAddress = worker.BaseAddress };

        // Young messages and one old one: within the thresholds.
        await InsertAsync(database, "pending", TestWorker.Now - Duration.FromMinutes(5));
        await InsertAsync(database, "sending", TestWorker.Now - Duration.FromMinutes(59));
        await InsertAsync(database, "pending", TestWorker.Now - Duration.FromHours(2));
        await InsertAsync(database, "sent", TestWorker.Now - Duration.FromDays(3));
        var (status, outbox) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", outbox.GetProperty("status").GetString());
        Assert.Equal("3 waiting, 1 of them longer than 01:00:00 (most allowed 1); 0 dead (most allowed 0)", outbox.GetProperty("description").GetString());

        // A dead letter needs a person: degraded, still 200.
        await InsertAsync(database, "dead", TestWorker.Now - Duration.FromDays(1));
        (status, outbox) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", outbox.GetProperty("status").GetString());
        Assert.StartsWith("dead messages need a person", outbox.GetProperty("description").GetString(), StringComparison.Ordinal);

        // A second message older than an hour: mail is not going out.
        await InsertAsync(database, "sending", TestWorker.Now - Duration.FromHours(3));
        (status, outbox) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", outbox.GetProperty("status").GetString());
        Assert.Equal(
            "mail is not going out: 4 waiting, 2 of them longer than 01:00:00 (most allowed 1); 1 dead (most allowed 0)",
            outbox.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Ready_MailServerUnreachable_SaysSoAndSinceWhenUntilTheServerIsReached()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        using var config = new TempConfig();
        var settings = TestWorker.Settings(database.ConnectionString);
        settings["Scheduler:JobStore"] = "Memory";
        settings["Scheduler:GenerateAtStartup"] = "false";
        settings["Health:MaxOutboxBacklog"] = "1";
        await using var worker = await TestWorker.StartAsync(database.DataSource, config.Path, settings);
        using var http = new HttpClient { BaseAddress = worker.BaseAddress };
        await InsertAsync(database, "pending", TestWorker.Now - Duration.FromHours(3), attempts: 0);
        await InsertAsync(database, "pending", TestWorker.Now - Duration.FromHours(2), attempts: 0);
        const string Counts = "2 waiting, 2 of them longer than 01:00:00 (most allowed 1); 0 dead (most allowed 0)";

        // The dispatch job's pause (the worker's one instance) found the server down twice in a row: the first time counts.
        var outage = worker.Services.GetRequiredService<OutageBackoff>();
        outage.Unreachable(TestWorker.Now - Duration.FromMinutes(150));
        outage.Unreachable(TestWorker.Now - Duration.FromMinutes(149));
        var (status, outbox) = await ReadyAsync(http);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(
            "mail is not going out: the mail server has not taken mail since 2027-01-04T06:30:00Z (the dispatcher tries it again at least every 5 minutes "
            + "and sends the backlog once it does; 'estate-scheduler outbox list --status pending' shows the error); " + Counts,
            outbox.GetProperty("description").GetString());
        var data = outbox.GetProperty("data"); // the same figures, for monitoring that reads numbers
        Assert.Equal("2027-01-04T06:30:00Z", data.GetProperty("mailServerUnreachableSince").GetString());
        Assert.Equal((2L, 2L, 0L), (data.GetProperty("backlog").GetInt64(), data.GetProperty("staleBacklog").GetInt64(), data.GetProperty("dead").GetInt64()));

        // The server answers but refuses the login: the same outage, and the transport's reason said (never the password).
        outage.Unreachable(TestWorker.Now - Duration.FromMinutes(140), "The SMTP server mail.example:587 refused the login (Smtp:User, Smtp:Password): 535: Authentication failed.");
        (status, outbox) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(
            "mail is not going out: the mail server has not taken mail since 2027-01-04T06:30:00Z (The SMTP server mail.example:587 refused the login "
            + "(Smtp:User, Smtp:Password): 535: Authentication failed; the dispatcher tries it again at least every 5 minutes and sends the backlog once it does; "
            + "'estate-scheduler outbox list --status pending' shows the error); " + Counts,
            outbox.GetProperty("description").GetString());

        // Reached again (the backlog not yet sent): the counts alone.
        outage.Reached();
        (status, outbox) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("mail is not going out: " + Counts, outbox.GetProperty("description").GetString());
        Assert.False(outbox.GetProperty("data").TryGetProperty("mailServerUnreachableSince", out _));
    }

    [Fact]
    public async Task Ready_LetterFolderUnwritable_NamesTheFolderSinceWhenAndLettersWaiting_DegradedPastTheBacklogAge_QuietOnceWritten()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        using var root = new Email.TemplateFolder(copyShipped: false);
        var letterFolder = root.Write("letters", "a regular file where the letter batch folder should be"); // stops root too
        var letters = await DispatchJobTests.EnqueueLettersAsync(database, 3);
        await using var smtp = Email.TestSmtpServer.Start();
        var settings = DispatchJobTests.WithSmtp(database.ConnectionString, smtp);
        settings["Scheduler:GenerateAtStartup"] = "false";
        settings["Mail:LetterBatchDirectory"] = letterFolder;
        settings["Health:OutboxBacklogAge"] = "01:00:00";
        var clock = new FakeClock(TestWorker.Now);
        await using var worker = await TestWorker.StartAsync(database.DataSource, config.Path, settings, clock);
        using var http = new HttpClient { BaseAddress = worker.BaseAddress };
        const string Unwritten = "the letters to post have not been written since";

        // The dispatch job found the folder unwritable (before session 29 readiness said nothing of it): the folder and the
        // reason, since when, and how many letters wait for it, before the counts; the mail goes on, so still Healthy.
        await Eventually.HoldsAsync(
            async () => (await ReadyAsync(http)).Outbox.GetProperty("description").GetString()!.Contains(Unwritten, StringComparison.Ordinal), TimeSpan.FromSeconds(60), "readiness names the letter folder");
        var (status, outbox) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", outbox.GetProperty("status").GetString());
        var description = outbox.GetProperty("description").GetString()!;
        Assert.StartsWith($"{Unwritten} 2027-01-04T09:00:00Z (Cannot write letters to the letter batch folder '{letterFolder}' (Mail:LetterBatchDirectory): ", description, StringComparison.Ordinal);
        Assert.Contains(
            $"; {letters.Count} letter(s) wait for the folder, no attempt counted; the dispatcher tries it again at least every 5 minutes and writes them once it can); ",
            description,
            StringComparison.Ordinal);

        // The same figures for monitoring that reads numbers: the folder's failure and the letters waiting beside the counts.
        var data = outbox.GetProperty("data");
        Assert.Equal("2027-01-04T09:00:00Z", data.GetProperty("letterFolderUnwritableSince").GetString());
        Assert.Equal(letters.Count, data.GetProperty("lettersWaiting").GetInt64());
        Assert.Equal(0, data.GetProperty("staleBacklog").GetInt64());
        Assert.Equal(0, data.GetProperty("dead").GetInt64());
        Assert.False(data.TryGetProperty("mailServerUnreachableSince", out _));

        // Still unwritable past Health:OutboxBacklogAge: Degraded (a person must mend the folder), still since the first failure.
        clock.Advance(Duration.FromMinutes(61));
        (status, outbox) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", outbox.GetProperty("status").GetString());
        Assert.StartsWith(
            $"letters to post are not going out (fix Mail:LetterBatchDirectory): {Unwritten} 2027-01-04T09:00:00Z (Cannot write letters to the letter batch folder '{letterFolder}'",
            outbox.GetProperty("description").GetString(),
            StringComparison.Ordinal);

        // Mended, and the pause over: the next firing writes the letters; readiness no longer speaks of the folder.
        File.Delete(letterFolder);
        clock.Advance(Duration.FromMinutes(6));
        await Eventually.HoldsAsync(
            async () => !(await ReadyAsync(http)).Outbox.GetProperty("description").GetString()!.Contains(Unwritten, StringComparison.Ordinal), TimeSpan.FromSeconds(60), "readiness quiet once written");
        (status, outbox) = await ReadyAsync(http);
        Assert.Equal("Healthy", outbox.GetProperty("status").GetString());
        Assert.False(outbox.GetProperty("data").TryGetProperty("letterFolderUnwritableSince", out _));
        Assert.Equal(letters.Count, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE idempotency_key LIKE 'letter/test/%' AND status = 'sent' AND attempts = 1"));
    }

    [Fact]
    public async Task OutboxHealthSection_DeadAndOldMessages_ListedByIdAndKindGrouped()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var section = new OutboxHealthSection(database.DataSource, new FakeClock(TestWorker.Now), Options.Create(new HealthOptions()), new Worker.Hosting.Reload.LiveConfiguration(new Worker.Hosting.Reload.ConfigSnapshot(Persistence.Tests.TestEstate.Config(), Persistence.Tests.TestEstate.Calendar, [])));
        var today = new LocalDate(2027, 1, 4);
        Assert.Null(await section.BuildAsync(today, default));

        await InsertAsync(database, "pending", TestWorker.Now - Duration.FromMinutes(10));
        await InsertAsync(database, "sent", TestWorker.Now - Duration.FromDays(2));
        Assert.Null(await section.BuildAsync(today, default));

        var dead = await InsertAsync(database, "dead", TestWorker.Now - Duration.FromDays(1), "tenant-letter", "tenant", "T-0042");
        var waiting = await InsertAsync(database, "pending", TestWorker.Now - Duration.FromHours(2));
        var built = await section.BuildAsync(today, default);

        Assert.NotNull(built);
        Assert.Equal(OutboxHealthSection.SectionOrder, built.Order);
        Assert.StartsWith("1 dead message (see 'estate-scheduler outbox list --status dead'; 'outbox retry ID' sends one again) and 1 waiting longer than 1 hour.", built.Summary, StringComparison.Ordinal);
        Assert.Equal(
            [
                new DigestLine("Dead", $"message {dead}", "tenant-letter to tenant T-0042, 3 attempts, written 3 Jan 2027 09:00"),
                new DigestLine("Waiting", $"message {waiting}", "contractor-order to contractor sparkle, 3 attempts, written 4 Jan 2027 07:00"),
            ],
            built.Lines);
    }

    [Fact]
    public async Task Ready_MessagesWrittenAhead_ScheduledNotBacklogUntilReleased()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        using var config = new TempConfig();
        var settings = TestWorker.Settings(database.ConnectionString);
        settings["Scheduler:JobStore"] = "Memory";
        settings["Scheduler:GenerateAtStartup"] = "false";
        settings["Health:OutboxBacklogAge"] = "01:00:00";
        settings["Health:MaxOutboxBacklog"] = "0";
        settings["Health:MaxDeadLetters"] = "0";
        await using var worker = await TestWorker.StartAsync(database.DataSource, config.Path, settings);
        using var http = new HttpClient { BaseAddress = worker.BaseAddress };

        // Written months ago (issueAhead, letterAhead), released tomorrow and next month: scheduled, not a backlog.
        var tomorrow = TestWorker.Now + Duration.FromDays(1);
        await InsertAsync(database, "pending", TestWorker.Now - Duration.FromDays(200), attempts: 0, releaseAt: tomorrow);
        await InsertAsync(database, "pending", TestWorker.Now - Duration.FromDays(100), attempts: 0, releaseAt: TestWorker.Now + Duration.FromDays(30));
        var (status, outbox) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            $"0 waiting, 0 of them longer than 01:00:00 (most allowed 0); 0 dead (most allowed 0); messages scheduled for later are not backlog (the first due {NodaTime.Text.InstantPattern.General.Format(tomorrow)})",
            outbox.GetProperty("description").GetString());

        // Released 30 minutes ago, written 200 days ago: waiting since its release, so not yet stale.
        await InsertAsync(database, "pending", TestWorker.Now - Duration.FromDays(200), attempts: 0, releaseAt: TestWorker.Now - Duration.FromMinutes(30));
        (status, outbox) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("1 waiting, 0 of them longer than 01:00:00", outbox.GetProperty("description").GetString(), StringComparison.Ordinal);

        // Released 2 hours ago and still not sent: stale backlog, mail is not going out.
        await InsertAsync(database, "pending", TestWorker.Now - Duration.FromDays(200), attempts: 0, releaseAt: TestWorker.Now - Duration.FromHours(2));
        (status, outbox) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("mail is not going out: 2 waiting, 1 of them longer than 01:00:00", outbox.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Outbox)> ReadyAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body.GetProperty("checks").GetProperty("outbox").Clone());
    }

    private static async Task<long> InsertAsync(
        EstateTestDatabase database, string status, Instant createdAt, string kind = "contractor-order", string recipientKind = "contractor", string recipientId = "sparkle", int attempts = 3, Instant? releaseAt = null)
    {
        var key = "test/" + Guid.NewGuid().ToString("N");
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, sequence, status,
                                         attempts, next_attempt_at, lease_until, created_at, release_at)
            VALUES (@kind, @key, @key || '@estate-scheduler', @recipient_kind, @recipient_id, '{}', 0, @status, @attempts, coalesce(@release, @created),
                    CASE WHEN @status = 'sending' THEN @created + interval '5 minutes' END, @created, @release)
            RETURNING id
            """);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("recipient_kind", recipientKind);
        command.Parameters.AddWithValue("recipient_id", recipientId);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("created", createdAt);
        command.Parameters.AddWithValue("attempts", attempts);
        command.Parameters.Add(new Npgsql.NpgsqlParameter<Instant?>("release", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = releaseAt });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
