using Npgsql;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Commands;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Hosting;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Drills;

/// <summary>
/// The pickup-folder drill's finding as a regular test: <c>dispatch --once</c> to a folder that cannot be written (its
/// path runs through a regular file, which stops root too) said only "retry later N" and exited 0. It now names the
/// folder and exits 1, after the summary (session 27: one paragraph saying what was sent, that nothing was lost and how
/// many stay queued); the messages stay pending, none dead, and go out once it is writable. Since session 28 no attempt is
/// counted (an unwritable folder is an outage, as a mail server down: before, each run counted one and the 8th made the
/// outbox dead), also when the folder becomes unwritable part-way through a run.
/// </summary>
public sealed class PickupUnwritableTests : OutboxTestBase
{
    private const int WrittenBeforeTheFault = 5;
    private const long PauseLock = 28028;
    [Fact]
    public async Task DispatchOnce_PickupFolderUnwritable_NamesTheFolderExitsOneAndKeepsEveryMessageQueued()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        var total = await CountAsync("true");
        using var root = new TemplateFolder(copyShipped: false);
        var blocker = root.Write("not-a-folder", "a regular file");
        var pickup = Path.Join(blocker, "mail");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, Clock, RepositoryRoot.Path);

        var refused = await DispatchCommand.RunAsync(new DispatchCommand.Options(Once: true, BatchSize: 200), config, EmailTestData.TemplatesFolder, Pickup(pickup), Database.ConnectionString, context, default);

        Assert.True(total > 0);
        Assert.Equal(1, refused);
        var first = Commands.DispatchCutShortTests.Summary(output.ToString());
        Assert.Contains($"Cannot write email files to the pickup folder '{pickup}'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("stay queued", error.ToString(), StringComparison.Ordinal);
        Assert.Equal((total, 0, total), (first.Claimed, first.Sent, first.Retried));
        var paragraph = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"estate-scheduler dispatch: Cannot write email files to the pickup folder '{pickup}'", paragraph, StringComparison.Ordinal);
        Assert.Contains($"This run sent 0 message(s) before it stopped, recorded as sent and not sent again. Nothing was lost: {total} message(s) stay queued in the outbox ({total} of them put back by this run)", paragraph, StringComparison.Ordinal);
        Assert.EndsWith("Fix the folder (Mail:PickupDirectory), then run dispatch again.", paragraph, StringComparison.Ordinal);
        Assert.Equal(total, await CountAsync("status = 'pending' AND attempts = 0"));

        File.Delete(blocker);
        // Due again by the test's clock (not the database's now(): the real date, which may be after it).
        await Database.DataSource.ScalarAsync<long>($"WITH u AS (UPDATE outbox_messages SET next_attempt_at = '{NodaTime.Text.InstantPattern.ExtendedIso.Format(Clock.GetCurrentInstant())}'::timestamptz RETURNING 1) SELECT count(*) FROM u");
        var sent = await DispatchCommand.RunAsync(new DispatchCommand.Options(Once: true, BatchSize: 200), config, EmailTestData.TemplatesFolder, Pickup(pickup), Database.ConnectionString, context, default);

        Assert.Equal(0, sent);
        Assert.Equal(total, await CountAsync("status = 'sent'"));
        Assert.Equal(total, Directory.GetFiles(pickup, "*.eml").Length);
    }

    [Fact]
    public async Task DispatchOnce_PickupFolderReplacedByAFileAfterFiveMessages_TheFiveStaySentOnce_RestQueuedUncounted_Exit1_MendedRunSendsTheRestOnce()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        var total = await CountAsync("true");
        Assert.True(total > 3 * 4, $"only {total} messages");
        using var root = new TemplateFolder(copyShipped: false);
        var pickup = Path.Join(root.Path, "mail");
        var aside = Path.Join(root.Path, "mail-aside");

        // A pause inside the run, for the test only: the 5th message's sent mark (written after its file is renamed into
        // place, before the next file is begun) waits for an advisory lock this test holds. While it waits, the folder is
        // replaced by a regular file (which stops root too; a read-only folder would not), then the run goes on.
        await Database.DataSource.ExecuteAsync($"""
            CREATE SEQUENCE test_marks;
            CREATE FUNCTION test_pause_at_mark() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF nextval('test_marks') = {WrittenBeforeTheFault} THEN PERFORM pg_advisory_xact_lock_shared({PauseLock}); END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER test_pause_at_mark BEFORE INSERT ON outbox_sent_marks FOR EACH ROW EXECUTE FUNCTION test_pause_at_mark();
            """);
        await using var holder = await Database.DataSource.OpenConnectionAsync();
        await ExecuteAsync(holder, $"SELECT pg_advisory_lock({PauseLock})");

        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, Clock, RepositoryRoot.Path);
        var running = Task.Run(() => DispatchCommand.RunAsync(
            new DispatchCommand.Options(Once: true, BatchSize: 4), config, EmailTestData.TemplatesFolder, Pickup(pickup), Database.ConnectionString, context, default));
        await Eventually.HoldsAsync(
            async () => running.IsCompleted || await Database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = {PauseLock} AND NOT granted") == 1,
            TimeSpan.FromSeconds(60),
            "the 5th message's mark waits");
        Assert.False(running.IsCompleted, output.ToString() + error.ToString());
        Assert.Equal(WrittenBeforeTheFault, Directory.GetFiles(pickup, "*.eml").Length);
        Directory.Move(pickup, aside);
        await File.WriteAllTextAsync(pickup, "a regular file where the pickup folder was");
        await ExecuteAsync(holder, $"SELECT pg_advisory_unlock({PauseLock})");
        var refused = await running;

        // The summary with the counts so far, one paragraph naming the folder and why, exit 1.
        Assert.True(refused == 1, output.ToString() + error.ToString());
        var summary = Commands.DispatchCutShortTests.Summary(output.ToString());
        Assert.Equal((WrittenBeforeTheFault, 0, 0), (summary.Sent, summary.Dead, summary.Superseded));
        Assert.Equal(summary.Claimed, summary.Sent + summary.Retried);
        var queued = await CountAsync("is_open");
        Assert.Equal(total - WrittenBeforeTheFault, queued);
        var paragraph = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"estate-scheduler dispatch: Cannot write email files to the pickup folder '{pickup}' (Mail:PickupDirectory): ", paragraph, StringComparison.Ordinal);
        Assert.Contains(
            $"This run sent {WrittenBeforeTheFault} message(s) before it stopped, recorded as sent and not sent again. Nothing was lost: {queued} message(s) stay queued in the outbox ({summary.Retried} of them put back by this run)",
            paragraph,
            StringComparison.Ordinal);
        Assert.EndsWith("Fix the folder (Mail:PickupDirectory), then run dispatch again.", paragraph, StringComparison.Ordinal);

        // The five written are recorded sent, one file each; the rest stay queued, due now, no attempt counted, none dead.
        Assert.Equal(MessageIdsIn(aside), (await Database.DataSource.RowsAsync("SELECT message_id FROM outbox_messages WHERE status = 'sent'")).Order(StringComparer.Ordinal));
        Assert.Equal(0, await CountAsync("status IN ('sending', 'dead') OR (is_open AND attempts > 0)"));
        Assert.Equal(queued, await CountAsync($"is_open AND next_attempt_at <= '{NodaTime.Text.InstantPattern.ExtendedIso.Format(Clock.GetCurrentInstant())}'"));

        // The folder mended (the file gone, the folder back with what it held): the next run sends the rest, each once.
        File.Delete(pickup);
        Directory.Move(aside, pickup);
        output.GetStringBuilder().Clear();
        error.GetStringBuilder().Clear();
        var mended = await DispatchCommand.RunAsync(new DispatchCommand.Options(Once: true, BatchSize: 4), config, EmailTestData.TemplatesFolder, Pickup(pickup), Database.ConnectionString, context, default);

        Assert.True(mended == 0, error.ToString());
        Assert.Equal(total - WrittenBeforeTheFault, Commands.DispatchCutShortTests.Summary(output.ToString()).Sent);
        Assert.Equal(total, await CountAsync("status = 'sent'"));
        var written = MessageIdsIn(pickup);
        Assert.Equal(total, written.Count);
        Assert.Equal(written, (await Database.DataSource.RowsAsync("SELECT message_id FROM outbox_messages")).Order(StringComparer.Ordinal));
    }

    /// <summary>The Message-Id of every .eml file in <paramref name="folder"/>, in order, each as often as it was written.</summary>
    private static List<string> MessageIdsIn(string folder) =>
        [.. Directory.GetFiles(folder, "*.eml").Select(DispatchJobTests.MessageIdOf).Order(StringComparer.Ordinal)];

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
