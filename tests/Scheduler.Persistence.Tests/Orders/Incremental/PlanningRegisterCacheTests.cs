using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Orders.Incremental;

/// <summary>
/// The register the nightly generation keeps between nights (<see cref="PlanningRegisterCache"/>): used only while the
/// database's register version is the one it was read at, in the database it was read from; any write to the register
/// (an import, another writer's statement) makes the next generation read it again, and what it plans is what a
/// generation that reads the register would plan.
/// </summary>
public sealed class PlanningRegisterCacheTests : GenerationTestBase
{
    private readonly PlanningRegisterCache _kept = new();

    private WorkOrderGeneration Kept(Scheduler.Domain.Configuration.EstateConfiguration? config = null) =>
        new(Database.DataSource, config ?? TestEstate.Config(), TestEstate.Calendar, Clock, _kept);

    private async Task AssertFullCompareEmptyAsync(NodaTime.LocalDate asOf)
    {
        var plan = (await Generation().PlanAsync(asOf)).Plan;
        Assert.True(
            plan.Create.Count == 0 && plan.Cancel.Count == 0,
            $"{asOf:uuuu-MM-dd}: a full compare would create [{string.Join(", ", plan.Create.Select(o => o.Key))}] and cancel [{string.Join(", ", plan.Cancel.Select(c => c.Order.Key))}]");
    }

    [Fact]
    public async Task GenerateAsync_NothingWrittenToTheRegister_ReadsItOnceAndKeepsIt()
    {
        var first = await Kept().GenerateAsync(AsOf);
        var second = await Kept().GenerateAsync(AsOf.PlusDays(1));
        var third = await Kept().GenerateAsync(AsOf.PlusDays(2));

        Assert.True(first.ReadRegister);
        Assert.True(second.Scope.Incremental, second.Scope.ToString());
        Assert.False(second.ReadRegister);
        Assert.False(third.ReadRegister);
        Assert.Equal((1L, 2L), (_kept.Misses, _kept.Hits));
        Assert.Equal(await Database.DataSource.ScalarAsync<long>("SELECT version FROM register_version"), _kept.Version);
        await AssertFullCompareEmptyAsync(AsOf.PlusDays(2));
    }

    [Fact]
    public async Task GenerateAsync_AnImportBetweenNights_ReadsTheNewRegister()
    {
        await Kept().GenerateAsync(AsOf);
        await Kept().GenerateAsync(AsOf.PlusDays(1));
        var h5 = TestEstate.Home("H5", "B1", "S1", new NodaTime.LocalDate(2026, 5, 1));
        await ImportAsync(TestEstate.Estate(changeHomes: homes => homes.Append(h5)), AsOf.PlusDays(2));

        var result = await Kept().GenerateAsync(AsOf.PlusDays(2));

        Assert.Equal(GenerationScope.Full(GenerationScopes.RegisterChanged), result.Scope);
        Assert.Equal(2, _kept.Misses);
        Assert.NotEmpty(await Database.DataSource.RowsAsync("SELECT reference FROM work_orders WHERE asset_id = 'H5'")); // not in the kept register
        await AssertFullCompareEmptyAsync(AsOf.PlusDays(2));

        // The next night uses the register read after the import.
        var next = await Kept().GenerateAsync(AsOf.PlusDays(3));
        Assert.False(next.ReadRegister);
        await AssertFullCompareEmptyAsync(AsOf.PlusDays(3));
    }

    [Fact]
    public async Task GenerateAsync_AnotherWriterReactivatesAHome_ReadsTheRegisterAgain()
    {
        await Database.DataSource.ExecuteAsync("UPDATE homes SET active = false WHERE id = 'H1'");
        await Kept().GenerateAsync(AsOf);
        await Kept().GenerateAsync(AsOf.PlusDays(1));
        Assert.Empty(await Database.DataSource.RowsAsync("SELECT reference FROM work_orders WHERE asset_id = 'H1'"));

        // Not an import: any statement on a register table, from any process, raises the version.
        await Database.DataSource.ExecuteAsync("UPDATE homes SET active = true WHERE id = 'H1'");
        var result = await Kept().GenerateAsync(AsOf.PlusDays(2));

        Assert.True(result.ReadRegister);
        Assert.Equal((2L, 1L), (_kept.Misses, _kept.Hits));
        Assert.NotEmpty(await Database.DataSource.RowsAsync("SELECT reference FROM work_orders WHERE asset_id = 'H1'"));
        await AssertFullCompareEmptyAsync(AsOf.PlusDays(2));
    }

    [Fact]
    public async Task ApplyAsync_ConfigChanged_UsesTheKeptRegisterAndPlansAsAReadOne()
    {
        await Kept().GenerateAsync(AsOf);
        var changed = TestEstate.Config(
            [TestEstate.CleanWeekly(NodaTime.IsoDayOfWeek.Friday), TestEstate.CleanFortnightly(), TestEstate.GrassCut(), TestEstate.GasSafety()],
            version: "v2");

        var result = await Kept(changed).GenerateAsync(AsOf.PlusDays(1));

        // The register does not depend on the configuration: the full compare the config change asks for uses the one kept.
        Assert.Equal(GenerationScope.Full(GenerationScopes.ConfigChanged), result.Scope);
        Assert.Equal((1L, 1L), (_kept.Misses, _kept.Hits));
        var plan = (await Generation(changed).PlanAsync(AsOf.PlusDays(1))).Plan;
        Assert.True(plan.Create.Count == 0 && plan.Cancel.Count == 0, "a full compare that reads the register finds nothing to do");
    }

    [Fact]
    public async Task GenerateAsync_ConfigChangedToOneThatLeavesAGap_RefusesWithTheKeptRegister()
    {
        await Kept().GenerateAsync(AsOf);
        await Kept().GenerateAsync(AsOf.PlusDays(1));
        var before = await OrdersAsync();
        var gaps = CoverageTests.TwoGaps() with { Version = "v2" };

        // The kept register was found covered by v1 only: v2 is checked, and refused as a read register would be.
        var error = await Assert.ThrowsAsync<CoverageException>(() => Kept(gaps).GenerateAsync(AsOf.PlusDays(2)));

        Assert.Equal(3, error.Problems.Count);
        Assert.Equal((1L, 2L), (_kept.Misses, _kept.Hits));
        Assert.Equal(before, await OrdersAsync());
    }

    [Fact]
    public async Task GenerateAsync_SameCacheAnotherDatabaseAtTheSameVersion_ReadsThatDatabasesRegister()
    {
        await Kept().GenerateAsync(AsOf);
        await using var other = await EstateTestDatabase.CreateAsync();
        await new Scheduler.Persistence.Register.RegisterImporter(other.DataSource, Clock)
            .ImportAsync(TestEstate.Estate(changeHomes: homes => homes.Where(h => h.Id != "H1")), "test", AsOf);
        Assert.Equal(
            await Database.DataSource.ScalarAsync<long>("SELECT version FROM register_version"),
            await other.DataSource.ScalarAsync<long>("SELECT version FROM register_version"));

        var result = await new WorkOrderGeneration(other.DataSource, TestEstate.Config(), TestEstate.Calendar, Clock, _kept).GenerateAsync(AsOf);

        Assert.True(result.ReadRegister);
        Assert.Equal(2, _kept.Misses);
        Assert.Empty(await other.DataSource.RowsAsync("SELECT reference FROM work_orders WHERE asset_id = 'H1'"));
    }
}
