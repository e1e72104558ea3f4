using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Orders.Nights;

/// <summary>
/// What the nightly generation's weekly full compare (<see cref="WorkOrderGeneration.FullEveryDays"/>) repairs: writes
/// the <c>planning_changes</c> trigger does not see, which the incremental nights in between trust never to happen
/// (docs/database.md, "What the weekly full compare guards").
/// </summary>
public sealed class WeeklyCompareTests : GenerationTestBase
{
    private const string Later = "status = 'planned' AND service = 'block-clean' AND target_date > '2027-03-20'";

    [Fact]
    public async Task GenerateAsync_OrdersDeletedOrCancelledBehindTheTrigger_AreMadeAgainByTheWeeklyCompare()
    {
        await ApplyAsync(AsOf);
        Assert.True(await Database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM work_orders WHERE {Later}") >= 2);
        var deleted = await Database.DataSource.ScalarAsync<string>($"SELECT occurrence_key FROM work_orders WHERE {Later} ORDER BY id LIMIT 1");
        var cancelled = await Database.DataSource.ScalarAsync<string>($"SELECT occurrence_key FROM work_orders WHERE {Later} ORDER BY id DESC LIMIT 1");

        // A delete (the trigger is on UPDATE only) and an update with the trigger off: nothing recorded.
        await Database.DataSource.ExecuteAsync($"DELETE FROM work_orders WHERE occurrence_key = '{deleted}'");
        await Database.DataSource.ExecuteAsync(
            $"""
            ALTER TABLE work_orders DISABLE TRIGGER work_orders_planning_changes;
            UPDATE work_orders SET status = 'cancelled', cancelled_reason = 'manual: test' WHERE occurrence_key = '{cancelled}';
            ALTER TABLE work_orders ENABLE TRIGGER work_orders_planning_changes;
            """);
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM planning_changes"));

        for (var day = 1; day < WorkOrderGeneration.FullEveryDays; day++)
        {
            var night = await Generation().GenerateAsync(AsOf.PlusDays(day));
            Assert.True(night.Scope.Incremental, $"day {day}: {night.Scope}");
            Assert.Equal(AsOf.PlusDays(WorkOrderGeneration.FullEveryDays), night.FullDueOn);
        }

        Assert.Equal(0, await LiveAsync(deleted) + await LiveAsync(cancelled));

        var weekly = await Generation().GenerateAsync(AsOf.PlusDays(WorkOrderGeneration.FullEveryDays));

        Assert.Equal(GenerationScope.Full(GenerationScopes.Weekly), weekly.Scope);
        Assert.Equal(AsOf.PlusDays(2 * WorkOrderGeneration.FullEveryDays), weekly.FullDueOn);
        Assert.Equal(2, weekly.CreateCount); // (the week's new days were made by the nights before it)
        Assert.Equal(1, await LiveAsync(deleted));
        Assert.Equal(1, await LiveAsync(cancelled));
        var full = (await Generation().PlanAsync(AsOf.PlusDays(WorkOrderGeneration.FullEveryDays))).Plan;
        Assert.True(full.IsEmpty);
    }

    private Task<long> LiveAsync(string key) =>
        Database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM work_orders WHERE occurrence_key = '{key}' AND status <> 'cancelled'");
}
