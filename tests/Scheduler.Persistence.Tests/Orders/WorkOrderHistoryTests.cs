using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Orders;

/// <summary>
/// The audit trail as read (<c>work_order_history</c>): apply stores no <c>created</c> row, the view shows each order's
/// creation from the order row — what, when, why and config version as the stored row said — and never twice.
/// </summary>
public class WorkOrderHistoryTests : GenerationTestBase
{

    [Fact]
    public async Task History_OrderCreatedThenCancelled_ShowsItsCreationThenItsCancellation()
    {
        await ApplyAsync(AsOf);
        var ds = Database.DataSource;
        var cut = await ds.ScalarAsync<string>("SELECT reference FROM work_orders WHERE service = 'grass-cut' AND target_date > '2027-04-01' ORDER BY id LIMIT 1");
        Clock.AdvanceDays(9);

        await ApplyAsync(AsOf.PlusDays(9), Config([CleanWeekly(), CleanFortnightly(), GasSafety()], version: "v2"));

        Assert.Equal(
            ["created|-|planned|schedule grass-cut|v1|2027-03-01 09:00|derived",
             "cancelled|planned|cancelled|schedule-removed: schedule 'grass-cut' is no longer in config|v2|2027-03-10 09:00|stored"],
            await HistoryAsync(cut));
    }

    [Fact]
    public async Task History_FollowUp_NamesTheReferenceOfTheOrderItFollows()
    {
        await ApplyAsync(AsOf);
        var ds = Database.DataSource;
        var (sweep, cut) = (await ds.RowsAsync(
            "SELECT f.reference || '|' || p.reference FROM work_orders f JOIN work_orders p ON p.id = f.parent_id WHERE f.service = 'path-sweep' ORDER BY f.id LIMIT 1"))
            .Select(r => r.Split('|')).Select(r => (r[0], r[1])).Single();

        Assert.Equal(
            [$"created|-|planned|follow-up of {cut}|v1|2027-03-01 09:00|derived"],
            await HistoryAsync(sweep));
    }

    [Fact]
    public async Task History_OrderWithAStoredCreatedRow_ShowsThatRowOnly()
    {
        // An order created before migration WorkOrderHistory (or a repair raised from a defect) has its created row stored.
        await ApplyAsync(AsOf);
        var ds = Database.DataSource;
        var order = await ds.ScalarAsync<string>("SELECT reference FROM work_orders WHERE schedule_id = 'clean-weekly' ORDER BY id LIMIT 1");
        await ds.ExecuteAsync($"""
            INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason, config_version)
            SELECT id, created_at, 'created', NULL, 'planned', 'schedule ' || schedule_id || ' (stored)', config_version FROM work_orders WHERE reference = '{order}'
            """);

        Assert.Equal(
            ["created|-|planned|schedule clean-weekly (stored)|v1|2027-03-01 09:00|stored"],
            await HistoryAsync(order));
        Assert.Equal(
            await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders"),
            await ds.ScalarAsync<int>("SELECT count(*) FROM work_order_history WHERE kind = 'created'"));
    }

    /// <summary>An order's audit trail, oldest first: kind, from, to, reason, config version, at (UTC), stored or derived.</summary>
    private Task<List<string>> HistoryAsync(string reference) => Database.DataSource.RowsAsync($"""
        SELECT h.kind, coalesce(h.from_status, '-'), h.to_status, h.reason, h.config_version, to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),
               CASE WHEN h.id IS NULL THEN 'derived' ELSE 'stored' END
        FROM work_order_history h JOIN work_orders w ON w.id = h.work_order_id
        WHERE w.reference = '{reference}'
        ORDER BY h.at, h.id NULLS FIRST
        """);
}
