using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Orders;

/// <summary>
/// Apply creates orders by COPY straight into the tables, which a live order with one of the wanted keys makes fail
/// with a unique violation; apply then rolls back to its savepoint and creates them the idempotent way (staging table,
/// <c>ON CONFLICT DO NOTHING</c>) in the same transaction. The live order here is one the stored-order read does not
/// cover (closed and aimed before as-of), so the plan wants its key again — the situation the fallback is for.
/// </summary>
public class CreateFallbackTests : GenerationTestBase
{
    // Over 1 Mar .. 26 Apr 2027 (see WorkOrderGenerationTests): 20 orders, 2 of them gas for the per-order warmfix.
    private const int FirstApply = 20;

    [Theory]
    [InlineData("gas-safety", "H4", "property")]   // an order of a per-order contractor: no notice for the skipped key
    [InlineData("grass-cut", "S1", "site")]        // a parent: its path sweep follows the live order that has the key
    [InlineData("clean-weekly", "B1", "block")]    // written while the compare runs (CreateStream): the whole apply falls back
    public async Task Apply_KeyAlreadyLiveButNotPlannedAgainst_SkipsThatKeyAndWritesTheRest(string schedule, string asset, string kind)
    {
        var plan = await Generation().PlanAsync(AsOf);
        var taken = plan.Plan.Create.First(o => o.ScheduleId == schedule && o.AssetId == asset && o.Parent is null);
        var ds = Database.DataSource;
        await ds.ExecuteAsync($"""
            INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                     status, contractor_id, occurrence_key, config_version, created_at, completed_on)
            VALUES ('WO-2026-900001', '{schedule}', '{taken.Service}', '{asset}', '{kind}', '2026-12-01', '2026-12-31', '2026-12-01',
                    'completed', 'by-hand', '{taken.Key}', 'v0', '2026-12-01 09:00Z', '2026-12-01')
            """);

        var result = await ApplyAsync(AsOf);

        Assert.Equal(FirstApply - 1, result.CreateCount);
        Assert.Equal(FirstApply - 1, result.CreatedReferences.Distinct().Count());
        Assert.Equal(
            [$"WO-2026-900001|completed|{taken.Key}"],
            await ds.RowsAsync($"SELECT reference, status, occurrence_key FROM work_orders WHERE occurrence_key = '{taken.Key}'"));

        // Every created order has its created event in the audit trail and (warmfix only) its notice, nothing for the skipped key.
        Assert.Equal(FirstApply - 1, await ds.ScalarAsync<int>("SELECT count(*) FROM work_order_history WHERE kind = 'created' AND config_version = 'v1'"));
        Assert.Equal(0, await ds.ScalarAsync<int>("SELECT count(*) FROM work_order_events"));
        Assert.Equal(0, await ds.ScalarAsync<int>("""
            SELECT count(*) FROM work_orders w
            WHERE w.reference <> 'WO-2026-900001'
              AND (SELECT count(*) FROM work_order_history e WHERE e.work_order_id = w.id AND e.kind = 'created') <> 1
            """));
        Assert.Equal(
            await ds.RowsAsync("SELECT 'order/' || reference || '/0' FROM work_orders WHERE contractor_id = 'warmfix' ORDER BY id"),
            await ds.RowsAsync("SELECT idempotency_key FROM outbox_messages ORDER BY id"));

        // Follow-ups hang off the live order with their parent's key, whichever it is; the reason names it.
        Assert.Equal(0, await ds.ScalarAsync<int>("""
            SELECT count(*) FROM work_orders f JOIN work_order_history e ON e.work_order_id = f.id AND e.kind = 'created'
            LEFT JOIN work_orders p ON p.id = f.parent_id
            WHERE f.service = 'path-sweep' AND (p.id IS NULL OR e.reason <> 'follow-up of ' || p.reference)
            """));
        Assert.Equal(3, await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE service = 'path-sweep' AND parent_id IS NOT NULL"));

        var again = await ApplyAsync(AsOf);
        Assert.Equal(0, again.CreateCount);
        Assert.Equal(0, again.CancelCount);
    }
}
