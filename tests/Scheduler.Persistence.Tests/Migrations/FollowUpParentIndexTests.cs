using NodaTime;
using Npgsql;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Migrations;

/// <summary>
/// Migration <c>FollowUpParentIndex</c>: <c>ix_work_orders_parent_id</c> holds only the orders that have a parent, so an
/// order without one (nearly all of them) writes no entry there; the follow-ups of given parents are still read through it.
/// </summary>
public sealed class FollowUpParentIndexTests : IAsyncLifetime
{
    private static readonly LocalDate AsOf = new(2027, 3, 1);

    private EstateTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await EstateTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Migrate_ParentIndex_IsPartialOnOrdersWithAParent()
    {
        var definition = await _database.DataSource.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_work_orders_parent_id'");

        Assert.Equal("CREATE INDEX ix_work_orders_parent_id ON public.work_orders USING btree (parent_id) WHERE (parent_id IS NOT NULL)", definition);
    }

    [Fact]
    public async Task Apply_GrassCutsWithFollowUps_ParentIndexHoldsOnlyTheFollowUps()
    {
        var ds = _database.DataSource;
        await new RegisterImporter(ds, Clock()).ImportAsync(Estate(), "test", AsOf);
        await new WorkOrderGeneration(ds, Config(horizonWeeks: 52), Calendar, Clock()).ApplyAsync(AsOf);

        // ANALYZE reads every row of a table this small, so the index's tuple count it records is exact.
        await ds.ExecuteAsync("ANALYZE work_orders");
        var orders = await ds.ScalarAsync<long>("SELECT count(*) FROM work_orders");
        var followUps = await ds.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE parent_id IS NOT NULL");
        var entries = await ds.ScalarAsync<long>("SELECT reltuples::bigint FROM pg_class WHERE relname = 'ix_work_orders_parent_id'");

        Assert.Equal(await ds.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE service = 'path-sweep'"), followUps);
        Assert.InRange(followUps, 1, orders / 4);
        Assert.Equal(followUps, entries);

        // The follow-ups of given parents (CompletionRecorder's and OutboxStore's look-up) can still use the index:
        // the planner proves parent_id IS NOT NULL from the equality. Sequential scans are off so that a table this
        // small does not hide whether it could.
        await using var connection = await ds.OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN SELECT parent_id, reference FROM work_orders WHERE parent_id = ANY(@parents)", connection);
        explain.Parameters.AddWithValue("parents", new long[] { 1, 2, 3 });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains(plan, line => line.Contains("ix_work_orders_parent_id", StringComparison.Ordinal));
    }
}
