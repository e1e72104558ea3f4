using NodaTime;
using Scheduler.Domain.Planning;
using static Scheduler.Domain.Tests.Planning.PlanningEstate;

namespace Scheduler.Domain.Tests.FullCompare;

/// <summary>
/// <see cref="StoredOrderTable.Concat"/>: the stored orders read in parts (on several connections, one snapshot) make the
/// table one read would have made, row for row, with every lookup the planner uses.
/// </summary>
public class StoredOrderTableConcatTests
{
    private static readonly LocalDate Start = new(2027, 3, 1);

    public static TheoryData<int[]> PartSizes => new()
    {
        { [0, 5] },
        { [5, 0] },
        { [3, 4, 0, 2] },
        { [16_384, 100] }, // the first part ends on a chunk boundary: the second's chunks are taken as they are
        { [20_000, 30_000] }, // the second part's rows move down within its own chunks
        { [16_383, 16_385, 1] },
        { [40_000, 16_384, 7] },
    };

    [Theory]
    [MemberData(nameof(PartSizes))]
    public void Concat_PartsOfAnySize_IsTheTableOneReadMakes(int[] sizes)
    {
        var orders = Orders(sizes.Sum());
        var whole = StoredOrderTable.Of(orders);
        var parts = new List<StoredOrderTable>();
        var next = 0;
        foreach (var size in sizes)
        {
            parts.Add(StoredOrderTable.Of(orders.Skip(next).Take(size)));
            next += size;
        }

        var joined = StoredOrderTable.Concat(parts);

        Assert.Equal(whole.Count, joined.Count);
        Assert.Equal(whole, joined); // every column, reference, key and parent, in order
        for (var i = 0; i < whole.Count; i++)
        {
            Assert.Equal(whole.Row(i).Live, joined.Row(i).Live);
            Assert.Equal(whole.FindLive(whole.OrderKeyAt(i)), joined.FindLive(joined.OrderKeyAt(i)));
            Assert.Equal(whole.ParentKeyAt(i), joined.ParentKeyAt(i));
            Assert.Equal(whole.ParentTargetDateAt(i), joined.ParentTargetDateAt(i));
            Assert.Equal(whole.IsFollowUpAt(i), joined.IsFollowUpAt(i));
        }

        Assert.Equal(-1, joined.FindLive(OrderKey.Of("clean-weekly", "nowhere", Start, "block-clean")));
        Assert.Throws<ArgumentOutOfRangeException>(() => joined[joined.Count]);
    }

    [Fact]
    public void Add_AfterConcat_FindsKeysOfEveryPartAndNumbersOnFromTheLast()
    {
        var orders = Orders(20_010);
        var joined = StoredOrderTable.Concat([StoredOrderTable.Of(orders.Take(20_000)), StoredOrderTable.Of(orders.Skip(20_000))]);

        var again = joined.Add(orders[20_005]); // a key live in the second part: not live twice
        var fresh = joined.Add(Order(99_999, "B-new", WorkOrderStatus.Planned));

        Assert.Equal(20_010, again);
        Assert.False(joined.Row(again).Live);
        Assert.Equal(20_005, joined.FindLive(joined.OrderKeyAt(again)));
        Assert.True(joined.Row(fresh).Live);
        Assert.Equal(fresh, joined.FindLive(joined.OrderKeyAt(fresh)));
        Assert.Equal(orders[20_005], joined[20_005]);
    }

    [Fact]
    public void Concat_APlanOverTheParts_IsThePlanOverOneTable()
    {
        // The planner reads the rows directly (its cursors, its lookups, the unmatched walk): a plan over a joined table
        // must be the plan over one table, creations, cancellations and unchanged rows alike.
        var orders = Orders(3_000);
        var wanted = orders.Where((_, i) => i % 7 != 0).Select(o => new Occurrence(o.ScheduleId, o.Service, o.AssetId, o.Window, o.TargetDate, ContractorOf(o)))
            .Append(new Occurrence("clean-weekly", "block-clean", "B-new", new ServiceWindow(Start, Start.PlusDays(2)), Start, "sparkle"))
            .ToList();
        var config = Config([CleanWeekly()]);
        var register = Register(blocks: [.. orders.Select(o => o.AssetId).Append("B-new").Distinct().Select(b => Block(b, "weekly"))]);

        var one = Planner.Compare(config, register, wanted, StoredOrderTable.Of(orders), Start, Start.PlusDays(400));
        var parts = Planner.Compare(
            config, register, wanted, StoredOrderTable.Concat([StoredOrderTable.Of(orders.Take(1_234)), StoredOrderTable.Of(orders.Skip(1_234).Take(1_000)), StoredOrderTable.Of(orders.Skip(2_234))]),
            Start, Start.PlusDays(400));

        Assert.NotEmpty(one.Create);
        Assert.NotEmpty(one.Cancel);
        Assert.Equal(one.Create, parts.Create);
        Assert.Equal(one.Cancel, parts.Cancel);
        Assert.Equal(one.Unchanged, parts.Unchanged);

        // Another contractor for every fifth: replacements, whose cancellations come from the rows of any part.
        static string ContractorOf(StoredOrder o) => o.Reference.EndsWith('5') ? "polish" : o.ContractorId!;
    }

    /// <summary>
    /// Weekly cleans of many blocks; among them a few cancelled ones (whose key is live again in a later row), own keys,
    /// references not in the usual form and follow-ups, so that the rare fields of every part move with their rows.
    /// </summary>
    private static List<StoredOrder> Orders(int count)
    {
        var orders = new List<StoredOrder>(count);
        for (var i = 0; i < count; i++)
        {
            var status = i % 97 == 3 ? WorkOrderStatus.Cancelled : i % 11 == 0 ? WorkOrderStatus.Completed : WorkOrderStatus.Planned;
            var order = Order(i, $"B{i / 3}", status);
            if (i % 97 == 4)
            {
                order = order with { AssetId = $"B{(i - 1) / 3}", Window = orders[i - 1].Window, TargetDate = orders[i - 1].TargetDate }; // the cancelled one's key, live
            }

            if (i % 53 == 0)
            {
                order = new StoredOrder($"legacy-{i}", order.Key, order.ScheduleId, order.Service, order.AssetId, order.Window, order.TargetDate, order.Status, order.ContractorId);
            }

            if (i % 61 == 1)
            {
                order = order with { Service = "path-sweep", ParentKey = orders[i - 1].Key, ParentTargetDate = orders[i - 1].TargetDate };
            }

            orders.Add(order);
        }

        return orders;
    }

    private static StoredOrder Order(int i, string block, WorkOrderStatus status)
    {
        var start = Start.PlusDays(7 * (i % 3));
        return new StoredOrder($"WO-2027-{i + 1:000000}", null, "clean-weekly", "block-clean", block, new ServiceWindow(start, start.PlusDays(2)), start, status, "sparkle");
    }
}
