using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Orders.Incremental;

/// <summary>
/// What another writer's change makes the next incremental night compare (branch <c>days7</c>): a fixed schedule's visit
/// reported done or no-access (<c>planning_changes.visit_closed</c>) changes no plan and is not compared; any other change,
/// and any change of a floating schedule, still compares its asset whole. And the floating history a process keeps from its
/// own last apply (<see cref="PlanningRegisterCache.HistoryHits"/>): used only while no other apply ran since.
/// </summary>
public sealed class NightlyChangesTests : GenerationTestBase
{
    private readonly PlanningRegisterCache _kept = new();

    private WorkOrderGeneration Kept() => new(Database.DataSource, TestEstate.Config(), TestEstate.Calendar, Clock, _kept);

    private async Task AssertFullCompareEmptyAsync(NodaTime.LocalDate asOf)
    {
        var plan = (await Generation().PlanAsync(asOf)).Plan;
        Assert.True(
            plan.Create.Count == 0 && plan.Cancel.Count == 0,
            $"{asOf:uuuu-MM-dd}: a full compare would create [{string.Join(", ", plan.Create.Select(o => o.Key))}] and cancel [{string.Join(", ", plan.Cancel.Select(c => c.Order.Key))}]");
    }

    private Task<List<string>> ChangesAsync() =>
        Database.DataSource.RowsAsync("SELECT schedule_id, asset_id, visit_closed::text FROM planning_changes ORDER BY id");

    [Theory]
    [InlineData("status = 'completed', completed_on = target_date, completed_at = now()", "true")]
    [InlineData("status = 'no-access', completed_on = target_date", "true")]
    [InlineData("status = 'cancelled', cancelled_reason = 'manual: test'", "false")]
    [InlineData("status = 'completed', completed_on = target_date, contractor_id = 'other'", "false")]
    [InlineData("status = 'completed', completed_on = target_date, target_date = target_date + 1", "false")]
    [InlineData("window_end = window_end + 1", "false")]
    public async Task Trigger_AChangeToAnOpenOrder_RecordsWhetherOnlyTheVisitWasReported(string set, string visitClosed)
    {
        await ApplyAsync(AsOf);

        await Database.DataSource.ExecuteAsync(
            $"UPDATE work_orders SET {set} WHERE id = (SELECT min(id) FROM work_orders WHERE status = 'planned' AND asset_id = 'B1')");

        Assert.Equal([$"clean-weekly|B1|{visitClosed}"], await ChangesAsync());
    }

    [Fact]
    public async Task Trigger_AClosedOrderReopened_IsNotAVisitReported()
    {
        await ApplyAsync(AsOf);
        await Database.DataSource.ExecuteAsync(
            "UPDATE work_orders SET status = 'completed', completed_on = target_date WHERE id = (SELECT min(id) FROM work_orders WHERE asset_id = 'B1')");
        await Database.DataSource.ExecuteAsync("DELETE FROM planning_changes");

        await Database.DataSource.ExecuteAsync(
            "UPDATE work_orders SET status = 'planned', completed_on = NULL WHERE id = (SELECT min(id) FROM work_orders WHERE asset_id = 'B1')");

        Assert.Equal(["clean-weekly|B1|false"], await ChangesAsync());
    }

    [Fact]
    public async Task GenerateAsync_AFixedScheduleVisitReported_DoesNotCompareItsAssetWhole()
    {
        await ApplyAsync(AsOf);

        // B1's first clean is reported done (a visit closed); B2's first clean is cancelled by another writer (compared whole).
        await Database.DataSource.ExecuteAsync(
            "UPDATE work_orders SET status = 'completed', completed_on = target_date WHERE id = (SELECT min(id) FROM work_orders WHERE asset_id = 'B1')");
        await Database.DataSource.ExecuteAsync(
            "UPDATE work_orders SET status = 'cancelled', cancelled_reason = 'manual: test' WHERE id = (SELECT min(id) FROM work_orders WHERE asset_id = 'B2')");
        var b1Open = await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE asset_id = 'B1' AND status = 'planned'");

        var day = AsOf.PlusDays(1);
        var result = await Generation().GenerateAsync(day);

        Assert.True(result.Scope.Incremental, result.Scope.ToString());
        var horizonEnd = Generation().HorizonEnd(day);
        Assert.DoesNotContain(result.Plan.Unchanged, o => o.AssetId == "B1" && o.TargetDate < horizonEnd); // B1 not compared whole
        Assert.True(b1Open > 3, $"B1 has {b1Open} open cleans");
        Assert.Contains(result.Plan.Unchanged, o => o.AssetId == "B2"); // B2 compared whole
        Assert.Single(result.Plan.Create, o => o.AssetId == "B2"); // its cancelled clean booked again
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM planning_changes"));
        await AssertFullCompareEmptyAsync(day);
    }

    [Fact]
    public async Task GenerateAsync_AGasVisitReportedNoAccess_ComparesTheHomeWhole()
    {
        await ApplyAsync(AsOf);
        var day = AsOf.PlusDays(1);

        // A visit closed, but of a floating schedule: the no-access order no longer covers H1's check, so one is booked again.
        await Database.DataSource.ExecuteAsync(
            $"UPDATE work_orders SET status = 'no-access', completed_on = '{AsOf:uuuu-MM-dd}' WHERE asset_id = 'H1' AND service = 'gas-safety' AND status = 'planned'");
        Assert.Equal(["gas-safety|H1|true"], await ChangesAsync());

        var result = await Generation().GenerateAsync(day);

        Assert.True(result.Scope.Incremental, result.Scope.ToString());
        Assert.Single(result.Plan.Create, o => o.AssetId == "H1");
        await AssertFullCompareEmptyAsync(day);
    }

    [Fact]
    public async Task GenerateAsync_NightsOfOneProcess_KeepTheFloatingHistoryAndLearnItsChanges()
    {
        await Kept().ApplyAsync(AsOf);
        for (var n = 1; n <= 3; n++)
        {
            var day = AsOf.PlusDays(n);
            if (n == 2)
            {
                // H1's gas check (window to 2027-04-19) is reported inside its early window: it counts as made on the deadline,
                // so no visit is due within the horizon. A history that did not learn it would book H1 again from today.
                await Database.DataSource.ExecuteAsync(
                    $"UPDATE work_orders SET status = 'completed', completed_on = '{AsOf.PlusDays(1):uuuu-MM-dd}' WHERE asset_id = 'H1' AND service = 'gas-safety' AND status = 'planned'");
            }

            var result = await Kept().GenerateAsync(day);
            Assert.True(result.Scope.Incremental, $"{day}: {result.Scope}");
            await AssertFullCompareEmptyAsync(day);
        }

        Assert.Equal((3L, 0L), (_kept.HistoryHits, _kept.HistoryMisses));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE asset_id = 'H1' AND service = 'gas-safety' AND status <> 'completed'"));
    }

    [Fact]
    public async Task GenerateAsync_AnotherProcessAppliedInBetween_ReadsTheFloatingHistoryWhole()
    {
        await Kept().ApplyAsync(AsOf);
        await Kept().GenerateAsync(AsOf.PlusDays(1));

        // Another node's night (its own cache: nothing kept) takes the changes recorded since: ours cannot know them.
        await Database.DataSource.ExecuteAsync(
            $"UPDATE work_orders SET status = 'completed', completed_on = '{AsOf.PlusDays(1):uuuu-MM-dd}' WHERE asset_id = 'H1' AND service = 'gas-safety' AND status = 'planned'");
        var other = await new WorkOrderGeneration(Database.DataSource, TestEstate.Config(), TestEstate.Calendar, Clock, new PlanningRegisterCache())
            .GenerateAsync(AsOf.PlusDays(2));
        Assert.True(other.Scope.Incremental, other.Scope.ToString());

        var ours = await Kept().GenerateAsync(AsOf.PlusDays(3));

        Assert.True(ours.Scope.Incremental, ours.Scope.ToString());
        Assert.Equal((1L, 1L), (_kept.HistoryHits, _kept.HistoryMisses)); // the second night read it whole: another apply ran
        await AssertFullCompareEmptyAsync(AsOf.PlusDays(3));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE asset_id = 'H1' AND service = 'gas-safety' AND status <> 'completed'"));
    }
}
