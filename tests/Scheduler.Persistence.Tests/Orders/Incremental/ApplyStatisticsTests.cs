using NodaTime;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.Orders.Incremental.NightlyTestEstate;

namespace Scheduler.Persistence.Tests.Orders.Incremental;

/// <summary>
/// An apply that creates a tenth of the orders or more analyzes <c>work_orders</c> in its own transaction, so the gas
/// booking that follows in the same command plans with statistics (without them, at 300,000 homes, its candidates query
/// ran past the command timeout), and <c>outbox_messages</c> when its notices are a tenth of the outbox or more (the first
/// dispatch runs at once after a first apply); a night's few new orders leave it to autovacuum (the few notices: see
/// <c>Gas.BookingStatisticsTests</c>). <c>pg_class.reltuples</c> is what
/// the last ANALYZE (or index build) counted, and <c>pg_stats</c> holds what ANALYZE found per column.
/// </summary>
public sealed class ApplyStatisticsTests : NightlyTestBase
{
    [Fact]
    public async Task ApplyAsync_FirstApply_AnalyzesWorkOrders()
    {
        SetClock(Start, new LocalTime(2, 30));

        var result = await new WorkOrderGeneration(Database.DataSource, Config(), TestEstate.Calendar, Clock).ApplyAsync(Start);

        Assert.True(result.CreateCount > 0);
        Assert.Equal(await CountAsync(), await CountedAsync());
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM pg_stats WHERE tablename = 'work_orders' AND attname = 'service'"));
    }

    [Fact]
    public async Task ApplyAsync_FirstApply_AnalyzesTheOutbox()
    {
        SetClock(Start, new LocalTime(2, 30));

        await new WorkOrderGeneration(Database.DataSource, Config(), TestEstate.Calendar, Clock).ApplyAsync(Start);

        // The notices: the first dispatch, run at once after the first apply, claims them with statistics.
        var notices = await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_messages");
        Assert.True(notices > 0);
        Assert.Equal(notices, await Database.DataSource.ScalarAsync<long>("SELECT reltuples::bigint FROM pg_class WHERE oid = 'outbox_messages'::regclass"));
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM pg_stats WHERE tablename = 'outbox_messages' AND attname = 'kind'"));
    }

    [Fact]
    public async Task GenerateAsync_ANightsFewNewOrders_LeaveTheStatisticsToAutovacuum()
    {
        SetClock(Start, new LocalTime(2, 30));
        await new WorkOrderGeneration(Database.DataSource, Config(), TestEstate.Calendar, Clock).ApplyAsync(Start);
        var counted = await CountedAsync();

        // The first night that creates anything (a new day at the horizon's end with a clean or a check on it).
        var created = 0;
        for (var day = Start.PlusDays(1); created == 0; day = day.PlusDays(1))
        {
            Assert.True(day < Start.PlusDays(30), "no night created an order in four weeks");
            SetClock(day, new LocalTime(2, 30));
            created = (await new WorkOrderGeneration(Database.DataSource, Config(), TestEstate.Calendar, Clock).GenerateAsync(day)).CreateCount;
        }

        Assert.True(created * 10 < counted, $"{created} created of {counted}: not a small night");
        Assert.Equal(counted, await CountedAsync());
        Assert.Equal(counted + created, await CountAsync());
    }

    private Task<long> CountAsync() => Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders");

    private Task<long> CountedAsync() => Database.DataSource.ScalarAsync<long>("SELECT reltuples::bigint FROM pg_class WHERE oid = 'work_orders'::regclass");
}
