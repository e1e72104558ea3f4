using Npgsql;
using NodaTime;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Dispatch;

/// <summary>
/// The sent recorder runs its marks on a thread of its own: each task it returns completes only once its mark has
/// committed (another connection sees it), and a mark that fails faults its task with the database's error.
/// </summary>
public sealed class SentRecorderTests : OutboxTestBase
{
    private static readonly Duration Lease = Duration.FromMinutes(5);

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

        // The recorder's backend is the one whose last statement was the mark.
        var terminated = await Database.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'INSERT INTO outbox_sent_marks%' AND pid <> pg_backend_pid()) t");
        Assert.Equal(1, terminated);

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => recorder.RecordSentAsync(claimed[1], now));
        await recorder.DisposeAsync();
        Assert.Equal(1, recorder.Recorded);
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_sent_marks"));
        Assert.Equal(claimed[0].Id, await Database.DataSource.ScalarAsync<long>("SELECT message_id FROM outbox_sent_marks"));
    }
}
