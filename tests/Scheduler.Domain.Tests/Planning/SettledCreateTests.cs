using NodaTime;
using Scheduler.Domain.Planning;
using static Scheduler.Domain.Tests.Planning.PlanningEstate;

namespace Scheduler.Domain.Tests.Planning;

/// <summary>
/// <c>Planner.Compare</c> with a <c>settledCreate</c> callback
/// reports leading creations while it compares, so storage can write them early: whatever it reports must be exactly
/// the first entries of the plan's creations, in order, and the plan must be the one computed without the callback.
/// </summary>
public class SettledCreateTests
{
    private static readonly LocalDate AsOf = new(2027, 3, 1);

    [Fact]
    public void Compare_NothingStored_ReportsTheNewParentsAheadOfTheFloatingVisitsAndFollowUps()
    {
        var config = Config([CleanWeekly(), GrassCut(), GasSafety()]);
        var register = Register(sites: [Site("S1")], blocks: [Block("B1", "weekly")], homes: [Home("H1", new LocalDate(2026, 4, 20))]);
        var settled = new List<Occurrence>();

        var plan = Planner.Compare(config, register, Desired(config, register, AsOf), [], AsOf, AsOf.PlusWeeks(8), settled.Add);

        Assert.NotEmpty(settled);
        Assert.Equal(plan.Create.Take(settled.Count), settled);
        Assert.All(settled, o => Assert.Null(o.Parent));
        Assert.DoesNotContain(settled, o => o.ScheduleId == "gas-safety");
        Assert.Contains(plan.Create, o => o.ScheduleId == "gas-safety");
        Assert.Contains(plan.Create, o => o.Parent is not null);
        Assert.Equal(Keys(Compare(config, register, [], AsOf).Create), Keys(plan.Create));
    }

    [Fact]
    public void Compare_ParentReplaced_ReportsOnlyTheCreationsBeforeIt()
    {
        var register = Register(sites: [Site("S1")], blocks: [Block("B1", "weekly")]);
        var store = new MemoryStore();
        store.Apply(Compare(Config([GrassCut()]), register, store.Orders, AsOf));
        var mowright = Config([CleanWeekly(), GrassCut()], [Cleaner(), Grounds("mowright"), GasEngineer()]);
        var settled = new List<Occurrence>();

        var plan = Planner.Compare(mowright, register, Desired(mowright, register, AsOf), store.Orders, AsOf, AsOf.PlusWeeks(8), settled.Add);

        // Every grass cut is replaced (its cancellation must be written first), so nothing at or after the first one is
        // reported: the block cleans expanded before it are, in order.
        Assert.NotEmpty(plan.Cancel);
        Assert.Equal(plan.Create.Take(settled.Count), settled);
        Assert.All(settled, o => Assert.Equal("clean-weekly", o.ScheduleId));
        var firstReplacement = Desired(mowright, register, AsOf).FindIndex(o => o.ScheduleId == "grass-cut");
        Assert.Equal(Desired(mowright, register, AsOf).Take(firstReplacement).Count(o => o.ScheduleId == "clean-weekly"), settled.Count);
        Assert.Equal(Keys(Compare(mowright, register, store.Orders, AsOf).Create), Keys(plan.Create));
    }

    [Fact]
    public void Compare_EverythingStored_ReportsNothing()
    {
        var config = Config([CleanWeekly(), GrassCut()]);
        var register = Register(sites: [Site("S1")], blocks: [Block("B1", "weekly")]);
        var store = new MemoryStore();
        store.Apply(Compare(config, register, store.Orders, AsOf));
        var settled = new List<Occurrence>();

        var plan = Planner.Compare(config, register, Desired(config, register, AsOf), store.Orders, AsOf, AsOf.PlusWeeks(8), settled.Add);

        Assert.True(plan.IsEmpty);
        Assert.Empty(settled);
    }

    private static List<string> Keys(IEnumerable<Occurrence> occurrences) => [.. occurrences.Select(o => o.Key)];
}
