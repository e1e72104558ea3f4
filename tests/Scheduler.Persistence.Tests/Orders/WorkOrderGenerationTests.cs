using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Calendars;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Orders;

public class WorkOrderGenerationTests : GenerationTestBase
{
    // Over 1 Mar .. 26 Apr 2027: B1 weekly Tuesdays (8), B2 fortnightly Wednesdays 3, 17, 31 Mar and 14 Apr (4),
    // S1 grass cuts 1 Mar, 1 Apr, 16 Apr with a path sweep each (6), gas for H1 and H4, both due within weeks (2).
    private const int FirstApply = 20;

    [Fact]
    public async Task Apply_FirstTime_CreatesEveryOrderWithAReferenceAndLinksFollowUps()
    {
        var result = await ApplyAsync(AsOf);

        Assert.True(result.Applied);
        Assert.Equal(FirstApply, result.CreateCount);
        Assert.Equal(0, result.CancelCount);
        var ds = Database.DataSource;
        Assert.Equal(FirstApply, await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE status = 'planned'"));
        Assert.All(result.CreatedReferences, r => Assert.Matches("^WO-2027-[0-9]{6}$", r));
        Assert.Equal(FirstApply, result.CreatedReferences.Distinct().Count());
        Assert.Equal(
            ["S1|2027-03-01|2027-03-02|2027-03-02", "S1|2027-04-01|2027-04-02|2027-04-02", "S1|2027-04-16|2027-04-19|2027-04-19"],
            await ds.RowsAsync("""
                SELECT p.asset_id, to_char(p.target_date, 'YYYY-MM-DD'), to_char(f.window_start, 'YYYY-MM-DD'), to_char(f.target_date, 'YYYY-MM-DD')
                FROM work_orders f JOIN work_orders p ON p.id = f.parent_id
                WHERE f.service = 'path-sweep' AND p.service = 'grass-cut' AND p.asset_id = f.asset_id AND f.contractor_id = 'greenscape'
                ORDER BY p.target_date
                """));
        Assert.Equal(
            ["H1|property|2027-03-01|2027-04-19|warmfix", "H4|property|2027-03-01|2027-03-09|warmfix"],
            await ds.RowsAsync("SELECT asset_id, asset_kind, to_char(window_start, 'YYYY-MM-DD'), to_char(window_end, 'YYYY-MM-DD'), contractor_id FROM work_orders WHERE service = 'gas-safety' ORDER BY asset_id"));
        Assert.Equal(["v1"], await ds.RowsAsync("SELECT DISTINCT config_version FROM work_orders"));
        Assert.Equal(["greenscape|grass-cut,path-sweep|weekly", "sparkle|block-clean|weekly", "warmfix|gas-safety|per-order"],
            await ds.RowsAsync("SELECT id, array_to_string(services, ','), dispatch FROM contractors ORDER BY id"));
        Assert.Equal(
            ["clean-fortnightly|schedule clean-fortnightly|4", "clean-weekly|schedule clean-weekly|8", "gas-safety|schedule gas-safety|2",
             "grass-cut|follow-up|3", "grass-cut|schedule grass-cut|3"],
            await ds.RowsAsync("""
                SELECT w.schedule_id, CASE WHEN e.reason = 'follow-up of ' || p.reference THEN 'follow-up' ELSE e.reason END, count(*)
                FROM work_order_history e JOIN work_orders w ON w.id = e.work_order_id LEFT JOIN work_orders p ON p.id = w.parent_id
                WHERE e.kind = 'created' AND e.from_status IS NULL AND e.to_status = 'planned' AND e.config_version = 'v1'
                  AND e.at = '2027-03-01 09:00Z' AND e.at = w.created_at
                GROUP BY 1, 2 ORDER BY 1, 2
                """));
        Assert.Equal(FirstApply, await ds.ScalarAsync<int>("SELECT count(*) FROM work_order_history"));

        // The order row is its creation record: apply stores no created row (the view shows it, above).
        Assert.Equal(0, await ds.ScalarAsync<int>("SELECT count(*) FROM work_order_events"));
    }

    [Fact]
    public async Task Apply_Twice_ChangesNothingTheSecondTime()
    {
        await ApplyAsync(AsOf);
        var orders = await OrdersAsync();
        var others = await Database.DataSource.RowsAsync(
            "SELECT 'c', c.xmin::text, c::text FROM contractors c UNION ALL SELECT 'v', v.xmin::text, v::text FROM config_versions v UNION ALL SELECT 'e', e.xmin::text, e::text FROM work_order_events e ORDER BY 1, 3");

        var second = await ApplyAsync(AsOf);

        Assert.Equal(0, second.CreateCount);
        Assert.Equal(0, second.CancelCount);
        Assert.Equal(FirstApply, second.UnchangedCount);
        Assert.Equal(orders, await OrdersAsync());
        Assert.Equal(others, await Database.DataSource.RowsAsync(
            "SELECT 'c', c.xmin::text, c::text FROM contractors c UNION ALL SELECT 'v', v.xmin::text, v::text FROM config_versions v UNION ALL SELECT 'e', e.xmin::text, e::text FROM work_order_events e ORDER BY 1, 3"));
    }

    [Fact]
    public async Task Plan_ComputesWithoutWriting()
    {
        var plan = await Generation().PlanAsync(AsOf);

        Assert.False(plan.Applied);
        Assert.Equal(FirstApply, plan.CreateCount);
        Assert.Empty(plan.CreatedReferences);
        Assert.Equal(0, await Database.DataSource.ScalarAsync<int>("SELECT (SELECT count(*) FROM work_orders) + (SELECT count(*) FROM contractors) + (SELECT count(*) FROM config_versions)"));
    }

    [Fact]
    public async Task Apply_BlockMovedFromWeeklyToFortnightly_CancelsItsFutureOrdersWithAReasonCreatesNewOnesAndLeavesThePast()
    {
        await ApplyAsync(AsOf);
        var ds = Database.DataSource;
        await ds.ExecuteAsync("UPDATE work_orders SET status = 'issued' WHERE asset_id = 'B1' AND target_date = '2027-03-16'");
        var changeDay = new LocalDate(2027, 3, 15);
        var pastBefore = await OrdersAsync("target_date < '2027-03-15'");
        await ImportAsync(Estate(changeBlock: b => b.Id == "B1" ? WithCleaning(b, "fortnightly") : b), changeDay);
        Clock.AdvanceDays(14);

        var result = await ApplyAsync(changeDay);

        Assert.Equal(
            ["2027-03-16|issued|asset-no-longer-matches: asset 'B1' no longer matches schedule 'clean-weekly' (where cleaning=weekly)",
             "2027-03-23|planned|asset-no-longer-matches: asset 'B1' no longer matches schedule 'clean-weekly' (where cleaning=weekly)",
             "2027-03-30|planned|asset-no-longer-matches: asset 'B1' no longer matches schedule 'clean-weekly' (where cleaning=weekly)",
             "2027-04-06|planned|asset-no-longer-matches: asset 'B1' no longer matches schedule 'clean-weekly' (where cleaning=weekly)",
             "2027-04-13|planned|asset-no-longer-matches: asset 'B1' no longer matches schedule 'clean-weekly' (where cleaning=weekly)",
             "2027-04-20|planned|asset-no-longer-matches: asset 'B1' no longer matches schedule 'clean-weekly' (where cleaning=weekly)"],
            await ds.RowsAsync("""
                SELECT to_char(w.target_date, 'YYYY-MM-DD'), e.from_status, w.cancelled_reason
                FROM work_orders w JOIN work_order_events e ON e.work_order_id = w.id
                WHERE w.status = 'cancelled' AND e.kind = 'cancelled' AND e.to_status = 'cancelled' AND e.reason = w.cancelled_reason
                  AND e.config_version = 'v1' AND e.at = '2027-03-15 09:00Z'
                ORDER BY w.target_date
                """));
        Assert.Equal(6, result.CancelCount);
        Assert.Equal(
            ["2027-03-17", "2027-03-31", "2027-04-14", "2027-04-28"],
            await ds.RowsAsync("SELECT to_char(target_date, 'YYYY-MM-DD') FROM work_orders WHERE asset_id = 'B1' AND schedule_id = 'clean-fortnightly' AND status = 'planned' ORDER BY 1"));
        Assert.Equal(pastBefore, await OrdersAsync("target_date < '2027-03-15'"));
        Assert.Equal(2, await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE asset_id = 'B1' AND schedule_id = 'clean-weekly' AND status = 'planned'"));
    }

    [Fact]
    public async Task Apply_ScheduleRemoved_CancelsItsFutureOrdersUnderTheNewConfigVersion()
    {
        await ApplyAsync(AsOf);
        var day = new LocalDate(2027, 3, 10);
        var without = Config([CleanWeekly(), CleanFortnightly(), GasSafety()], version: "v2");

        var result = await ApplyAsync(day, without);

        Assert.Equal(4, result.CancelCount);
        Assert.Equal(
            ["grass-cut|2027-04-01", "path-sweep|2027-04-02", "grass-cut|2027-04-16", "path-sweep|2027-04-19"],
            await Database.DataSource.RowsAsync("""
                SELECT w.service, to_char(w.target_date, 'YYYY-MM-DD') FROM work_orders w JOIN work_order_events e ON e.work_order_id = w.id
                WHERE w.status = 'cancelled' AND e.config_version = 'v2'
                  AND w.cancelled_reason = 'schedule-removed: schedule ''grass-cut'' is no longer in config'
                ORDER BY w.target_date
                """));
        Assert.Equal(2, await Database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE schedule_id = 'grass-cut' AND status = 'planned'"));
        Assert.Equal(4, await Database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE schedule_id = 'grass-cut' AND status = 'cancelled'"));
    }

    [Fact]
    public async Task Apply_ContractorChanged_ReplacesOrdersAndRelinksFollowUpsToTheNewParents()
    {
        await ApplyAsync(AsOf);
        var mowright = Config(contractors: [Cleaner(), Grounds("mowright"), GasEngineer()], version: "v2");

        var result = await ApplyAsync(AsOf, mowright);

        Assert.Equal(6, result.CancelCount);
        Assert.Equal(6, result.CreateCount);
        var ds = Database.DataSource;
        Assert.Equal(6, await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE contractor_id = 'greenscape' AND status = 'cancelled' AND cancelled_reason LIKE 'contractor-changed: %'"));
        Assert.Equal(
            ["grass-cut|", "grass-cut|", "grass-cut|", "path-sweep|mowright", "path-sweep|mowright", "path-sweep|mowright"],
            await ds.RowsAsync("""
                SELECT w.service, coalesce(p.contractor_id || CASE WHEN p.status = 'planned' THEN '' ELSE '!' END, '')
                FROM work_orders w LEFT JOIN work_orders p ON p.id = w.parent_id
                WHERE w.contractor_id = 'mowright' ORDER BY w.service, w.target_date
                """));
        Assert.Equal(["greenscape|False", "mowright|True", "sparkle|True", "warmfix|True"], await ds.RowsAsync("SELECT id, active FROM contractors ORDER BY id"));
        Assert.True((await ApplyAsync(AsOf, mowright)).Plan.IsEmpty);
    }

    [Fact]
    public async Task Apply_TwoProcessesAtOnce_CreateEachOrderOnceAndBothSucceed()
    {
        await using var first = Scheduler.Persistence.EstateDatabase.CreateDataSource(Database.ConnectionString);
        await using var second = Scheduler.Persistence.EstateDatabase.CreateDataSource(Database.ConnectionString);
        var a = new WorkOrderGeneration(first, Config(), Calendar, Clock);
        var b = new WorkOrderGeneration(second, Config(), Calendar, Clock);

        var results = await Task.WhenAll(a.ApplyAsync(AsOf), b.ApplyAsync(AsOf), a.ApplyAsync(AsOf), b.ApplyAsync(AsOf));

        Assert.Equal(FirstApply, results.Sum(r => r.CreateCount));
        Assert.Equal(FirstApply, await Database.DataSource.ScalarAsync<int>("SELECT count(DISTINCT occurrence_key) FROM work_orders"));
        Assert.Equal(FirstApply, await Database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_orders"));
    }

    [Fact]
    public async Task CreateAsync_TwoTransactionsWritingTheSamePlan_InsertEachOrderOnceWithoutFailing()
    {
        // The unique live key alone (no advisory lock) keeps two writers of one plan from duplicating: the second's COPY
        // waits for the first's keys, fails with a unique violation once they commit, and falls back to ON CONFLICT.
        var plan = (await Generation().PlanAsync(AsOf)).Plan;
        await using var first = await Database.DataSource.OpenConnectionAsync();
        await using var second = await Database.DataSource.OpenConnectionAsync();
        await using var tx1 = await first.BeginTransactionAsync();
        await using var tx2 = await second.BeginTransactionAsync();
        var config = Config();
        await PlanWriter.SyncConfigAsync(first, tx1, config, Clock.GetCurrentInstant(), default);
        var created1 = await PlanWriter.CreateAsync(first, tx1, plan.Create, config, Clock.GetCurrentInstant(), _ => null, default);

        var pending = Task.Run(async () =>
        {
            await PlanWriter.SyncConfigAsync(second, tx2, config, Clock.GetCurrentInstant(), default);
            return await PlanWriter.CreateAsync(second, tx2, plan.Create, config, Clock.GetCurrentInstant(), _ => null, default);
        });
        await Task.Delay(300);
        await tx1.CommitAsync();
        var created2 = await pending;
        await tx2.CommitAsync();

        Assert.Equal(FirstApply, created1.References.Count);
        Assert.True(created1.NoticesWritten);   // the COPY path
        Assert.Empty(created2.References);
        Assert.False(created2.NoticesWritten);  // the unique violation sent it to the ON CONFLICT fallback
        Assert.Equal(FirstApply, await Database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_orders"));
    }

    [Fact]
    public async Task Apply_SteppingAsOfThroughAYear_CreatesEachOccurrenceExactlyOnce()
    {
        var ds = Database.DataSource;
        var start = new LocalDate(2027, 1, 1);
        var end = new LocalDate(2027, 12, 31);
        for (var asOf = start; asOf <= end; asOf = asOf.PlusDays(7))
        {
            var result = await ApplyAsync(asOf);
            Assert.Equal(0, result.CancelCount);

            // The gas engineer reports each check done on its target day before the next run.
            await ds.ExecuteAsync($"UPDATE work_orders SET status = 'completed', completed_on = target_date WHERE service = 'gas-safety' AND status = 'planned' AND target_date < '{asOf.PlusDays(7):uuuu-MM-dd}'");
            Clock.AdvanceDays(7);
        }

        Assert.Equal(0, await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE status = 'cancelled'"));
        Assert.Equal(0, await ds.ScalarAsync<int>("SELECT count(*) FROM (SELECT occurrence_key FROM work_orders GROUP BY 1 HAVING count(*) > 1) d"));
        Assert.Equal(52, await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE asset_id = 'B1' AND target_date BETWEEN '2027-01-01' AND '2027-12-31'"));
        var fixedSchedules = Config([CleanWeekly(), CleanFortnightly(), GrassCut()]);
        var wanted = new OccurrenceExpander(fixedSchedules, Calendar).Expand(Estate(), start, end, start).Select(o => o.Key).ToHashSet();
        var stored = (await ds.RowsAsync("SELECT occurrence_key FROM work_orders")).ToHashSet();
        Assert.Subset(stored, wanted);

        // Each gas check is booked for the deadline reg. 36A sets from the one before it (a check done in the early
        // window keeps the anniversary), the first from the register's last check, and is done before that deadline.
        var gas = await ds.RowsAsync("""
            SELECT asset_id, to_char(completed_on, 'YYYY-MM-DD'), to_char(deadline, 'YYYY-MM-DD') FROM work_orders
            WHERE service = 'gas-safety' ORDER BY asset_id, window_start
            """);
        Assert.Equal(["H1", "H1", "H2", "H4", "H4"], gas.Select(g => g.Split('|')[0]));
        var lastChecks = Estate().Homes.ToDictionary(h => h.Id, h => h.LastGasCheck);
        string? previousAsset = null;
        (LocalDate Deadline, LocalDate Completed)? previous = null;
        foreach (var row in gas)
        {
            var parts = row.Split('|');
            var deadline = LocalDatePattern.Iso.Parse(parts[2]).Value;
            var expected = parts[0] == previousAsset && previous is { } p
                ? GasSafetyRecord.Complete(p.Deadline, p.Completed).NextDeadline
                : GasSafetyRecord.Rule.Deadline(lastChecks[parts[0]]!.Value);
            Assert.Equal(expected, deadline);
            previousAsset = parts[0];
            previous = parts[1] == "∅" ? null : (deadline, LocalDatePattern.Iso.Parse(parts[1]).Value);
            Assert.True(previous is null || previous.Value.Completed < deadline, row);
        }
    }
}
