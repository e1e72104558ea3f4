using NodaTime;
using Scheduler.Domain.Planning;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Orders.Incremental;

/// <summary>
/// When the nightly generation (<see cref="WorkOrderGeneration.GenerateAsync"/>) compares incrementally and when it falls
/// back to the full apply, and the cases only the incremental path has to think about.
/// </summary>
public sealed class NightlyGenerationTests : GenerationTestBase
{
    private Task<GenerationResult> GenerateAsync(LocalDate asOf, Scheduler.Domain.Configuration.EstateConfiguration? config = null) =>
        Generation(config).GenerateAsync(asOf);

    private async Task AssertFullCompareEmptyAsync(LocalDate asOf, Scheduler.Domain.Configuration.EstateConfiguration? config = null)
    {
        var plan = (await Generation(config).PlanAsync(asOf)).Plan;
        Assert.True(
            plan.Create.Count == 0 && plan.Cancel.Count == 0,
            $"{asOf:uuuu-MM-dd}: a full compare would create [{string.Join(", ", plan.Create.Select(o => o.Key))}] and cancel [{string.Join(", ", plan.Cancel.Select(c => c.Order.Key))}]");
    }

    [Fact]
    public async Task GenerateAsync_NoApplyYet_AppliesInFull()
    {
        var result = await GenerateAsync(AsOf);

        Assert.False(result.Scope.Incremental);
        Assert.Equal(GenerationScopes.NoWatermark, result.Scope.Reason);
        Assert.True(result.CreateCount > 0);
        await AssertFullCompareEmptyAsync(AsOf);
    }

    [Fact]
    public async Task GenerateAsync_TheDayAfterAnApply_ComparesOnlyTheNewDay()
    {
        var first = await ApplyAsync(AsOf);
        var next = await GenerateAsync(AsOf.PlusDays(1));

        Assert.True(next.Scope.Incremental, next.Scope.ToString());
        Assert.Equal(GenerationScopes.Incremental, next.Scope.Reason);
        Assert.Equal(1, next.Scope.NewDays);
        Assert.True(next.UnchangedCount < first.CreateCount / 4, $"compared {next.UnchangedCount} stored orders of {first.CreateCount}");
        await AssertFullCompareEmptyAsync(AsOf.PlusDays(1));
    }

    [Fact]
    public async Task GenerateAsync_TwiceTheSameDay_ChangesNothingTheSecondTime()
    {
        await GenerateAsync(AsOf);
        var before = await OrdersAsync();

        var again = await GenerateAsync(AsOf);

        Assert.True(again.Scope.Incremental);
        Assert.True(again.Plan.IsEmpty);
        Assert.Equal(before, await OrdersAsync());
    }

    [Fact]
    public async Task ApplyAndPlan_AfterAnApply_AlwaysCompareInFull()
    {
        await ApplyAsync(AsOf);

        var plan = await Generation().PlanAsync(AsOf.PlusDays(1));
        var apply = await ApplyAsync(AsOf.PlusDays(1));

        Assert.Equal(GenerationScope.Full(GenerationScopes.Requested), plan.Scope);
        Assert.Equal(GenerationScope.Full(GenerationScopes.Requested), apply.Scope);
        Assert.True(apply.UnchangedCount > 0);
    }

    [Fact]
    public async Task GenerateAsync_ConfigChanged_AppliesInFull()
    {
        await ApplyAsync(AsOf);
        var changed = TestEstate.Config([TestEstate.CleanWeekly(IsoDayOfWeek.Friday), TestEstate.CleanFortnightly(), TestEstate.GrassCut(), TestEstate.GasSafety()], version: "v2");

        var result = await GenerateAsync(AsOf.PlusDays(1), changed);

        Assert.Equal(GenerationScope.Full(GenerationScopes.ConfigChanged), result.Scope);
        Assert.True(result.CancelCount > 0);
        Assert.True((await GenerateAsync(AsOf.PlusDays(2), changed)).Scope.Incremental);
    }

    [Fact]
    public async Task GenerateAsync_AfterAnImport_AppliesInFull()
    {
        await ApplyAsync(AsOf);
        await ImportAsync(TestEstate.Estate(changeHomes: homes => homes.Where(h => h.Id != "H1")), AsOf.PlusDays(1));

        var result = await GenerateAsync(AsOf.PlusDays(1));

        Assert.Equal(GenerationScope.Full(GenerationScopes.RegisterChanged), result.Scope);
        await AssertFullCompareEmptyAsync(AsOf.PlusDays(1));
    }

    [Fact]
    public async Task GenerateAsync_AnyWriteToTheRegister_AppliesInFull()
    {
        await ApplyAsync(AsOf);
        await Database.DataSource.ExecuteAsync("UPDATE blocks SET name = name WHERE id = 'B1'");

        Assert.Equal(GenerationScope.Full(GenerationScopes.RegisterChanged), (await GenerateAsync(AsOf.PlusDays(1))).Scope);
    }

    [Fact]
    public async Task GenerateAsync_AsOfMovedBack_AppliesInFull()
    {
        await ApplyAsync(AsOf.PlusDays(5));

        var result = await GenerateAsync(AsOf.PlusDays(4));

        Assert.Equal(GenerationScope.Full(GenerationScopes.AsOfMovedBack), result.Scope);
        await AssertFullCompareEmptyAsync(AsOf.PlusDays(4));
    }

    [Fact]
    public async Task GenerateAsync_MoreThanAWeekAfterTheLastApply_AppliesInFull()
    {
        await ApplyAsync(AsOf);

        var within = await GenerateAsync(AsOf.PlusDays(WorkOrderGeneration.MaxIncrementalDays));
        await ApplyAsync(AsOf.PlusDays(10));
        var gap = await GenerateAsync(AsOf.PlusDays(11 + WorkOrderGeneration.MaxIncrementalDays));

        Assert.True(within.Scope.Incremental || within.Scope.Reason == GenerationScopes.Weekly, within.Scope.ToString());
        Assert.Equal(GenerationScope.Full(GenerationScopes.Gap), gap.Scope);
    }

    [Fact]
    public async Task GenerateAsync_AWeekAfterTheLastFullApply_AppliesInFull()
    {
        await ApplyAsync(AsOf);
        for (var day = 1; day < WorkOrderGeneration.FullEveryDays; day++)
        {
            Assert.True((await GenerateAsync(AsOf.PlusDays(day))).Scope.Incremental, $"day {day}");
        }

        var weekly = await GenerateAsync(AsOf.PlusDays(WorkOrderGeneration.FullEveryDays));
        var after = await GenerateAsync(AsOf.PlusDays(WorkOrderGeneration.FullEveryDays + 1));

        Assert.Equal(GenerationScope.Full(GenerationScopes.Weekly), weekly.Scope);
        Assert.True(after.Scope.Incremental);
        await AssertFullCompareEmptyAsync(AsOf.PlusDays(WorkOrderGeneration.FullEveryDays + 1));
    }

    [Fact]
    public async Task GenerateAsync_AnotherWriterCancelledAnOrder_BooksItAgainIncrementally()
    {
        await ApplyAsync(AsOf);
        var key = await Database.DataSource.ScalarAsync<string>(
            "SELECT occurrence_key FROM work_orders WHERE status = 'planned' AND service = 'block-clean' AND target_date > '2027-03-20' ORDER BY id LIMIT 1");
        await Database.DataSource.ExecuteAsync($"UPDATE work_orders SET status = 'cancelled', cancelled_reason = 'manual: test' WHERE occurrence_key = '{key}'");

        var result = await GenerateAsync(AsOf.PlusDays(1));

        Assert.True(result.Scope.Incremental);
        Assert.Contains(result.Plan.Create, o => o.Key == key);
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM work_orders WHERE occurrence_key = '{key}' AND status <> 'cancelled'"));
        await AssertFullCompareEmptyAsync(AsOf.PlusDays(1));
    }

    [Fact]
    public async Task GenerateAsync_OwnCancellations_AreNotRecordedAsChanges()
    {
        await ApplyAsync(AsOf);
        var changed = TestEstate.Config([TestEstate.CleanWeekly(IsoDayOfWeek.Friday), TestEstate.CleanFortnightly(), TestEstate.GrassCut(), TestEstate.GasSafety()], version: "v2");

        var result = await ApplyAsync(AsOf, changed);

        Assert.True(result.CancelCount > 0);
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM planning_changes"));
    }

    [Fact]
    public async Task GenerateAsync_IssuedAndAppointed_AreNotRecordedAsChanges()
    {
        await ApplyAsync(AsOf);
        await Database.DataSource.ExecuteAsync("UPDATE work_orders SET status = 'issued' WHERE status = 'planned'");
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM planning_changes"));

        await Database.DataSource.ExecuteAsync("UPDATE work_orders SET status = 'completed', completed_on = target_date WHERE id = (SELECT min(id) FROM work_orders)");
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM planning_changes"));
    }

    [Fact]
    public async Task GenerateAsync_AGasWindowEndsWithNoVisit_BooksTheOverdueVisitIncrementally()
    {
        // H1 was last checked 2026-04-20: the visit is booked in a window ending 2027-04-19. Nobody reports it.
        var windowEnd = new LocalDate(2027, 4, 19);
        await ApplyAsync(windowEnd.PlusDays(-3));
        var gasOrder = await Database.DataSource.ScalarAsync<string>("SELECT window_end::text FROM work_orders WHERE asset_id = 'H1' AND service = 'gas-safety' AND status = 'planned'");
        Assert.Equal("2027-04-19", gasOrder);

        for (var day = windowEnd.PlusDays(-2); day <= windowEnd.PlusDays(2); day = day.PlusDays(1))
        {
            var result = await GenerateAsync(day);
            Assert.True(result.Scope.Incremental, $"{day}: {result.Scope}");
            await AssertFullCompareEmptyAsync(day);
        }

        // The day after the window ended, an urgent visit was booked from that day.
        Assert.Equal(
            ["2027-04-20|2027-05-03"],
            await Database.DataSource.RowsAsync("SELECT window_start::text, window_end::text FROM work_orders WHERE asset_id = 'H1' AND service = 'gas-safety' AND window_start > '2027-04-19'"));
    }

    [Fact]
    public async Task GenerateAsync_TwoNodesAtOnce_CreateEachOrderOnce()
    {
        await ApplyAsync(AsOf);
        await using var first = Scheduler.Persistence.EstateDatabase.CreateDataSource(Database.ConnectionString);
        await using var second = Scheduler.Persistence.EstateDatabase.CreateDataSource(Database.ConnectionString);
        var a = new WorkOrderGeneration(first, TestEstate.Config(), TestEstate.Calendar, Clock);
        var b = new WorkOrderGeneration(second, TestEstate.Config(), TestEstate.Calendar, Clock);
        var before = await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders");

        var day = AsOf.PlusDays(6);
        var results = await Task.WhenAll(a.GenerateAsync(day), b.GenerateAsync(day), a.GenerateAsync(day), b.GenerateAsync(day));

        var created = results.Sum(r => r.CreateCount);
        Assert.True(created > 0);
        Assert.Single(results, r => r.CreateCount > 0);
        Assert.Equal(before + created, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders"));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT occurrence_key FROM work_orders WHERE status <> 'cancelled' GROUP BY 1 HAVING count(*) > 1) d"));
        Assert.Equal(created, await Database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM work_order_history WHERE kind = 'created' AND work_order_id IN (SELECT id FROM work_orders ORDER BY id DESC LIMIT {created})"));
        await AssertFullCompareEmptyAsync(day);
    }
}
