using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Migrations;

/// <summary>
/// Migration <c>HomeBookingFlag</c> on a database with orders written before it: <c>ix_work_orders_open_property</c>
/// holds the orders it held before (on <c>awaits_booking</c>) and the homes' appointed orders without a parent, whatever
/// the orders' kinds, parents, SLA categories and statuses; the booking's read (the flag and the statuses it names) finds
/// exactly the orders it found before; <c>is_open</c> and its indexes are untouched.
/// </summary>
public sealed class HomeBookingFlagTests
{
    private const string Before = "20261201160000_WeeklyOpenOrders";
    private const string After = "20261202100000_HomeBookingFlag";

    private static readonly string[] Statuses = ["planned", "issued", "appointed", "completed", "no-access", "cancelled"];

    private const string OpenIndexesSql =
        "SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE tablename = 'work_orders' AND indexdef LIKE '%is_open%' ORDER BY 1";

    [Fact]
    public async Task Migrate_OrdersWrittenBefore_TheIndexHoldsTheSameOrdersAndTheAppointed()
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
                                VALUES ('WO-2027-{n:D6}', 's', 's', 'A{n}', '{kind}', '2027-03-01', '2027-03-31', '2027-03-31', '{status}', 'c',
                                        'k{n}', 'v1', now(), {(parent ? "(SELECT min(id) FROM work_orders)" : "NULL")}, {(sla ? "'routine'" : "NULL")})
                                """);
                        }
                    }
                }
            }

            // What the index held (its own conditions and the old flag), and the homes' appointed orders without a parent.
            var awaitingBefore = await dataSource.RowsAsync("SELECT reference FROM work_orders WHERE parent_id IS NULL AND asset_kind = 'property' AND awaits_booking ORDER BY 1");
            var appointedBefore = await dataSource.RowsAsync("SELECT reference FROM work_orders WHERE parent_id IS NULL AND asset_kind = 'property' AND status = 'appointed' ORDER BY 1");
            var openBefore = await dataSource.RowsAsync("SELECT reference FROM work_orders WHERE is_open ORDER BY 1");
            var openIndexesBefore = await dataSource.RowsAsync(OpenIndexesSql);

            // To HomeBookingFlag itself: HotReports (after it) replaces is_open (HotReportsTests).
            await using (var db = EstateDatabase.CreateContext(dataSource))
            {
                await db.GetService<IMigrator>().MigrateAsync(After);
            }

            Assert.Equal(6, awaitingBefore.Count); // a home's order without a parent, planned, issued or no-access, with or without a category
            Assert.Equal(2, appointedBefore.Count);
            Assert.Equal([.. awaitingBefore.Concat(appointedBefore).Order(StringComparer.Ordinal)], await dataSource.RowsAsync("SELECT reference FROM work_orders WHERE unfinished_home_order ORDER BY 1"));
            // The booking's read: the flag and the statuses it names find what awaits_booking found.
            Assert.Equal(awaitingBefore, await dataSource.RowsAsync("SELECT reference FROM work_orders WHERE unfinished_home_order AND status IN ('planned', 'issued', 'no-access') ORDER BY 1"));
            Assert.Equal(
                "CREATE INDEX ix_work_orders_open_property ON public.work_orders USING btree (schedule_id, asset_id) WHERE unfinished_home_order",
                await dataSource.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_work_orders_open_property'"));
            // is_open and its two indexes as they were.
            Assert.Equal(openBefore, await dataSource.RowsAsync("SELECT reference FROM work_orders WHERE is_open ORDER BY 1"));
            Assert.Equal(2, openIndexesBefore.Count); // ix_work_orders_open_window_end, ix_work_orders_open_contractor_first
            Assert.Equal(openIndexesBefore, await dataSource.RowsAsync(OpenIndexesSql));
            Assert.Equal(n, await dataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders"));
            Assert.Empty(await dataSource.RowsAsync("SELECT attname FROM pg_attribute WHERE attrelid = 'work_orders'::regclass AND attname = 'awaits_booking' AND NOT attisdropped"));
        }
        finally
        {
            await server.DropDatabaseAsync(name);
        }
    }
}
