using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Completions;

/// <summary>
/// Which status changes of <c>work_orders</c> are HOT updates since migration <c>HotReports</c>, and why. The flags of the
/// homes' partial indexes (<c>open_home_visit</c>: <c>ix_work_orders_open_window_end</c>; <c>unfinished_home_order</c>:
/// <c>ix_work_orders_open_property</c>) are false for every order that is not a home's, whatever its status, and the
/// weekly programmes' index (<c>ix_work_orders_live_contractor_first</c>) is on <c>is_live</c>, which a report does not
/// move: a block's or a site's order reported (issued or planned → completed) changes no indexed value and is a HOT update
/// where its page has room. A home's calendar visit reported leaves both homes' indexes and stays an ordinary update.
/// The other HOT updates are the dispatcher's issue (planned → issued: <c>SentMarksTests</c>) and the gas booking's
/// appointing (planned or issued → appointed: <c>GasBookingBatchTests.BookAsync_OrdersAppointed_AreHotUpdates</c>).
/// Before <c>HotReports</c> every report moved <c>is_open</c>, which two indexes tested, and none was HOT
/// (docs/benchmarks-history.md, branches rep31, rep32, rep33).
/// </summary>
public sealed class ReportHotUpdateTests : CompletionTestBase
{
    private static readonly LocalDate AsOf = new(2027, 3, 1);
    private static readonly LocalDate VisitOn = new(2028, 2, 1);

    [Fact]
    public async Task RecordMany_BlocksAndSitesOrders_AreHotUpdates_HomesVisitsAreNot()
    {
        // A year ahead, written as the apply writes it (side by side, fillfactor 50: every page has room).
        var ds = Database.DataSource;
        await new WorkOrderGeneration(ds, Config(), TestEstate.Calendar, Clock).ApplyAsync(AsOf);
        // Every order without a parent whose window opens by the visit day; the visits reported a year later (each on its
        // window's first day), so that the block and site orders are many.
        var due = $"status = 'planned' AND parent_id IS NULL AND window_start <= '{VisitOn:uuuu-MM-dd}'";
        var shared = await RowsAsync($"SELECT reference, to_char(window_start, 'YYYY-MM-DD') FROM work_orders WHERE {due} AND asset_kind <> 'property' ORDER BY id");
        var homes = await RowsAsync($"SELECT reference, to_char(window_start, 'YYYY-MM-DD') FROM work_orders WHERE {due} AND asset_kind = 'property' ORDER BY id");
        Assert.True(shared.Count >= 10, $"only {shared.Count} block and site orders due");
        Assert.True(homes.Count >= 2, $"only {homes.Count} home orders due");

        // Before: a home's calendar visit open and unfinished; every block's and site's order neither flag, though open.
        Assert.Equal(shared.Count, await ds.ScalarAsync<long>($"SELECT count(*) FROM work_orders WHERE {due} AND asset_kind <> 'property' AND NOT open_home_visit AND NOT unfinished_home_order AND is_live"));
        Assert.Equal(homes.Count, await ds.ScalarAsync<long>($"SELECT count(*) FROM work_orders WHERE {due} AND asset_kind = 'property' AND open_home_visit AND unfinished_home_order AND is_live"));

        ds.Clear();
        var before = await HotUpdatesAsync(0);
        Clock.Reset(Instant.FromUtc(2028, 2, 2, 10, 0));
        var results = await Recorder().RecordManyAsync([.. shared.Concat(homes).Select(r => r.Split('|'))
            .Select(r => Report(r[0], on: NodaTime.Text.LocalDatePattern.Iso.Parse(r[1]).Value, contractor: null))]);

        Assert.All(results, r => Assert.Equal(CompletionStatus.Recorded, r.Status));
        ds.Clear();
        var after = await HotUpdatesAsync(before.Updates + shared.Count + homes.Count);
        Assert.Equal(shared.Count + homes.Count, after.Updates - before.Updates);
        Assert.Equal(shared.Count, after.Hot - before.Hot);

        // Reported: no homes' flag for any of them now (the homes' visits left both homes' indexes), still live (each
        // stays in ix_work_orders_live_contractor_first, whose entry is the one it had).
        var reported = string.Join(", ", shared.Concat(homes).Select(r => $"'{r.Split('|')[0]}'"));
        Assert.Equal(shared.Count + homes.Count, await ds.ScalarAsync<long>(
            $"SELECT count(*) FROM work_orders WHERE reference IN ({reported}) AND status = 'completed' AND NOT open_home_visit AND NOT unfinished_home_order AND is_live"));
    }

    [Fact]
    public async Task Flags_SayWhatTheIndexesHold_ForEveryOrder()
    {
        // Every kind of order, every status it can reach here: each flag equals its definition row by row
        // (open_home_visit: what ix_work_orders_open_window_end held on is_open with its own conditions), and the indexes
        // are on the flags and on is_live, none on status.
        var ds = Database.DataSource;
        await new WorkOrderGeneration(ds, Config(), TestEstate.Calendar, Clock).ApplyAsync(AsOf);
        await ds.ExecuteAsync("""
            UPDATE work_orders w SET status = (ARRAY['planned', 'issued', 'appointed', 'completed', 'no-access', 'cancelled'])[1 + r.n % 6]
            FROM (SELECT id, row_number() OVER (PARTITION BY asset_kind = 'property', parent_id IS NULL ORDER BY id) AS n FROM work_orders) r
            WHERE r.id = w.id
            """);
        await InsertOrderAsync("WO-2027-900001", assetId: "H1", service: "repairs", contractor: "fixit", status: "issued");
        await ds.ExecuteAsync("UPDATE work_orders SET sla_category = 'routine' WHERE reference = 'WO-2027-900001'");

        Assert.Equal(0, await ds.ScalarAsync<long>("""
            SELECT count(*) FROM work_orders
            WHERE open_home_visit IS DISTINCT FROM (parent_id IS NULL AND sla_category IS NULL AND asset_kind = 'property' AND status IN ('planned', 'issued', 'appointed'))
               OR unfinished_home_order IS DISTINCT FROM (parent_id IS NULL AND asset_kind = 'property' AND status IN ('planned', 'issued', 'appointed', 'no-access'))
               OR is_live IS DISTINCT FROM (status <> 'cancelled')
            """));
        Assert.Equal(6, await ds.ScalarAsync<long>("SELECT count(DISTINCT status) FROM work_orders WHERE asset_kind <> 'property'"));
        Assert.True(await ds.ScalarAsync<long>("SELECT count(DISTINCT status) FROM work_orders WHERE asset_kind = 'property' AND parent_id IS NULL") >= 2);
        Assert.True(await ds.ScalarAsync<long>("SELECT count(DISTINCT status) FROM work_orders WHERE parent_id IS NOT NULL") >= 2);
        Assert.Equal(0, await ds.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE asset_kind <> 'property' AND (open_home_visit OR unfinished_home_order)"));
        Assert.Equal(1, await ds.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE sla_category IS NOT NULL AND NOT open_home_visit AND unfinished_home_order"));
        Assert.Equal(0, await ds.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'work_orders' AND column_name = 'is_open'"));
        Assert.Equal(
            "CREATE INDEX ix_work_orders_open_property ON public.work_orders USING btree (schedule_id, asset_id) WHERE unfinished_home_order",
            await ds.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_work_orders_open_property'"));
        Assert.Equal(
            "CREATE INDEX ix_work_orders_open_window_end ON public.work_orders USING btree (window_end) WHERE open_home_visit",
            await ds.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_work_orders_open_window_end'"));
        Assert.Equal(
            "CREATE INDEX ix_work_orders_live_contractor_first ON public.work_orders USING btree (contractor_id, LEAST(target_date, window_start), window_end) WHERE is_live",
            await ds.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_work_orders_live_contractor_first'"));
        Assert.Equal(0, await ds.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE tablename = 'work_orders' AND indexdef LIKE '%status%'"));
    }

    /// <summary>
    /// <c>work_orders</c>' updates and HOT updates so far, waiting (up to 10 s) until at least <paramref name="updates"/>
    /// are reported (a backend reports its counts when it goes idle or ends).
    /// </summary>
    private async Task<(long Updates, long Hot)> HotUpdatesAsync(long updates)
    {
        for (var i = 0; ; i++)
        {
            var rows = await RowsAsync("SELECT n_tup_upd || ' ' || n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'work_orders'");
            var parts = rows[0].Split(' ');
            var counts = (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            if (counts.Item1 >= updates || i == 100)
            {
                return counts;
            }

            await Task.Delay(100);
        }
    }
}
