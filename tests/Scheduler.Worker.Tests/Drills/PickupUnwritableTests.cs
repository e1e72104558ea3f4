using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Commands;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Drills;

/// <summary>
/// The pickup-folder drill's finding as a regular test: <c>dispatch --once</c> to a folder that cannot be written (its
/// path runs through a regular file, which stops root too) said only "retry later N" and exited 0. It now names the
/// folder and exits 1, after the summary (session 27: one paragraph saying what was sent, that nothing was lost and how
/// many stay queued); the messages stay pending with their attempts counted, none dead, and go out once it is writable.
/// </summary>
public sealed class PickupUnwritableTests : OutboxTestBase
{
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
        Assert.Equal(total, await CountAsync("status = 'pending' AND attempts = 1"));

        File.Delete(blocker);
        await Database.DataSource.ScalarAsync<long>("WITH u AS (UPDATE outbox_messages SET next_attempt_at = now() RETURNING 1) SELECT count(*) FROM u");
        var sent = await DispatchCommand.RunAsync(new DispatchCommand.Options(Once: true, BatchSize: 200), config, EmailTestData.TemplatesFolder, Pickup(pickup), Database.ConnectionString, context, default);

        Assert.Equal(0, sent);
        Assert.Equal(total, await CountAsync("status = 'sent'"));
        Assert.Equal(total, Directory.GetFiles(pickup, "*.eml").Length);
    }
}
