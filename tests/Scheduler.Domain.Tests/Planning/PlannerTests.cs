using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Planning;
using static Scheduler.Domain.Tests.Planning.PlanningEstate;

namespace Scheduler.Domain.Tests.Planning;

public class PlannerTests
{
    private static readonly LocalDate AsOf = new(2027, 3, 1);

    [Fact]
    public void Compare_NothingStored_CreatesEveryDesiredOccurrence()
    {
        var config = Config([CleanWeekly()]);
        var register = Register(blocks: [Block("B1", "weekly"), Block("B2", "fortnightly")]);

        var plan = Compare(config, register, [], AsOf);

        var desired = Desired(config, register, AsOf);
        Assert.Equal(desired.Select(o => o.Key), plan.Create.Select(o => o.Key));
        Assert.All(plan.Create, o => Assert.Equal("B1", o.AssetId));
        Assert.Equal(8, plan.Create.Count); // Tuesdays 2 Mar .. 20 Apr 2027 (the horizon ends Monday 26 Apr)
        Assert.Empty(plan.Cancel);
        Assert.Empty(plan.Unchanged);
    }

    [Fact]
    public void Compare_EverythingAlreadyStored_IsEmptyAndAllUnchanged()
    {
        var config = Config([CleanWeekly(), GrassCut()]);
        var register = Register(sites: [Site("S1")], blocks: [Block("B1", "weekly")]);
        var store = new MemoryStore();
        store.Apply(Compare(config, register, store.Orders, AsOf));

        var again = Compare(config, register, store.Orders, AsOf);

        Assert.True(again.IsEmpty);
        Assert.Equal(store.Orders.Count, again.Unchanged.Count);
    }

    [Fact]
    public void Compare_ScheduleRemoved_CancelsFutureOpenOrdersAndLeavesThePastAlone()
    {
        var register = Register(blocks: [Block("B1", "weekly")]);
        var store = new MemoryStore();
        store.Apply(Compare(Config([CleanWeekly()]), register, store.Orders, AsOf));
        var later = AsOf.PlusWeeks(3);

        var plan = Compare(Config([]), register, store.Orders, later);

        Assert.Empty(plan.Create);
        Assert.All(plan.Cancel, c =>
        {
            Assert.Equal(CancellationReason.ScheduleRemoved, c.Reason);
            Assert.True(c.Order.TargetDate >= later);
            Assert.StartsWith("schedule-removed: schedule 'clean-weekly'", c.RecordedReason, StringComparison.Ordinal);
        });
        Assert.Equal(store.Orders.Count(o => o.TargetDate >= later), plan.Cancel.Count);
        Assert.Equal(5, plan.Cancel.Count); // Tuesdays 23 Mar .. 20 Apr
    }

    [Fact]
    public void Compare_BlockMovedFromWeeklyToFortnightly_CancelsWeeklyOrdersAndCreatesFortnightlyOnes()
    {
        var config = Config([CleanWeekly(), CleanFortnightly()]);
        var store = new MemoryStore();
        store.Apply(Compare(config, Register(blocks: [Block("B1", "weekly")]), store.Orders, AsOf));
        var later = AsOf.PlusWeeks(2);

        var plan = Compare(config, Register(blocks: [Block("B1", "fortnightly")]), store.Orders, later);

        Assert.NotEmpty(plan.Cancel);
        Assert.All(plan.Cancel, c =>
        {
            Assert.Equal("clean-weekly", c.Order.ScheduleId);
            Assert.Equal(CancellationReason.AssetNoLongerMatches, c.Reason);
            Assert.Contains("cleaning=weekly", c.Detail, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(plan.Cancel, c => c.Order.TargetDate < later);
        Assert.All(plan.Create, o => Assert.Equal("clean-fortnightly", o.ScheduleId));
        Assert.All(plan.Create, o => Assert.Equal(IsoDayOfWeek.Wednesday, o.TargetDate.DayOfWeek));
        Assert.Equal(4, plan.Create.Count); // 17 and 31 Mar, 14 and 28 Apr: in phase with 6 Jan, before 10 May
    }

    [Fact]
    public void Compare_AssetMissingFromRegister_CancelsItsFutureOrdersAsInactive()
    {
        var config = Config([CleanWeekly()]);
        var store = new MemoryStore();
        store.Apply(Compare(config, Register(blocks: [Block("B1", "weekly"), Block("B2", "weekly")]), store.Orders, AsOf));

        var plan = Compare(config, Register(blocks: [Block("B2", "weekly")]), store.Orders, AsOf);

        Assert.Equal(8, plan.Cancel.Count);
        Assert.All(plan.Cancel, c =>
        {
            Assert.Equal("B1", c.Order.AssetId);
            Assert.Equal(CancellationReason.AssetInactive, c.Reason);
        });
        Assert.Empty(plan.Create);
        Assert.Equal(8, plan.Unchanged.Count);
    }

    [Fact]
    public void Compare_ContractorChanged_ReplacesTheOrderAndItsFollowUp()
    {
        var register = Register(sites: [Site("S1")]);
        var store = new MemoryStore();
        store.Apply(Compare(Config([GrassCut()]), register, store.Orders, AsOf));
        Assert.Equal(4, store.Orders.Count); // two cuts in April, each with a sweep

        var changed = Config([GrassCut()], [Cleaner(), Grounds("mowright"), GasEngineer()]);
        var plan = Compare(changed, register, store.Orders, AsOf);

        Assert.Equal(4, plan.Cancel.Count);
        Assert.All(plan.Cancel, c => Assert.Equal(CancellationReason.ContractorChanged, c.Reason));
        Assert.Contains("'mowright' instead of 'greenscape'", plan.Cancel[0].Detail, StringComparison.Ordinal);
        Assert.Equal(4, plan.Create.Count);
        Assert.All(plan.Create, o => Assert.Equal("mowright", o.ContractorId));
        Assert.Equal(["grass-cut", "grass-cut", "path-sweep", "path-sweep"], plan.Create.Select(o => o.Service));
    }

    [Fact]
    public void Compare_TargetDayChanged_ReplacesFutureOrdersOnly()
    {
        var register = Register(blocks: [Block("B1", "weekly")]);
        var store = new MemoryStore();
        store.Apply(Compare(Config([CleanWeekly(IsoDayOfWeek.Tuesday)]), register, store.Orders, AsOf));
        var later = new LocalDate(2027, 3, 10); // a Wednesday: that week's Tuesday is history

        var plan = Compare(Config([CleanWeekly(IsoDayOfWeek.Thursday)]), register, store.Orders, later);

        Assert.All(plan.Cancel, c =>
        {
            Assert.Equal(CancellationReason.ScheduleChanged, c.Reason);
            Assert.True(c.Order.TargetDate >= later);
        });
        Assert.Equal(plan.Cancel.Select(c => c.Order.Key), plan.Create.Where(o => store.Orders.Any(s => s.Key == o.Key)).Select(o => o.Key));
        Assert.Contains(plan.Unchanged, o => o.TargetDate == new LocalDate(2027, 3, 9));
        Assert.All(plan.Create, o => Assert.Equal(IsoDayOfWeek.Thursday, o.TargetDate.DayOfWeek));
    }

    [Fact]
    public void Compare_ClosedOrders_AreNeverCancelled()
    {
        var register = Register(blocks: [Block("B1", "weekly")]);
        var store = new MemoryStore();
        store.Apply(Compare(Config([CleanWeekly()]), register, store.Orders, AsOf));
        var keys = store.Orders.Select(o => o.Key).ToList();
        store.Set(keys[3], WorkOrderStatus.Completed);
        store.Set(keys[4], WorkOrderStatus.NoAccess);

        var plan = Compare(Config([]), register, store.Orders, AsOf);

        Assert.Equal(keys.Count - 2, plan.Cancel.Count);
        Assert.DoesNotContain(plan.Cancel, c => c.Order.Key == keys[3] || c.Order.Key == keys[4]);
    }

    [Theory]
    [InlineData(WorkOrderStatus.Issued)]
    [InlineData(WorkOrderStatus.Appointed)]
    public void Compare_SentOrders_AreCancelledNotKept(WorkOrderStatus status)
    {
        var register = Register(blocks: [Block("B1", "weekly")]);
        var store = new MemoryStore();
        store.Apply(Compare(Config([CleanWeekly()]), register, store.Orders, AsOf));
        var first = store.Orders[0].Key;
        store.Set(first, status);

        var plan = Compare(Config([]), register, store.Orders, AsOf);

        Assert.Contains(plan.Cancel, c => c.Order.Key == first && c.Order.Status == status);
    }

    [Fact]
    public void Compare_CancelledOrderWantedAgain_CreatesANewOne()
    {
        var config = Config([CleanWeekly()]);
        var register = Register(blocks: [Block("B1", "weekly")]);
        var store = new MemoryStore();
        store.Apply(Compare(config, register, store.Orders, AsOf));
        store.Apply(Compare(Config([]), register, store.Orders, AsOf));

        var plan = Compare(config, register, store.Orders, AsOf);

        Assert.Equal(8, plan.Create.Count);
        Assert.Empty(plan.Cancel);
        Assert.Empty(plan.Unchanged);
    }

    [Fact]
    public void Compare_OrdersBeyondAShorterHorizon_AreKeptUnlessTheirScheduleIsGone()
    {
        var config = Config([CleanWeekly()]);
        var register = Register(blocks: [Block("B1", "weekly")]);
        var store = new MemoryStore();
        store.Apply(Compare(config, register, store.Orders, AsOf, weeks: 12));

        var shorter = Compare(config, register, store.Orders, AsOf, weeks: 4);
        var removed = Compare(Config([]), register, store.Orders, AsOf, weeks: 4);

        Assert.True(shorter.IsEmpty);
        Assert.Equal(store.Orders.Count, removed.Cancel.Count);
    }

    [Fact]
    public void Compare_FollowUpOfAPastParent_IsKeptEvenIfItsTargetIsAhead()
    {
        var register = Register(sites: [Site("S1")]);
        var store = new MemoryStore();
        store.Apply(Compare(Config([GrassCut()]), register, store.Orders, AsOf));
        var cut = store.Orders.First(o => o.Service == "grass-cut");
        var sweep = store.Orders.First(o => o.ParentKey == cut.Key);
        var between = cut.TargetDate.PlusDays(1);
        Assert.Equal(between, sweep.TargetDate);

        var plan = Compare(Config([]), register, store.Orders, between);

        Assert.DoesNotContain(plan.Cancel, c => c.Order.Key == sweep.Key || c.Order.Key == cut.Key);
        Assert.Equal(2, plan.Cancel.Count);
    }

    [Fact]
    public void Compare_FollowUpWhoseParentWasNotLoaded_IsHistoryByItsParentTargetDate()
    {
        var register = Register(sites: [Site("S1")]);
        var store = new MemoryStore();
        store.Apply(Compare(Config([GrassCut()]), register, store.Orders, AsOf));
        var cut = store.Orders.First(o => o.Service == "grass-cut");
        var sweep = store.Orders.First(o => o.ParentKey == cut.Key);
        var between = cut.TargetDate.PlusDays(1);

        // Storage leaves out closed orders aimed before as-of; their follow-ups carry the parent's date instead.
        var sweepAlone = sweep with { ParentKey = null, ParentTargetDate = cut.TargetDate };
        var plan = Planner.Compare(Config([]), register, [], [sweepAlone], between, between.PlusWeeks(8));

        Assert.True(sweepAlone.IsFollowUp);
        Assert.Empty(plan.Cancel);
    }

    [Fact]
    public void Compare_SweepsStoredWithTheOldOneDayWindow_AreReplacedUnderTheSameKeys()
    {
        // A database planned before session 29 holds each sweep with the window of one working day after its cut's
        // target. The next apply replaces every open one not yet history (same key: the window still opens there).
        var register = Register(sites: [Site("S1")]);
        var store = new MemoryStore();
        store.Apply(Compare(Config([GrassCut()]), register, store.Orders, AsOf));
        var old = store.Orders
            .Select(o => o.Service == "path-sweep" ? o with { Window = new ServiceWindow(o.Window.Start, o.TargetDate) } : o)
            .ToList();

        var plan = Planner.Compare(Config([GrassCut()]), register, Desired(Config([GrassCut()]), register, AsOf), old, AsOf, AsOf.PlusWeeks(8));

        Assert.Equal(2, plan.Cancel.Count);
        Assert.All(plan.Cancel, c =>
        {
            Assert.Equal("path-sweep", c.Order.Service);
            Assert.Equal(CancellationReason.ScheduleChanged, c.Reason);
            Assert.Contains("now wants window 2027-04-", c.Detail, StringComparison.Ordinal);
        });
        Assert.Equal(plan.Cancel.Select(c => c.Order.Key).Order(StringComparer.Ordinal), plan.Create.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["2027-04-02..2027-04-16", "2027-04-19..2027-05-04"], plan.Create.Select(o => o.Window.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(2, plan.Unchanged.Count); // the cuts
    }

    [Fact]
    public void Compare_FollowUpRuleAddedLater_CreatesFollowUpsForExistingParents()
    {
        var register = Register(sites: [Site("S1")]);
        var store = new MemoryStore();
        var noSweep = GrassCut() with { FollowUps = [] };
        store.Apply(Compare(Config([noSweep]), register, store.Orders, AsOf));

        var plan = Compare(Config([GrassCut()]), register, store.Orders, AsOf);

        Assert.Equal(2, plan.Create.Count);
        Assert.All(plan.Create, o =>
        {
            Assert.Equal("path-sweep", o.Service);
            Assert.Contains(store.Orders, s => s.Key == o.Parent!.Key);
        });
        Assert.Empty(plan.Cancel);
    }

    [Fact]
    public void Compare_FollowUpRuleRemoved_CancelsFollowUpsOnly()
    {
        var register = Register(sites: [Site("S1")]);
        var store = new MemoryStore();
        store.Apply(Compare(Config([GrassCut()]), register, store.Orders, AsOf));

        var plan = Compare(Config([GrassCut() with { FollowUps = [] }]), register, store.Orders, AsOf);

        Assert.Equal(2, plan.Cancel.Count);
        Assert.All(plan.Cancel, c =>
        {
            Assert.Equal("path-sweep", c.Order.Service);
            Assert.Equal(CancellationReason.ScheduleChanged, c.Reason);
            Assert.Contains("no longer has a 'path-sweep' follow-up", c.Detail, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Compare_FloatingVisitWhoseWindowMovedWithAsOf_IsCoveredByTheOpenOrder()
    {
        var config = Config([GasSafety()]);
        var register = Register(homes: [Home("H1", new LocalDate(2026, 5, 20))]);
        var store = new MemoryStore();
        store.Apply(Compare(config, register, store.Orders, AsOf));
        var booked = Assert.Single(store.Orders);
        Assert.Equal(new LocalDate(2027, 3, 21), booked.Window.Start);

        // Two weeks into the window and not done yet: the projection now starts at as-of.
        var later = new LocalDate(2027, 4, 5);
        var desiredNow = Desired(config, register, later);
        Assert.DoesNotContain(desiredNow, o => o.Key == booked.Key);
        var plan = Compare(config, register, store.Orders, later);

        Assert.True(plan.IsEmpty);
        Assert.Equal(booked, Assert.Single(plan.Unchanged));
    }

    [Fact]
    public void Compare_FloatingOrderWhoseRecordMovedOn_IsReplaced()
    {
        var config = Config([GasSafety()]);
        var store = new MemoryStore();
        store.Apply(Compare(config, Register(homes: [Home("H1", new LocalDate(2026, 5, 20))]), store.Orders, AsOf));

        // The housing system now says the check was done last October: next due October 2027, outside the horizon.
        var plan = Compare(config, Register(homes: [Home("H1", new LocalDate(2026, 10, 1))]), store.Orders, AsOf);

        var cancelled = Assert.Single(plan.Cancel);
        Assert.Equal(CancellationReason.ScheduleChanged, cancelled.Reason);
        Assert.Empty(plan.Create);
    }

    [Theory]
    [InlineData("2027-01-10", "2026-06-01", "2028-01-10")] // the register older than the completion: nothing changes
    [InlineData("2027-01-10", "2027-06-01", "2028-06-01")] // a later check imported: counted from it
    [InlineData("2027-01-10", "2027-01-10", "2028-01-10")]
    [InlineData(null, "2027-06-01", "2028-06-01")]
    [InlineData("2027-01-10", null, "2028-01-10")]
    public void Expand_AFloatingSchedule_CountsFromTheLaterOfTheLastCompletionAndTheRegister(string? completed, string? registered, string deadline)
    {
        static LocalDate? Date(string? text) => text is null ? null : NodaTime.Text.LocalDatePattern.Iso.Parse(text).Value;
        var config = Config([GasSafety()]);
        var register = Register(homes: [Home("H1", Date(registered))]);
        var asOf = new LocalDate(2027, 7, 1);

        var visit = Assert.Single(new Scheduler.Domain.Calendars.OccurrenceExpander(config, Calendar).Expand(register, asOf, asOf.PlusMonths(12), asOf, lastDone: (_, _) => Date(completed)));

        Assert.Equal(Date(deadline)!.Value.PlusDays(-1), visit.Window.End);
    }

    [Fact]
    public void Compare_FloatingOrderInItsOpenWindowWhoseCheckTheRegisterRecords_IsCancelledCheckMade()
    {
        // H1 and H2 are both booked in the window 21 Mar – 19 May 2027. Two weeks into it the register records a check
        // made elsewhere: for H1 on 2 Apr (in the window), for H2 on 20 Mar (the day before it opened).
        var config = Config([GasSafety()]);
        var store = new MemoryStore();
        store.Apply(Compare(config, Register(homes: [Home("H1", new LocalDate(2026, 5, 20)), Home("H2", new LocalDate(2026, 5, 20))]), store.Orders, AsOf));
        Assert.All(store.Orders, o => Assert.Equal(new LocalDate(2027, 3, 21), o.Window.Start));
        var register = Register(homes: [Home("H1", new LocalDate(2027, 4, 2)), Home("H2", new LocalDate(2027, 3, 20))]);

        var plan = Compare(config, register, store.Orders, new LocalDate(2027, 4, 5));

        // H1's order, aimed in the past (its window has started), is cancelled all the same: its check is made. H2's is
        // left as history: the booking's rule (a register check on or after the window opened) does not say its check is
        // made. Nothing is created: the next checks are due in March and April 2028.
        var cancelled = Assert.Single(plan.Cancel);
        Assert.Equal("H1", cancelled.Order.AssetId);
        Assert.Equal(CancellationReason.CheckMade, cancelled.Reason);
        Assert.Equal("the check for this visit is recorded in the register (last gas check 2027-04-02, on or after its window opened on 2027-03-21)", cancelled.Detail);
        Assert.Empty(plan.Create);

        // Once its window has ended, the order is the booking's to close (GasCheckedOrders), not the planner's.
        Assert.Empty(Compare(config, register, store.Orders, new LocalDate(2027, 5, 20)).Cancel);

        // A completed order is never cancelled, whatever the register says.
        store.Set(store.Orders[0].Key, WorkOrderStatus.Completed);
        Assert.DoesNotContain(Compare(config, register, store.Orders, new LocalDate(2027, 4, 5)).Cancel, c => c.Order.AssetId == "H1");
    }

    [Fact]
    public void Compare_FloatingOrderWithItsDeadline_RegisterCheckLaterThanItsBasis_IsCancelledCheckMadeThoughBeforeTheWindow()
    {
        // Three orders for the deadline 20 May 2027 (counted from 20 May 2026), window 21 Mar – 19 May, stored with that
        // deadline. Two weeks into the window the register records: H1 a check of 20 Mar (the day before the window
        // opened), H2 the basis itself, H3 the day after the basis.
        var config = Config([GasSafety()]);
        var store = new MemoryStore();
        var basis = new LocalDate(2026, 5, 20);
        store.Apply(Compare(config, Register(homes: [Home("H1", basis), Home("H2", basis), Home("H3", basis)]), store.Orders, AsOf));
        var stored = store.Orders.Select(o => o with { Deadline = new LocalDate(2027, 5, 20) }).ToList();
        var register = Register(homes: [Home("H1", new LocalDate(2027, 3, 20)), Home("H2", basis), Home("H3", basis.PlusDays(1))]);

        var plan = Compare(config, register, stored, new LocalDate(2027, 4, 5));

        // H1's and H3's checks are later than the one their deadline counted from: cancelled check-made, although H1's
        // was made before the window opened and H3's next deadline (21 May 2027) is only a day later — H3's order does not
        // cover the visit for it, which is planned anew. H2's is the check its deadline counted from: nothing changes.
        Assert.Equal(["H1", "H3"], plan.Cancel.Select(c => c.Order.AssetId));
        Assert.All(plan.Cancel, c => Assert.Equal(CancellationReason.CheckMade, c.Reason));
        Assert.Equal("the check for this visit is recorded in the register (last gas check 2027-03-20, later than the check its deadline 2027-05-20 counted from)", plan.Cancel[0].Detail);
        var created = Assert.Single(plan.Create);
        Assert.Equal(("H3", new LocalDate(2027, 5, 20)), (created.AssetId, created.Window.End));

        // Without a stored deadline (an order stored before the column existed) the rule is the one before: on or after
        // the day the window opened. H1's check of 20 Mar is not, and its order is left.
        Assert.DoesNotContain(Compare(config, register, store.Orders, new LocalDate(2027, 4, 5)).Cancel, c => c.Order.AssetId == "H1");
    }

    [Fact]
    public void Compare_DuplicateDesiredKeys_AreCreatedOnce()
    {
        var config = Config([CleanWeekly()]);
        var register = Register(blocks: [Block("B1", "weekly")]);
        var desired = Desired(config, register, AsOf);

        var plan = Planner.Compare(config, register, desired.Concat(desired), [], AsOf, AsOf.PlusWeeks(8));

        Assert.Equal(desired.Count, plan.Create.Count);
    }

    [Fact]
    public void Compare_CreateList_PutsParentsBeforeFollowUps()
    {
        var config = Config([GrassCut()]);
        var register = Register(sites: [Site("S1"), Site("S2")]);

        var plan = Compare(config, register, [], AsOf);

        var firstFollowUp = plan.Create.ToList().FindIndex(o => o.Parent is not null);
        Assert.Equal(4, firstFollowUp);
        Assert.All(plan.Create.Skip(firstFollowUp), o => Assert.NotNull(o.Parent));
    }

    [Fact]
    public void Compare_HorizonEndBeforeAsOf_Throws()
    {
        var config = Config([]);
        Assert.Throws<ArgumentException>(() => Planner.Compare(config, Register(), [], [], AsOf, AsOf.PlusDays(-1)));
    }

    [Fact]
    public void Compare_SteppingAsOfThroughAYear_CreatesEachOccurrenceExactlyOnce()
    {
        EstateConfiguration config = Config([CleanWeekly(), CleanFortnightly(), GrassCut()]);
        var register = Register(sites: [Site("S1"), Site("S2", grass: false)], blocks: [Block("B1", "weekly"), Block("B2", "fortnightly")]);
        var store = new MemoryStore();
        var start = new LocalDate(2027, 1, 1);
        for (var asOf = start; asOf < start.PlusYears(1); asOf = asOf.PlusDays(3))
        {
            var plan = Compare(config, register, store.Orders, asOf);
            Assert.Empty(plan.Cancel);
            store.Apply(plan);
        }

        Assert.DoesNotContain(store.Orders, o => o.Status == WorkOrderStatus.Cancelled);
        Assert.Equal(store.Orders.Count, store.Orders.Select(o => o.Key).Distinct().Count());
        var wholeYear = new Scheduler.Domain.Calendars.OccurrenceExpander(config, Calendar)
            .Expand(register, start, start.PlusYears(1).PlusWeeks(8), start).Select(o => o.Key).ToHashSet();
        Assert.Subset(wholeYear, store.Orders.Select(o => o.Key).ToHashSet());
        Assert.Equal(52, store.Orders.Count(o => o.AssetId == "B1" && o.TargetDate.Year == 2027));
        Assert.Equal(26, store.Orders.Count(o => o.AssetId == "B2" && o.TargetDate.Year == 2027));
    }
}
