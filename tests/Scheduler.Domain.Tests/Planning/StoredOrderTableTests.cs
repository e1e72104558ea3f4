using NodaTime;
using Scheduler.Domain.Planning;
using static Scheduler.Domain.Tests.Planning.PlanningEstate;

namespace Scheduler.Domain.Tests.Planning;

public class StoredOrderTableTests
{
    private static readonly LocalDate AsOf = new(2027, 3, 1);
    private static readonly ServiceWindow Window = new(new LocalDate(2027, 3, 2), new LocalDate(2027, 3, 4));

    public static TheoryData<string, StoredOrder> Orders => new()
    {
        { "usual reference, key from its values", Order("WO-2027-000123", key: null) },
        { "reference of seven digits", Order("WO-2027-1234567", key: null) },
        { "reference not in the usual form", Order("legacy-42", key: null) },
        { "reference with a leading zero beyond six digits", Order("WO-2027-0123456", key: null) },
        { "own key, the usual text", Order("WO-2027-000124", key: "clean-weekly/B1/2027-03-02/block-clean") },
        { "own key, another text", Order("WO-2027-000125", key: "clean-weekly/B1/02-03-2027/block-clean") },
        { "follow-up of a stored parent", Order("WO-2027-000126", key: null) with { ParentKey = "grass-cut/S1/2027-03-01/grass-cut", ParentTargetDate = new LocalDate(2027, 3, 1) } },
        { "follow-up of a parent in history", Order("WO-2027-000127", key: null) with { ParentTargetDate = new LocalDate(2027, 2, 28) } },
        { "cancelled, no contractor", Order("WO-2027-000128", key: null, WorkOrderStatus.Cancelled) with { ContractorId = null } },
        { "a gas visit with its deadline", Order("WO-2027-000129", key: null, WorkOrderStatus.Appointed) with { Deadline = new LocalDate(2027, 3, 5) } },
    };

    [Fact]
    public void Row_HoldsTheDeadlineInSixtyFourBytes()
    {
        // A re-apply holds every stored order as a row (669,066 at 300,000 homes): the deadline (branch deadline26) took
        // the bytes the status gave up (one byte, not four), so the row did not grow to 72.
        Assert.Equal(64, System.Runtime.CompilerServices.Unsafe.SizeOf<StoredRow>());
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void Indexer_EachKindOfOrder_EqualsTheOrderAdded(string kind, StoredOrder order)
    {
        var table = new StoredOrderTable();

        var row = table.Add(order);

        Assert.Equal(0, row);
        Assert.Equal(order, table[row]);
        Assert.Equal(order.Reference, table[row].Reference);
        Assert.Equal(order.Key, table.KeyAt(row));
        Assert.Equal(order.IsFollowUp, table[row].IsFollowUp);
        Assert.False(string.IsNullOrEmpty(kind));
    }

    [Fact]
    public void Of_ManyOrders_EnumeratesThemInOrder()
    {
        var orders = Orders.Select(o => (StoredOrder)o[1]).ToList();

        var table = StoredOrderTable.Of(orders);

        Assert.Equal(orders.Count, table.Count);
        Assert.Equal(orders, table);
        Assert.Same(table, StoredOrderTable.Of(table));
    }

    [Fact]
    public void Add_MoreRowsThanOneChunk_KeepsEachRow()
    {
        var table = new StoredOrderTable();
        for (var i = 1; i <= 40_000; i++)
        {
            table.Add($"WO-2027-{i:000000}", null, "clean-weekly", "block-clean", $"B{i}", Window, Window.Start, WorkOrderStatus.Planned, "sparkle");
        }

        Assert.Equal(40_000, table.Count);
        Assert.Equal("WO-2027-000001", table[0].Reference);
        Assert.Equal("B16385", table[16_384].AssetId);
        Assert.Equal("WO-2027-040000", table[39_999].Reference);
        Assert.Equal(39_999, table.FindLive(table[39_999].OrderKey));
        Assert.Throws<ArgumentOutOfRangeException>(() => table[40_000]);
    }

    [Fact]
    public void SetParent_AfterAdd_MakesAFollowUpOfThatParent()
    {
        var table = new StoredOrderTable();
        var parent = table.Add(Order("WO-2027-000001", key: null));
        var sweep = table.Add(Order("WO-2027-000002", key: null) with { Service = "path-sweep" });

        table.SetParent(sweep, table.KeyAt(parent), table.TargetDateAt(parent));

        Assert.True(table[sweep].IsFollowUp);
        Assert.Equal(table[parent].Key, table[sweep].ParentKey);
        Assert.Equal(Window.Start, table[sweep].ParentTargetDate);
        Assert.False(table[parent].IsFollowUp);
    }

    [Fact]
    public void FindLive_CancelledThenLiveOfOneKey_IsTheLiveRow()
    {
        var table = new StoredOrderTable();
        table.Add(Order("WO-2027-000001", key: null, WorkOrderStatus.Cancelled));
        var live = table.Add(Order("WO-2027-000002", key: null));

        Assert.Equal(live, table.FindLive(table[live].OrderKey));
    }

    [Fact]
    public void FindLive_TwoLiveRowsOfOneKey_IsTheFirst()
    {
        var table = new StoredOrderTable();
        var first = table.Add(Order("WO-2027-000001", key: null));
        table.Add(Order("WO-2027-000002", key: "clean-weekly/B1/2027-03-02/block-clean")); // the same key, given as text

        Assert.Equal(first, table.FindLive(table[first].OrderKey));
    }

    [Fact]
    public void FindLive_OnlyCancelledRows_IsNone()
    {
        var table = new StoredOrderTable();
        var cancelled = table.Add(Order("WO-2027-000001", key: null, WorkOrderStatus.Cancelled));

        Assert.Equal(-1, table.FindLive(table[cancelled].OrderKey));
    }

    [Fact]
    public void Compare_StoredInAnotherOrder_GivesTheSamePlan()
    {
        // Stored in planned order the planner finds most rows without a lookup (the row after the last one matched for
        // the schedule and service); in any other order it looks each up: the plan must not depend on which.
        var register = Register(sites: [Site("S1"), Site("S2", area: "south")], blocks: [Block("B1", "weekly"), Block("B2", "fortnightly"), Block("B3", "weekly", "south")],
            homes: [Home("H1", new LocalDate(2026, 4, 10)), Home("H2", new LocalDate(2026, 5, 20), "south")]);
        var before = Config([CleanWeekly(), CleanFortnightly(), GrassCut(), GasSafety()]);
        var store = new MemoryStore();
        store.Apply(Compare(before, register, store.Orders, AsOf));
        var after = Config(
            [CleanWeekly(IsoDayOfWeek.Thursday), CleanFortnightly(), GrassCut(), GasSafety()],
            [Cleaner(), Grounds("greenscape", "north"), Grounds("mowright", "south"), GasEngineer()]);
        var later = AsOf.PlusWeeks(1);

        var inOrder = Compare(after, register, store.Orders, later);
        var reversed = Compare(after, register, store.Orders.Reverse(), later);
        var again = Compare(before, register, store.Orders.Reverse(), AsOf);

        Assert.NotEmpty(inOrder.Create);
        Assert.NotEmpty(inOrder.Cancel);
        Assert.NotEmpty(inOrder.Unchanged);
        Assert.Equal(inOrder.Create.Select(o => o.Key), reversed.Create.Select(o => o.Key));
        Assert.Equal(inOrder.Cancel, reversed.Cancel);
        Assert.Equal(inOrder.Unchanged.OrderBy(o => o.Reference, StringComparer.Ordinal), reversed.Unchanged.OrderBy(o => o.Reference, StringComparer.Ordinal));
        Assert.True(again.IsEmpty);
        Assert.Equal(store.Orders.Count, again.Unchanged.Count);
    }

    [Fact]
    public void Compare_TwoLiveOrdersOfOneKey_MatchesTheFirstAndLeavesTheOther()
    {
        var config = Config([CleanWeekly()]);
        var register = Register(blocks: [Block("B1", "weekly")]);
        var desired = Desired(config, register, AsOf);
        List<StoredOrder> stored = [.. desired.Select((o, i) => ToStored(o, $"WO-2027-{i + 1:000000}"))];
        stored.Insert(1, ToStored(desired[0], "WO-2027-900000"));

        var plan = Compare(config, register, stored, AsOf);

        Assert.True(plan.IsEmpty);
        Assert.Equal(desired.Count, plan.Unchanged.Count);
        Assert.DoesNotContain(plan.Unchanged, o => o.Reference == "WO-2027-900000");
    }

    private static StoredOrder Order(string reference, string? key, WorkOrderStatus status = WorkOrderStatus.Planned) =>
        new(reference, key, "clean-weekly", "block-clean", "B1", Window, Window.Start, status, "sparkle");
}
