using Scheduler.Domain.Estate;
using Scheduler.Persistence.Orders;

namespace Scheduler.Persistence.Tests.Orders.Nights;

/// <summary>An incremental night picks the assets it compares whole out of the kept register by their places in it.</summary>
public sealed class RegisterPositionsTests
{
    [Fact]
    public void Pick_SomeIdsAndOthersNotInTheList_GivesWhatAFilterOfTheListGivesInItsOrder()
    {
        var random = new Random(19);
        var homes = Enumerable.Range(1, 500).Select(i => TestEstate.Home($"H{random.Next(100_000):00000}-{i}", null, null, null)).ToList();
        var register = new EstateRegister([new Area("north", "North patch")], [], [], homes, []);
        var ids = homes.Where(_ => random.Next(5) == 0).Select(h => h.Id).Append("not-a-home").ToHashSet(StringComparer.Ordinal);

        var positions = RegisterPositions.Of(register);
        var picked = RegisterPositions.Pick(register.Homes, positions.Homes, ids);

        Assert.Equal(register.Homes.Where(h => ids.Contains(h.Id)), picked);
        Assert.Same(positions, RegisterPositions.Of(register));
        Assert.Empty(RegisterPositions.Pick(register.Blocks, positions.Blocks, ids));
    }

    [Fact]
    public void Pick_ListAlreadyInIdOrder_GivesWhatAFilterOfTheListGivesInItsOrder()
    {
        var homes = Enumerable.Range(1, 300).Select(i => TestEstate.Home($"H{i:0000}", null, null, null)).ToList();
        var register = new EstateRegister([new Area("north", "North patch")], [], [], homes, []);
        var ids = homes.Where((_, i) => i % 7 == 3).Select(h => h.Id).Append("H9999").ToHashSet(StringComparer.Ordinal);

        var positions = RegisterPositions.Of(register);

        Assert.Equal(register.Homes.Where(h => ids.Contains(h.Id)), RegisterPositions.Pick(register.Homes, positions.Homes, ids));
        Assert.Equal(-1, RegisterPositions.IndexOf(register.Homes, positions.Homes, "H0000"));
        Assert.Equal(299, RegisterPositions.IndexOf(register.Homes, positions.Homes, "H0300"));
    }
}
