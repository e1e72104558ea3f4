using NodaTime;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Dispatch;

/// <summary>
/// The per-message sent record is a mark in <c>outbox_sent_marks</c>, folded into the row by the batch's completion or,
/// after a crash, by the catch-up: a marked row is never claimed again, even once its lease has run out.
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
}
