using NodaTime;
using Scheduler.Domain.Planning;
using static Scheduler.Domain.Tests.Planning.PlanningEstate;

namespace Scheduler.Domain.Tests.Planning;

/// <summary>
/// Which open stored visit covers a floating visit whose window moved on with as-of (<see cref="Planner"/>: the open
/// floating order of the same schedule, asset and service, not a follow-up, whose window overlaps, aimed first; the first
/// in the stored order among those aimed that day), when a home has several candidates and other rows beside them.
/// </summary>
public class PlannerCoverTests
{
    private static readonly LocalDate Later = new(2027, 4, 5);

    [Fact]
    public void Compare_SeveralOpenVisitsOverlapTheMovedWindow_TheOneAimedFirstCoversItTheFirstStoredOnATie()
    {
        var config = Config([GasSafety(), GasSafety() with { Id = "gas-annual" }]);
        var register = Register(homes: [Home("H1", new LocalDate(2026, 5, 20)), Home("H2", new LocalDate(2026, 5, 20))]);
        var wanted = Desired(config, register, Later).Where(o => o.AssetId == "H1").ToDictionary(o => o.ScheduleId);
        var window = wanted["gas-safety"].Window;
        Assert.Equal(Later, window.Start); // the window has moved on with as-of: no stored key is the wanted one

        StoredOrder Gas(string reference, string assetId, int startsDaysBefore, LocalDate target, WorkOrderStatus status = WorkOrderStatus.Planned, string schedule = "gas-safety")
        {
            var start = window.Start.PlusDays(-startsDaysBefore);
            return new StoredOrder(
                reference, $"{schedule}/{assetId}/{start:uuuu-MM-dd}/gas-safety", schedule, "gas-safety", assetId, new ServiceWindow(start, window.End),
                target, status, "warmfix");
        }

        var stored = new List<StoredOrder>
        {
            Gas("WO-2027-000001", "H1", 15, Later.PlusDays(10)), // overlaps, aimed later
            Gas("WO-2027-000002", "H2", 14, Later.PlusDays(1)), // another home's, aimed earliest
            Gas("WO-2027-000003", "H1", 13, Later.PlusDays(1), WorkOrderStatus.Cancelled), // not live
            Gas("WO-2027-000004", "H1", 12, Later.PlusDays(2), WorkOrderStatus.Completed), // not open
            Gas("WO-2027-000005", "H1", 11, Later.PlusDays(3), schedule: "gas-annual"), // another schedule's: covers that one
            Gas("WO-2027-000006", "H1", 10, Later.PlusDays(4)), // aimed first of this schedule's: the cover
            Gas("WO-2027-000007", "H1", 9, Later.PlusDays(4)), // aimed the same day, stored after it
            new("WO-2027-000008", "gas-safety/H1/2027-01-04/gas-safety", "gas-safety", "gas-safety", "H1",
                new ServiceWindow(new LocalDate(2027, 1, 4), new LocalDate(2027, 2, 1)), new LocalDate(2027, 1, 11), WorkOrderStatus.Planned, "warmfix"), // no overlap
        };

        var plan = Compare(config, register, stored, Later);

        var unchanged = plan.Unchanged.Select(o => o.Reference).ToHashSet();
        Assert.Contains("WO-2027-000006", unchanged); // covers H1's gas-safety visit
        Assert.Contains("WO-2027-000005", unchanged); // covers H1's gas-annual visit
        Assert.Contains("WO-2027-000002", unchanged); // covers H2's gas-safety visit
        Assert.DoesNotContain("WO-2027-000008", unchanged); // history (aimed before as-of) that covers nothing: left as it is
        Assert.DoesNotContain(plan.Create, o => o.AssetId == "H1" || (o.AssetId == "H2" && o.ScheduleId == "gas-safety"));
        Assert.Equal(
            ["WO-2027-000001", "WO-2027-000007"], // the rest of H1's open gas-safety visits, no longer wanted
            plan.Cancel.Select(c => c.Order.Reference).Order(StringComparer.Ordinal));
        Assert.All(plan.Cancel, c => Assert.Equal(CancellationReason.ScheduleChanged, c.Reason));
    }

    [Fact]
    public void Compare_TheVisitAimedFirstHasItsCheckRecorded_TheNextOneCoversAndItIsCancelledCheckMade()
    {
        var config = Config([GasSafety()]);
        var register = Register(homes: [Home("H1", new LocalDate(2026, 5, 20))]);
        var window = Desired(config, register, Later).Single().Window;

        // The register's check (20 May 2026) is on or after the first visit's window opened, not the second's.
        var recorded = new StoredOrder(
            "WO-2027-000001", "gas-safety/H1/2026-05-01/gas-safety", "gas-safety", "gas-safety", "H1",
            new ServiceWindow(new LocalDate(2026, 5, 1), window.End), Later.PlusDays(1), WorkOrderStatus.Planned, "warmfix");
        var cover = new StoredOrder(
            "WO-2027-000002", $"gas-safety/H1/{window.Start.PlusDays(-5):uuuu-MM-dd}/gas-safety", "gas-safety", "gas-safety", "H1",
            new ServiceWindow(window.Start.PlusDays(-5), window.End), Later.PlusDays(6), WorkOrderStatus.Planned, "warmfix");

        var plan = Compare(config, register, [recorded, cover], Later);

        Assert.Equal("WO-2027-000002", Assert.Single(plan.Unchanged).Reference);
        var cancelled = Assert.Single(plan.Cancel);
        Assert.Equal("WO-2027-000001", cancelled.Order.Reference);
        Assert.Equal(CancellationReason.CheckMade, cancelled.Reason);
        Assert.Empty(plan.Create);
    }

    /// <summary>
    /// A gas deadline moved earlier while its order is open (docs/gas-safety.md, A deadline moved earlier): the register's
    /// check corrected back a few weeks, so the wanted visit's deadline is 20 May 2027 where the open order was made for
    /// 10 June. Their windows overlap, but the stored order runs past the wanted visit's end, so it covers nothing: it is
    /// cancelled <see cref="CancellationReason.DeadlineEarlier"/> and the wanted visit is created — planned, issued or
    /// appointed, and also once its target day has passed (history otherwise). Until branch <c>gas35</c> it was kept with
    /// its later window and deadline, and nothing was written.
    /// </summary>
    [Theory]
    [InlineData(WorkOrderStatus.Planned, 12)]
    [InlineData(WorkOrderStatus.Issued, 12)]
    [InlineData(WorkOrderStatus.Appointed, 12)]
    [InlineData(WorkOrderStatus.Appointed, 1)] // aimed before as-of: history, replaced all the same
    public void Compare_TheDeadlineMovedEarlierWhileTheOpenOrderOverlaps_TheOrderIsReplacedByTheEarlierWindow(WorkOrderStatus status, int targetDay)
    {
        var config = Config([GasSafety()]);
        var register = Register(homes: [Home("H1", new LocalDate(2026, 5, 20))]);
        var wanted = Desired(config, register, Later).Single();
        Assert.Equal(new ServiceWindow(Later, new LocalDate(2027, 5, 19)), wanted.Window); // due 20 May 2027

        var start = targetDay < Later.Day ? new LocalDate(2027, 4, 1) : new LocalDate(2027, 4, 10);
        var stored = new StoredOrder(
            "WO-2027-000001", $"gas-safety/H1/{start:uuuu-MM-dd}/gas-safety", "gas-safety", "gas-safety", "H1",
            new ServiceWindow(start, new LocalDate(2027, 6, 9)), new LocalDate(2027, 4, targetDay), status, "warmfix")
        {
            Deadline = new LocalDate(2027, 6, 10),
        };

        var plan = Compare(config, register, [stored], Later);

        Assert.Empty(plan.Unchanged);
        var cancelled = Assert.Single(plan.Cancel);
        Assert.Equal("WO-2027-000001", cancelled.Order.Reference);
        Assert.Equal(CancellationReason.DeadlineEarlier, cancelled.Reason);
        Assert.Equal(
            $"the check is due earlier than the deadline 2027-06-10 this order was made for: schedule 'gas-safety' now wants the visit in window 2027-04-05..2027-05-19, and this order's window {start:uuuu-MM-dd}..2027-06-09 runs past it",
            cancelled.Detail);
        Assert.Equal(wanted, Assert.Single(plan.Create));

        // Applied (the new order stored, the old one cancelled), the next compare keeps the new order and writes nothing.
        var applied = ToStored(wanted, "WO-2027-000002") with { Deadline = new LocalDate(2027, 5, 20) };
        var again = Compare(config, register, [stored with { Status = WorkOrderStatus.Cancelled }, applied], Later.PlusDays(1));
        Assert.Empty(again.Create);
        Assert.Empty(again.Cancel);
        Assert.Equal("WO-2027-000002", Assert.Single(again.Unchanged).Reference);
    }

    /// <summary>
    /// The register's check corrected back by more than a year: the home is overdue, so the wanted visit is an urgent one
    /// (a 14-day window from as-of). The open on-time order for June runs past it and is replaced; an overdue home's urgent
    /// order of the day before (its window ends a day before the wanted one's) still covers it.
    /// </summary>
    [Fact]
    public void Compare_TheDeadlineMovedIntoThePast_TheOnTimeOrderIsReplacedByAnUrgentOne_AnUrgentOrderStillCovers()
    {
        var config = Config([GasSafety()]);
        var register = Register(homes: [Home("H1", new LocalDate(2026, 4, 1)), Home("H2", new LocalDate(2026, 4, 1))]);
        var wanted = Desired(config, register, Later).Where(o => o.AssetId == "H1").Single();
        Assert.Equal(new ServiceWindow(Later, Later.PlusDays(13)), wanted.Window); // overdue since 1 Apr 2027

        var onTime = new StoredOrder(
            "WO-2027-000001", "gas-safety/H1/2027-04-10/gas-safety", "gas-safety", "gas-safety", "H1",
            new ServiceWindow(new LocalDate(2027, 4, 10), new LocalDate(2027, 6, 9)), new LocalDate(2027, 4, 12), WorkOrderStatus.Appointed, "warmfix")
        {
            Deadline = new LocalDate(2027, 6, 10),
        };
        var urgent = new StoredOrder(
            "WO-2027-000002", "gas-safety/H2/2027-04-04/gas-safety", "gas-safety", "gas-safety", "H2",
            new ServiceWindow(Later.PlusDays(-1), Later.PlusDays(12)), Later, WorkOrderStatus.Appointed, "warmfix")
        {
            Deadline = new LocalDate(2027, 4, 1),
        };

        var plan = Compare(config, register, [onTime, urgent], Later);

        Assert.Equal("WO-2027-000002", Assert.Single(plan.Unchanged).Reference);
        var cancelled = Assert.Single(plan.Cancel);
        Assert.Equal(("WO-2027-000001", CancellationReason.DeadlineEarlier), (cancelled.Order.Reference, cancelled.Reason));
        Assert.Equal(wanted, Assert.Single(plan.Create));
    }

    /// <summary>
    /// The deadline as it was (the window moved on with as-of only): the open order ends on the wanted visit's last day, with
    /// the same deadline, and covers it, whatever its status; nothing changes. A day earlier (the register corrected back
    /// by a day) and it runs past: replaced.
    /// </summary>
    [Theory]
    [InlineData(10, false)]
    [InlineData(9, true)]
    public void Compare_TheDeadlineAsItWas_TheOpenOrderCovers_ADayEarlier_ItIsReplaced(int registerDay, bool replaced)
    {
        var config = Config([GasSafety()]);
        var register = Register(homes: [Home("H1", new LocalDate(2026, 6, registerDay))]);
        var wanted = Desired(config, register, Later).Single();
        var stored = new StoredOrder(
            "WO-2027-000001", "gas-safety/H1/2027-04-01/gas-safety", "gas-safety", "gas-safety", "H1",
            new ServiceWindow(new LocalDate(2027, 4, 1), new LocalDate(2027, 6, 9)), new LocalDate(2027, 4, 1), WorkOrderStatus.Appointed, "warmfix")
        {
            Deadline = new LocalDate(2027, 6, 10), // counted from 10 Jun 2026
        };

        var plan = Compare(config, register, [stored], Later);

        if (replaced)
        {
            Assert.Equal(new LocalDate(2027, 6, 8), wanted.Window.End);
            Assert.Equal(CancellationReason.DeadlineEarlier, Assert.Single(plan.Cancel).Reason);
            Assert.Equal(wanted, Assert.Single(plan.Create));
            Assert.Empty(plan.Unchanged);
        }
        else
        {
            Assert.Equal("WO-2027-000001", Assert.Single(plan.Unchanged).Reference);
            Assert.Empty(plan.Create);
            Assert.Empty(plan.Cancel);
        }
    }
}
