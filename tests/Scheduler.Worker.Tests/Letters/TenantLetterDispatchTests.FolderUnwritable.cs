using NodaTime;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Commands;
using Scheduler.Worker.Email;
using Scheduler.Worker.Letters;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Letters;

/// <summary>
/// The letter batch folder unwritable (session 28): an outage, as the pickup folder is, not the letters' fault. Before, each
/// run counted an attempt on every letter (the 8th made it dead), and a batch of letters alone stopped the run, mail and all.
/// </summary>
public sealed partial class TenantLetterDispatchTests
{
    [Fact]
    public async Task DispatchOnce_LetterFolderUnwritableOverTwoRuns_LettersWaitUncounted_MailSentOnce_MendedRunWritesEachLetterOnce()
    {
        var config = Config();
        await ApplyAsync(config);
        var emails = await CountAsync("true");
        Assert.True(emails > 4, $"only {emails} emails");
        await AddTenantAsync("T6", "H4", "Jan Kowalski", null, language: "pl");
        await AddTenantAsync("T7", "H4", "Sam Lee", null);
        List<string> letters = [];
        foreach (var tenant in new[] { "T2", "T6", "T7" })
        {
            letters.Add(await EnqueueAsync(tenant, GasFirst with { HomeId = "H4" }));
            letters.Add(await EnqueueAsync(tenant, new TenantLetterPayload(TenantLetterKinds.Improvement, "H4", Year: 2028, Components: ["kitchen"])));
        }

        // A regular file where the folder should be: stops root too, unlike a read-only folder.
        await File.WriteAllTextAsync(_batchFolder, "a regular file where the letter batch folder was");
        await using var server = TestSmtpServer.Start();
        var mail = Smtp(server.Port) with { LetterBatchDirectory = _batchFolder };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, Clock, RepositoryRoot.Path);
        const string Letters = "kind = 'tenant-letter'";

        // Batches of 4: the letters (due first) fill the first batch alone and half the second; the mail goes on past them.
        foreach (var run in new[] { 1, 2 })
        {
            output.GetStringBuilder().Clear();
            error.GetStringBuilder().Clear();
            var exit = await DispatchCommand.RunAsync(new DispatchCommand.Options(Once: true, BatchSize: 4), config, EmailTestData.TemplatesFolder, mail, Database.ConnectionString, context, default);

            Assert.True(exit == 1, $"run {run}: {output}{error}");
            var summary = Commands.DispatchCutShortTests.Summary(output.ToString());
            var mailDue = run == 1 ? emails : 0;
            Assert.Equal((mailDue + letters.Count, mailDue, letters.Count, 0), (summary.Claimed, summary.Sent, summary.Retried, summary.Dead)); // each letter claimed once a run
            var paragraph = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith(
                $"estate-scheduler dispatch: the letters to post were not written: Cannot write letters to the letter batch folder '{_batchFolder}' (Mail:LetterBatchDirectory): ",
                paragraph,
                StringComparison.Ordinal);
            Assert.Contains($"Nothing was lost: {letters.Count} message(s) stay queued in the outbox ({letters.Count} of them put back by this run)", paragraph, StringComparison.Ordinal);
            var pauseEnd = Clock.GetCurrentInstant() + Duration.FromSeconds(30);
            Assert.EndsWith(
                $"Fix the folder (Mail:LetterBatchDirectory), then run dispatch again, which tries the {letters.Count} letter(s) put back at once (otherwise they are due again from {pauseEnd}).",
                paragraph,
                StringComparison.Ordinal);

            // The letters: pending, no attempt counted, due at the pause's end; none dead; every email sent once.
            Assert.Equal(letters.Count, await CountAsync($"{Letters} AND status = 'pending' AND attempts = 0 AND next_attempt_at = '{pauseEnd}' AND last_error LIKE '%Cannot write letters to the letter batch folder ''{_batchFolder}''%'"));
            Assert.Equal(0, await CountAsync("status = 'dead' OR attempts > 1 OR (status <> 'sent' AND NOT (kind = 'tenant-letter'))"));
            Assert.Equal(emails, server.Messages.Count);
            Assert.Equal(emails, server.Messages.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
            Assert.True(File.Exists(_batchFolder));
            Clock.Advance(Duration.FromMinutes(1));
        }

        // Mended: the next run writes every letter, once, into the day's batch; no email goes again.
        File.Delete(_batchFolder);
        output.GetStringBuilder().Clear();
        error.GetStringBuilder().Clear();
        var mended = await DispatchCommand.RunAsync(new DispatchCommand.Options(Once: true, BatchSize: 4), config, EmailTestData.TemplatesFolder, mail, Database.ConnectionString, context, default);

        Assert.True(mended == 0, error.ToString());
        var last = Commands.DispatchCutShortTests.Summary(output.ToString());
        Assert.Equal((letters.Count, letters.Count, 0), (last.Claimed, last.Sent, last.Retried));
        Assert.Equal(letters.Count, await CountAsync($"{Letters} AND status = 'sent' AND attempts = 1 AND delivered_via = 'post:2027-03-02.html'"));
        var written = LetterBatchDocument.ReadLetters(await File.ReadAllTextAsync(PostingFile))!.Select(l => l.MessageId).Order(StringComparer.Ordinal);
        Assert.Equal(letters.Select(k => LetterBatchDocument.MarkerId(MessageIds.FromKey(k))).Order(StringComparer.Ordinal), written);
        Assert.Single(Directory.EnumerateFiles(_batchFolder));
        Assert.Equal(emails, server.Messages.Count);
    }

    [Fact]
    public async Task DispatchOnce_FolderUnwritablePartWayThroughOneRun_LettersWrittenBeforeStay_MendedRunWritesTheRest_EachLetterOnceOverall()
    {
        var config = Config();
        await ApplyAsync(config);
        await AddTenantAsync("T6", "H4", "Jan Kowalski", null, language: "pl");
        List<string> early = [await EnqueueAsync("T2", GasFirst with { HomeId = "H4" }), await EnqueueAsync("T6", GasFirst with { HomeId = "H4" })];
        List<string> late =
        [
            await EnqueueAsync("T2", new TenantLetterPayload(TenantLetterKinds.Improvement, "H4", Year: 2028, Components: ["kitchen"])),
            await EnqueueAsync("T6", new TenantLetterPayload(TenantLetterKinds.Improvement, "H4", Year: 2028, Components: ["boiler"])),
        ];

        // Claimed by due time, then id, in batches of 4: the early letters and two emails, then emails only, ..., the late letters
        // last. The folder is replaced by a file while the second batch (emails only) is sent: after the early letters' write
        // and before the late ones'.
        await Database.DataSource.ExecuteAsync("UPDATE outbox_messages SET next_attempt_at = '2027-03-01T08:10:00Z' WHERE kind <> 'tenant-letter'");
        await Database.DataSource.ExecuteAsync($"UPDATE outbox_messages SET next_attempt_at = '2027-03-01T08:20:00Z' WHERE idempotency_key IN ('{late[0]}', '{late[1]}')");
        var emails = await CountAsync("kind <> 'tenant-letter'");
        Assert.True(emails >= 6, $"only {emails} emails: the second batch must hold no letter");
        var secondBatchFirst = (await Database.DataSource.RowsAsync("SELECT message_id FROM outbox_messages WHERE is_open ORDER BY next_attempt_at, id LIMIT 1 OFFSET 4")).Single();
        var moved = _batchFolder + ".mended";
        await using var server = TestSmtpServer.Start();
        server.Stored = m =>
        {
            if (m.MessageId == secondBatchFirst)
            {
                Directory.Move(_batchFolder, moved);
                File.WriteAllText(_batchFolder, "a regular file where the letter batch folder was");
            }
        };
        var mail = Smtp(server.Port) with { LetterBatchDirectory = _batchFolder };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, Clock, RepositoryRoot.Path);

        try
        {
            var cut = await DispatchCommand.RunAsync(new DispatchCommand.Options(Once: true, BatchSize: 4), config, EmailTestData.TemplatesFolder, mail, Database.ConnectionString, context, default);

            // The early letters are in the posting day's batch, recorded sent; the late ones went back, uncounted; every email went once.
            Assert.True(cut == 1, $"{output}{error}");
            Assert.True(File.Exists(_batchFolder));
            var summary = Commands.DispatchCutShortTests.Summary(output.ToString());
            Assert.Equal((emails + 4, emails + 2, 2, 0), (summary.Claimed, summary.Sent, summary.Retried, summary.Dead));
            Assert.StartsWith(
                $"estate-scheduler dispatch: the letters to post were not written: Cannot write letters to the letter batch folder '{_batchFolder}' (Mail:LetterBatchDirectory): ",
                error.ToString(),
                StringComparison.Ordinal);
            Assert.Equal(2, await CountAsync($"kind = 'tenant-letter' AND status = 'sent' AND attempts = 1 AND idempotency_key IN ('{early[0]}', '{early[1]}')"));
            Assert.Equal(2, await CountAsync($"kind = 'tenant-letter' AND status = 'pending' AND attempts = 0 AND idempotency_key IN ('{late[0]}', '{late[1]}')"));
            Assert.Equal(emails, server.Messages.Count);
            Assert.Equal(early.Select(Marker).Order(StringComparer.Ordinal), Written(moved));

            // Mended (the folder back, with the early letters' volume in it), the pause over: the next run writes the late letters
            // into the same posting day's batch, once; the early ones are not added again; no email goes again.
            File.Delete(_batchFolder);
            Directory.Move(moved, _batchFolder);
            Clock.Advance(Duration.FromMinutes(1));
            output.GetStringBuilder().Clear();
            error.GetStringBuilder().Clear();
            var mended = await DispatchCommand.RunAsync(new DispatchCommand.Options(Once: true, BatchSize: 4), config, EmailTestData.TemplatesFolder, mail, Database.ConnectionString, context, default);

            Assert.True(mended == 0, error.ToString());
            var last = Commands.DispatchCutShortTests.Summary(output.ToString());
            Assert.Equal((2, 2, 0), (last.Claimed, last.Sent, last.Retried));
            Assert.Equal(early.Concat(late).Select(Marker).Order(StringComparer.Ordinal), Written(_batchFolder));
            Assert.Equal(4, await CountAsync("kind = 'tenant-letter' AND status = 'sent' AND attempts = 1 AND delivered_via = 'post:2027-03-02.html'"));
            Assert.Equal(emails, server.Messages.Count);
            Assert.Equal(0, await CountAsync("status = 'dead' OR is_open"));
        }
        finally
        {
            if (Directory.Exists(moved))
            {
                Directory.Delete(moved, recursive: true);
            }
        }
    }

    [Fact]
    public async Task DispatchOnce_SecondRunWithinTheFolderPause_TriesTheLettersAtOnce_Exit1WhileUnwritable_WritesEachOnceOnceMended()
    {
        var config = Config();
        var letters = await TwoLettersAndNoFolderAsync();
        await using var server = TestSmtpServer.Start();
        var mail = Smtp(server.Port) with { LetterBatchDirectory = _batchFolder };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, Clock, RepositoryRoot.Path);
        var pauseEnd = Clock.GetCurrentInstant() + Duration.FromSeconds(30);

        // Two runs by hand at the same instant, the second within the first's 30-second pause of the folder: each tries the
        // letters (before session 29 the second claimed nothing, said nothing and exited 0), finds the folder unwritable and
        // says so; no attempt is counted.
        foreach (var run in new[] { 1, 2 })
        {
            output.GetStringBuilder().Clear();
            error.GetStringBuilder().Clear();
            var exit = await DispatchCommand.RunAsync(new DispatchCommand.Options(Once: true, BatchSize: 10), config, EmailTestData.TemplatesFolder, mail, Database.ConnectionString, context, default);

            Assert.True(exit == 1, $"run {run}: {output}{error}");
            var summary = Commands.DispatchCutShortTests.Summary(output.ToString());
            Assert.Equal((letters.Count, 0, letters.Count), (summary.Claimed, summary.Sent, summary.Retried));
            var paragraph = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("estate-scheduler dispatch: the letters to post were not written: Cannot write letters to the letter batch folder", paragraph, StringComparison.Ordinal);
            Assert.EndsWith(
                $"Fix the folder (Mail:LetterBatchDirectory), then run dispatch again, which tries the {letters.Count} letter(s) put back at once (otherwise they are due again from {pauseEnd}).",
                paragraph,
                StringComparison.Ordinal);
            Assert.Equal(letters.Count, await CountAsync($"kind = 'tenant-letter' AND status = 'pending' AND attempts = 0 AND next_attempt_at = '{pauseEnd}'"));
        }

        // Mended, still within the pause: a third run by hand writes every letter, once.
        File.Delete(_batchFolder);
        output.GetStringBuilder().Clear();
        error.GetStringBuilder().Clear();
        var mended = await DispatchCommand.RunAsync(new DispatchCommand.Options(Once: true, BatchSize: 10), config, EmailTestData.TemplatesFolder, mail, Database.ConnectionString, context, default);

        Assert.True(mended == 0, error.ToString());
        Assert.Empty(error.ToString());
        var last = Commands.DispatchCutShortTests.Summary(output.ToString());
        Assert.Equal((letters.Count, letters.Count, 0), (last.Claimed, last.Sent, last.Retried));
        Assert.Equal(letters.Select(Marker).Order(StringComparer.Ordinal), Written(_batchFolder));
        Assert.Equal(letters.Count, await CountAsync("kind = 'tenant-letter' AND status = 'sent' AND attempts = 1"));
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Dispatch_Loop_LetterFolderUnwritable_SaysSoOnStderrNamingTheFolderAndWhenTheLettersAreTriedAgain()
    {
        var config = Config();
        await ApplyAsync(config);
        var letters = await TwoLettersAndNoFolderAsync();
        await using var server = TestSmtpServer.Start();
        var mail = Smtp(server.Port) with { LetterBatchDirectory = _batchFolder };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var (syncOut, syncError) = (TextWriter.Synchronized(output), TextWriter.Synchronized(error));
        string Said()
        {
            lock (syncError)
            {
                return error.ToString();
            }
        }

        var context = new CliContext(syncOut, syncError, Clock, RepositoryRoot.Path);
        using var stop = new CancellationTokenSource();

        // Without --once (before session 29 the loop printed the round's counts and nothing on why the letters went back).
        var running = DispatchCommand.RunAsync(new DispatchCommand.Options(Once: false, BatchSize: 10), config, EmailTestData.TemplatesFolder, mail, Database.ConnectionString, context, stop.Token);
        await Hosting.Eventually.HoldsAsync(() => Task.FromResult(Said().Contains("fix the folder (Mail:LetterBatchDirectory).", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), "the loop said why");
        await stop.CancelAsync();

        Assert.Equal(0, await running);
        var line = Assert.Single(Said().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries), l => l.Contains("letter batch folder", StringComparison.Ordinal));
        Assert.StartsWith($"Cannot write letters to the letter batch folder '{_batchFolder}' (Mail:LetterBatchDirectory): ", line, StringComparison.Ordinal);
        Assert.EndsWith(
            $". The {letters.Count} letter(s) to post stay queued, no attempt counted, and are tried again from {Clock.GetCurrentInstant() + Duration.FromSeconds(30)}; fix the folder (Mail:LetterBatchDirectory).",
            line,
            StringComparison.Ordinal);
        Assert.False(server.Messages.IsEmpty);
        Assert.Equal(letters.Count, await CountAsync("kind = 'tenant-letter' AND status = 'pending' AND attempts = 0"));
    }

    /// <summary>Queues two letters to T2 (by post) and puts a regular file where the letter batch folder should be; returns their keys.</summary>
    private async Task<List<string>> TwoLettersAndNoFolderAsync()
    {
        List<string> letters =
        [
            await EnqueueAsync("T2", GasFirst with { HomeId = "H4" }),
            await EnqueueAsync("T2", new TenantLetterPayload(TenantLetterKinds.Improvement, "H4", Year: 2028, Components: ["kitchen"])),
        ];
        await File.WriteAllTextAsync(_batchFolder, "a regular file where the letter batch folder was");
        return letters;
    }

    private static string Marker(string key) => LetterBatchDocument.MarkerId(MessageIds.FromKey(key));

    /// <summary>The Message-Id markers of every letter in the posting day's volumes in <paramref name="folder"/> (Tuesday 2 March 2027: letters written on Monday 1 March are posted the next working day), in order (a letter twice is there twice).</summary>
    private static List<string> Written(string folder) =>
        Directory.EnumerateFiles(folder, "2027-03-02*.html")
            .SelectMany(f => LetterBatchDocument.ReadLetters(File.ReadAllText(f))!)
            .Select(l => l.MessageId)
            .Order(StringComparer.Ordinal)
            .ToList();
}
