using Npgsql;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Dispatch;

/// <summary>
/// The per-message sent record is a mark in <c>outbox_sent_marks</c>, folded into the row by the batch's completion or,
/// after a crash, by the catch-up: a marked row is never claimed again, even once its lease has run out. Each mark is
/// committed (another connection sees it) when its task completes, and a mark that fails faults its task with the
/// database's error.
/// </summary>
public sealed class SentMarksTests : OutboxTestBase
{
    private static readonly Duration Lease = Duration.FromMinutes(5);

    [Fact]
    public async Task Claim_MarkedRowWhoseLeaseRanOut_IsNotClaimedAgain_TheCatchUpFoldsItAndIssuesItsOrder()
    {
        await ApplyAsync(PerOrderConfig());
        var store = new OutboxStore(Database.DataSource);
        var sentAt = Clock.GetCurrentInstant();
        var claimed = await store.ClaimAsync(3, sentAt, Lease);
        Assert.Equal(3, claimed.Count);
        await using (var recorder = store.CreateSentRecorder())
        {
            await recorder.RecordSentAsync(claimed[0], sentAt);
            await recorder.RecordSentAsync(claimed[0], sentAt + Duration.FromSeconds(1)); // again: the first mark stays
        }

        // The dispatcher died: no completion. Once the lease has run out, the unmarked two are claimed again, the marked one not.
        var later = sentAt + Lease + Duration.FromSeconds(1);
        var reclaimed = await store.ClaimAsync(10, later, Lease);
        Assert.DoesNotContain(reclaimed, c => c.Id == claimed[0].Id);
        Assert.Contains(reclaimed, c => c.Id == claimed[1].Id);
        Assert.Contains(reclaimed, c => c.Id == claimed[2].Id);
        Assert.Equal(["sending|0|∅"], await OutboxRowsAsync("status, attempts, sent_at", $"id = {claimed[0].Id}"));

        var issued = await store.IssueOrdersOfSentAsync(later);

        Assert.Equal(claimed[0].WorkOrderIds.Count, issued);
        Assert.Equal(1, await CountAsync($"id = {claimed[0].Id} AND status = 'sent' AND attempts = 1 AND lease_until IS NULL AND sent_at = '{sentAt}'"));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_sent_marks"));
        Assert.Equal(
            claimed[0].WorkOrderIds.Count,
            await Database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM work_order_events WHERE kind = 'issued' AND work_order_id = ANY('{{{string.Join(',', claimed[0].WorkOrderIds)}}}')"));
        Assert.Equal(0, await store.IssueOrdersOfSentAsync(later)); // idempotent
    }

    [Fact]
    public async Task Claim_RowsAnApplyWrote_IsAHotUpdate_NoNewIndexEntries()
    {
        await ApplyAsync(PerOrderConfig());
        var store = new OutboxStore(Database.DataSource);
        var before = await HotUpdatesAsync("outbox_messages", 0);

        var claimed = await store.ClaimAsync(1000, Clock.GetCurrentInstant(), Lease);

        Assert.True(claimed.Count > 10, $"only {claimed.Count} claimed");
        Assert.Equal(claimed.Count, await CountAsync("status = 'sending' AND is_open AND NOT ended_unsent"));

        // Every row's claimed version went beside the old one on its page, with no index entries (HOT): status is in no
        // index (the partial indexes are on is_open / ended_unsent, which pending -> sending does not change), and the
        // fillfactor left the room. PostgreSQL counts HOT updates per table; a backend reports its counts when it ends.
        Database.DataSource.Clear();
        var after = await HotUpdatesAsync("outbox_messages", before.Updates + claimed.Count);
        Assert.Equal(claimed.Count, after.Updates - before.Updates);
        Assert.Equal(claimed.Count, after.Hot - before.Hot);
    }

    [Fact]
    public async Task Complete_IssuesTheOrdersItSent_AsHotUpdates_NoNewIndexEntries()
    {
        // Two years ahead: enough orders to fill pages (at fillfactor 100 a page holds ~40), as an apply writes them.
        await ApplyAsync(TestEstate.Config(
            contractors: [TestEstate.Cleaner() with { Dispatch = DispatchMode.PerOrder }, TestEstate.Grounds() with { Dispatch = DispatchMode.PerOrder }, TestEstate.GasEngineer()],
            horizonWeeks: 104));
        var store = new OutboxStore(Database.DataSource);
        var now = Clock.GetCurrentInstant();
        var claimed = await store.ClaimAsync(1000, now, Lease);
        var orders = claimed.Where(c => c.Kind is OutboxKinds.ContractorOrder or OutboxKinds.ContractorProgramme).SelectMany(c => c.WorkOrderIds).Distinct().ToList();
        Assert.True(orders.Count > 10, $"only {orders.Count} orders claimed");
        Database.DataSource.Clear();
        var before = await HotUpdatesAsync("work_orders", 0);

        await store.CompleteAsync([.. claimed.Select(c => new OutboxCompletion(c, OutboxResult.Sent, null, true, null, c.WorkOrderIds))], now);

        Assert.Equal(orders.Count, await Database.DataSource.ScalarAsync<long>(
            $"SELECT count(*) FROM work_orders WHERE status = 'issued' AND is_live AND open_home_visit = (asset_kind = 'property' AND parent_id IS NULL AND sla_category IS NULL) AND unfinished_home_order = (asset_kind = 'property' AND parent_id IS NULL) AND id = ANY('{{{string.Join(',', orders)}}}')"));

        // Every order's issued version went beside the old one on its page, with no index entries (HOT), although the
        // batch issued every order the apply wrote, side by side on the same pages: status is in no index (the partial
        // indexes are on is_live / open_home_visit / unfinished_home_order, which planned -> issued does not change), and the fillfactor
        // (50) left room for a new version of every row on a page.
        Database.DataSource.Clear();
        var after = await HotUpdatesAsync("work_orders", before.Updates + orders.Count);
        Assert.Equal(orders.Count, after.Updates - before.Updates);
        Assert.Equal(orders.Count, after.Hot - before.Hot);
    }

    /// <summary>
    /// <paramref name="table"/>'s updates and HOT updates so far, waiting (up to 10 s) until at least
    /// <paramref name="updates"/> are reported. PostgreSQL counts HOT updates per table; a backend reports its counts
    /// when it goes idle or ends.
    /// </summary>
    private async Task<(long Updates, long Hot)> HotUpdatesAsync(string table, long updates)
    {
        for (var i = 0; ; i++)
        {
            await using var command = Database.DataSource.CreateCommand(
                $"SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = '{table}'");
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var counts = (reader.GetInt64(0), reader.GetInt64(1));
            if (counts.Item1 >= updates || i == 100)
            {
                return counts;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Complete_MarkedAndUnmarkedSent_RowsSentAtTheMarksTimeOrNow_MarksGone()
    {
        await ApplyAsync(PerOrderConfig());
        var store = new OutboxStore(Database.DataSource);
        var claimedAt = Clock.GetCurrentInstant();
        var claimed = await store.ClaimAsync(2, claimedAt, Lease);
        await using (var recorder = store.CreateSentRecorder())
        {
            await recorder.RecordSentAsync(claimed[0], claimedAt + Duration.FromSeconds(1));
        }

        var now = claimedAt + Duration.FromSeconds(2);
        await store.CompleteAsync([.. claimed.Select(c => new OutboxCompletion(c, OutboxResult.Sent, null, true, null, c.WorkOrderIds))], now);

        Assert.Equal(1, await CountAsync($"id = {claimed[0].Id} AND status = 'sent' AND attempts = 1 AND lease_until IS NULL AND sent_at = '{claimedAt + Duration.FromSeconds(1)}'"));
        Assert.Equal(1, await CountAsync($"id = {claimed[1].Id} AND status = 'sent' AND attempts = 1 AND lease_until IS NULL AND sent_at = '{now}'"));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_sent_marks"));
        Assert.Equal(0, await store.IssueOrdersOfSentAsync(now + Lease + Lease));
    }

    [Fact]
    public async Task RecordSentAsync_EachMark_CommittedWhenItsTaskCompletes()
    {
        await ApplyAsync(PerOrderConfig());
        var store = new OutboxStore(Database.DataSource);
        var now = Clock.GetCurrentInstant();
        var claimed = await store.ClaimAsync(40, now, Lease);
        Assert.True(claimed.Count >= 20, $"only {claimed.Count} claimed");

        await using var recorder = store.CreateSentRecorder();
        for (var i = 0; i < claimed.Count; i++)
        {
            await recorder.RecordSentAsync(claimed[i], now + Duration.FromSeconds(i));

            // Read on another connection: the mark is there, with its own time, as soon as the task has completed.
            Assert.Equal(i + 1, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_sent_marks"));
            Assert.Equal(
                1,
                await Database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM outbox_sent_marks WHERE message_id = {claimed[i].Id} AND sent_at = '{now + Duration.FromSeconds(i)}'"));
            Assert.Equal(i + 1, recorder.Recorded);
        }
    }

    [Fact]
    public async Task RecordSentAsync_ConnectionLost_TaskFaultsWithTheDatabaseError_DisposeStillEnds()
    {
        await ApplyAsync(PerOrderConfig());
        var store = new OutboxStore(Database.DataSource);
        var now = Clock.GetCurrentInstant();
        var claimed = await store.ClaimAsync(2, now, Lease);
        var recorder = store.CreateSentRecorder();
        await recorder.RecordSentAsync(claimed[0], now);

        // The recorder's backend is the one whose last statement was the mark, in this test's database: the cluster is
        // shared, and a test running beside this one (the demo's) may have a backend whose last statement was a mark too.
        var terminated = await Database.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'INSERT INTO outbox_sent_marks%' AND pid <> pg_backend_pid() AND datname = current_database()) t");
        Assert.Equal(1, terminated);

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => recorder.RecordSentAsync(claimed[1], now));
        await recorder.DisposeAsync();
        Assert.Equal(1, recorder.Recorded);
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_sent_marks"));
        Assert.Equal(claimed[0].Id, await Database.DataSource.ScalarAsync<long>("SELECT message_id FROM outbox_sent_marks"));
    }
}
