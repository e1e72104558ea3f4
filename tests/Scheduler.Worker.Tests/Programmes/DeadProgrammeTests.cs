using NodaTime;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Programmes;

/// <summary>A programme that dies is parked for the operator with its orders, not replaced by a notice per order.</summary>
public sealed class DeadProgrammeTests : OutboxTestBase
{
    [Fact]
    public async Task Dispatch_ProgrammeDead_ItsOrdersWaitForTheOperatorAndGoOnceWhenRevived()
    {
        var config = Persistence.Tests.TestEstate.Config(
            contractors: [TestEstate.Cleaner() with { Email = TestSmtpServer.Rejected }, TestEstate.Grounds(), TestEstate.GasEngineer()]);
        await ApplyAsync(config);
        Clock.Reset(Instant.FromUtc(2027, 3, 4, 9, 0));   // Thursday 4 March: the programmes for the week of 8 March
        await using var server = TestSmtpServer.Start();

        await Dispatcher(config, Smtp(server.Port)).DispatchDueAsync(500);
        var programme = await OutboxRowsAsync("id, status, cardinality(work_order_ids)", "idempotency_key = 'programme/sparkle/2027-03-08'");
        var (id, status, orders) = (long.Parse(programme.Single().Split('|')[0], System.Globalization.CultureInfo.InvariantCulture), programme.Single().Split('|')[1], programme.Single().Split('|')[2]);
        Assert.Equal("dead", status);
        Assert.NotEqual("0", orders);

        // The next days: nothing new names the dead programme's orders.
        var before = await CountAsync("true");
        Clock.Advance(Duration.FromDays(1));
        await Dispatcher(config, Smtp(server.Port)).DispatchDueAsync(500);
        Clock.Advance(Duration.FromDays(1));
        await Dispatcher(config, Smtp(server.Port)).DispatchDueAsync(500);
        Assert.Equal(before, await CountAsync("true"));
        Assert.Equal(0, await CountAsync($"id <> {id} AND work_order_ids && (SELECT work_order_ids FROM outbox_messages WHERE id = {id})"));

        // The operator mends the address and revives it: the programme goes, once, and its orders are issued.
        await Database.DataSource.ScalarAsync<int>("UPDATE contractors SET email = 'jobs@sparkle.example' WHERE id = 'sparkle' RETURNING 1");
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(OutboxRetryResult.Revived, await OutboxAdmin.RetryAsync(db, id, Clock.GetCurrentInstant()));
        }

        var revived = await Dispatcher(config, Smtp(server.Port)).DispatchDueAsync(500);
        Assert.Equal((1, 0), (revived.Sent, revived.Enqueued));
        Assert.Single(server.Messages, m => m.MessageId == "programme/sparkle/2027-03-08@estate-scheduler");
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>(
            $"SELECT count(*) FROM work_orders WHERE id = ANY((SELECT work_order_ids FROM outbox_messages WHERE id = {id})::bigint[]) AND status <> 'issued'"));
    }
}
