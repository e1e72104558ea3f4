using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Migrations;

/// <summary>
/// Migration <c>HotReports</c> on a database with orders written before it: <c>is_open</c> is gone;
/// <c>ix_work_orders_open_window_end</c> holds, on <c>open_home_visit</c>, exactly the orders it held on <c>is_open</c>
/// with its own conditions (a home's calendar visit, planned, issued or appointed), whatever the orders' kinds, parents,
/// SLA categories and statuses; the weekly programmes' index holds every live order (the reported ones too), where
/// <c>ix_work_orders_open_contractor_first</c> held the open ones; nothing else of the orders changes.
/// </summary>
public sealed class HotReportsTests
{
    private const string Before = "20261202110000_UsualOccurrenceKey";

    private static readonly string[] Statuses = ["planned", "issued", "appointed", "completed", "no-access", "cancelled"];

    [Fact]
    public async Task Migrate_OrdersWrittenBefore_TheHomesWindowIndexHoldsTheSameOrders_TheWeeklyIndexTheLiveOnes()
    {
        var server = await PostgresServer.SharedAsync();
        var name = await server.CreateEmptyDatabaseAsync();
        try
        {
            await using var dataSource = EstateDatabase.CreateDataSource(server.ConnectionString(name));
            await using (var db = EstateDatabase.CreateContext(dataSource))
            {
                await db.GetService<IMigrator>().MigrateAsync(Before);
            }

            // Every kind of asset, with and without a parent, with and without an SLA category, in every status.
            await dataSource.ExecuteAsync("INSERT INTO config_versions (id, first_applied_at) VALUES ('v1', now())");
            var n = 0;
            foreach (var kind in new[] { "property", "block", "site" })
            {
                foreach (var parent in new[] { false, true })
                {
                    foreach (var sla in new[] { false, true })
                    {
                        foreach (var status in Statuses)
                        {
                            n++;
                            await dataSource.ExecuteAsync($"""
                                INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                                         status, contractor_id, occurrence_key, config_version, created_at, parent_id, sla_category)
                                VALUES ('WO-2027-{n:D6}', 's', 's', 'A{n}', '{kind}', '2027-03-{1 + n % 9:D2}', '2027-03-31', '2027-03-{10 + n % 7:D2}', '{status}', 'c{n % 3}',
                                        'k{n}', 'v1', now(), {(parent ? "(SELECT min(id) FROM work_orders)" : "NULL")}, {(sla ? "'routine'" : "NULL")})
                                """);
                        }
                    }
                }
            }

            const string Rows = "SELECT reference || ' ' || status || ' ' || window_end || ' ' || contractor_id || ' ' || least(target_date, window_start) FROM work_orders";
            var windowBefore = await dataSource.RowsAsync("SELECT reference FROM work_orders WHERE parent_id IS NULL AND sla_category IS NULL AND asset_kind = 'property' AND is_open ORDER BY 1");
            var openBefore = await dataSource.RowsAsync("SELECT reference FROM work_orders WHERE is_open ORDER BY 1");
            var allBefore = await dataSource.RowsAsync(Rows + " ORDER BY 1");

            await EstateDatabase.MigrateAsync(dataSource);

            Assert.Equal(3, windowBefore.Count); // a home's order without a parent or a category, planned, issued or appointed
            Assert.Equal(windowBefore, await dataSource.RowsAsync("SELECT reference FROM work_orders WHERE open_home_visit ORDER BY 1"));
            Assert.Equal(
                "CREATE INDEX ix_work_orders_open_window_end ON public.work_orders USING btree (window_end) WHERE open_home_visit",
                await dataSource.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_work_orders_open_window_end'"));
            Assert.Equal(
                "CREATE INDEX ix_work_orders_live_contractor_first ON public.work_orders USING btree (contractor_id, LEAST(target_date, window_start), window_end) WHERE is_live",
                await dataSource.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_work_orders_live_contractor_first'"));
            Assert.Empty(await dataSource.RowsAsync("SELECT indexname FROM pg_indexes WHERE indexname = 'ix_work_orders_open_contractor_first'"));
            Assert.Empty(await dataSource.RowsAsync("SELECT attname FROM pg_attribute WHERE attrelid = 'work_orders'::regclass AND attname = 'is_open' AND NOT attisdropped"));

            // The weekly index's orders: the open ones it held, and the reported (completed, no-access) ones; not the cancelled.
            Assert.Equal(
                [.. openBefore.Concat(await dataSource.RowsAsync("SELECT reference FROM work_orders WHERE status IN ('completed', 'no-access')")).Order(StringComparer.Ordinal)],
                await dataSource.RowsAsync("SELECT reference FROM work_orders WHERE is_live ORDER BY 1"));
            Assert.Equal(allBefore, await dataSource.RowsAsync(Rows + " ORDER BY 1"));
            Assert.Equal(n, await dataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders"));
        }
        finally
        {
            await server.DropDatabaseAsync(name);
        }
    }
}
