using NodaTime;
using Scheduler.Persistence.Outbox;
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
                $"Fix the folder (Mail:LetterBatchDirectory), then run dispatch again: the {letters.Count} letter(s) put back are due again from {pauseEnd}.", paragraph, StringComparison.Ordinal);

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
}
