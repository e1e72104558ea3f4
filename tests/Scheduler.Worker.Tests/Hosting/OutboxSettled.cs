using Npgsql;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>
/// Waits until a running worker's outbox has settled: nothing due is pending or sending, and a whole dispatch firing that
/// started after that was seen sent nothing more. "Nothing pending" alone is not "nothing more to send": a firing writes
/// the weekly contractors' late notices (<c>OutboxDispatcher.EnqueueWeeklyAsync</c>) from the orders committed when it
/// looks, so a firing that began while the generation at start was still writing sends the per-order notices, and the
/// late notices of the orders that generation wrote go with the next firing, a second later. A full suite once took a
/// test's snapshot between the two: three late notices arrived after it.
/// </summary>
internal static class OutboxSettled
{
    /// <summary>Waits as above; <paramref name="pendingSql"/> counts the rows still to go (due, pending or sending).</summary>
    public static async Task WaitAsync(NpgsqlDataSource dataSource, JobCompletions dispatches, string pendingSql, TimeSpan guard)
    {
        for (var tries = 0; ; tries++)
        {
            Assert.True(tries < 10, $"the outbox did not settle: each whole dispatch firing sent more ({pendingSql})");
            await Eventually.HoldsAsync(async () => await dataSource.ScalarAsync<long>(pendingSql) == 0, guard, "the outbox drained");
            var sent = await dataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE status = 'sent'");
            // The firing under way (if any) and a whole one after it.
            await dispatches.WaitForAsync(dispatches.Count + 2, guard);
            if (await dataSource.ScalarAsync<long>(pendingSql) == 0
                && await dataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE status = 'sent'") == sent)
            {
                return;
            }
        }
    }
}
