using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Orders;

public class CoverageTests : GenerationTestBase
{
    /// <summary>Two cleaners in the north, and the gas engineer only in the north while H4 (gas) is in the south.</summary>
    internal static EstateConfiguration TwoGaps() => Config(contractors:
    [
        Cleaner(),
        new Contractor("shine", "Shine Ltd", "jobs@shine.example", ["block-clean"], ["north"], DispatchMode.Weekly),
        Grounds(),
        GasEngineer() with { Areas = ["north"] },
    ]);

    [Fact]
    public async Task Apply_AreaWithNoContractorAndAreaWithTwo_RefusesListingBothAndWritesNothing()
    {
        var error = await Assert.ThrowsAsync<CoverageException>(() => ApplyAsync(AsOf, TwoGaps()));

        Assert.Equal(
            ["schedule 'clean-weekly': 2 contractors serve block-clean in area north (1 block): sparkle, shine; exactly one may, so every work order has one contractor",
             "schedule 'clean-fortnightly': 2 contractors serve block-clean in area north (1 block): sparkle, shine; exactly one may, so every work order has one contractor",
             "schedule 'gas-safety': no contractor serves gas-safety in area south (1 property); add gas-safety and south to one contractor's services and areas"],
            error.Problems.Select(p => p.Message));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<int>(
            "SELECT (SELECT count(*) FROM work_orders) + (SELECT count(*) FROM contractors) + (SELECT count(*) FROM config_versions) + (SELECT count(*) FROM work_order_events)"));
    }

    [Fact]
    public async Task Plan_AreaWithNoContractor_Refuses()
    {
        var error = await Assert.ThrowsAsync<CoverageException>(() => Generation(TwoGaps()).PlanAsync(AsOf));

        Assert.Equal(3, error.Problems.Count);
    }

    [Fact]
    public async Task Apply_GapOpenedByAnImport_RefusesAndKeepsTheStoredOrders()
    {
        await ApplyAsync(AsOf);
        var before = await OrdersAsync();
        var moved = Estate(changeHomes: homes => homes.Select(h => h.Id == "H1" ? Home("H1", "B1", "S1", h.LastGasCheck, area: "east") : h));
        await ImportAsync(new EstateRegister([.. moved.Areas, new Area("east", "East patch")], moved.Sites, moved.Blocks, moved.Homes, moved.Tenants), AsOf);

        var error = await Assert.ThrowsAsync<CoverageException>(() => ApplyAsync(AsOf));

        Assert.Equal(
            ["schedule 'gas-safety': no contractor serves gas-safety in area east (1 property); add gas-safety and east to one contractor's services and areas"],
            error.Problems.Select(p => p.Message));
        Assert.Equal(before, await OrdersAsync());
    }
}
