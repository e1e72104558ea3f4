using System.Collections;
using NodaTime;

namespace Scheduler.Domain.Planning;

/// <summary>
/// Stored orders held as columns instead of one object each: what a re-apply reads (669,066 orders at 300,000 homes)
/// and holds until its compare ends. As objects they were copied by the collector from generation to generation while
/// the read went on (22 gen1 collections in a re-apply); here they are rows of structs in arrays of 16,384 (each on the
/// large-object heap, which is never copied), and a <see cref="StoredOrder"/> is made only when one is asked for (by
/// the indexer, the enumerator, a plan's cancellation or its unchanged list). <see cref="Planner"/> reads the rows
/// directly. Rows are only added; a row's parent is set once its parent is known (<see cref="SetParent"/>).
/// The table keeps the planner's lookup of live (not cancelled) orders by key as rows are added, so a reader builds it
/// while it still waits for rows (and for the register, read at the same time) instead of the compare building it
/// after: the first live row of a key is the one the planner matches.
/// </summary>
public sealed class StoredOrderTable : IReadOnlyList<StoredOrder>
{
    private const int ChunkBits = 14;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly List<StoredRow[]> _chunks = [];
    private readonly List<RareFields> _rare = [];
    private readonly Dictionary<OrderKey, int> _live;

    /// <summary>An empty table.</summary>
    public StoredOrderTable()
        : this(0)
    {
    }

    /// <summary>An empty table with room for <paramref name="capacity"/> rows' lookup entries before it grows.</summary>
    public StoredOrderTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _live = new Dictionary<OrderKey, int>(capacity);
    }

    /// <summary>The number of rows.</summary>
    public int Count { get; private set; }

    /// <summary>The order in row <paramref name="index"/> (a new <see cref="StoredOrder"/>, equal to the one added).</summary>
    public StoredOrder this[int index]
    {
        get
        {
            ref readonly var row = ref Row(index);
            var rare = row.Rare >= 0 ? _rare[row.Rare] : default;
            return new StoredOrder(
                row.Number, rare.Reference, rare.Key, row.ScheduleId, row.Service, row.AssetId, row.Window, row.TargetDate, row.Status,
                row.ContractorId, rare.ParentKey, rare.ParentTargetDate);
        }
    }

    /// <summary>A table of <paramref name="orders"/>, in their order.</summary>
    public static StoredOrderTable Of(IEnumerable<StoredOrder> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        if (orders is StoredOrderTable table)
        {
            return table;
        }

        table = new StoredOrderTable();
        foreach (var order in orders)
        {
            table.Add(order);
        }

        return table;
    }

    /// <summary>Adds <paramref name="order"/>; returns its row.</summary>
    public int Add(StoredOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var index = Add(order.Reference, order.HasOwnKey ? order.Key : null, order.ScheduleId, order.Service, order.AssetId, order.Window, order.TargetDate, order.Status, order.ContractorId);
        if (order.IsFollowUp)
        {
            SetParent(index, order.ParentKey, order.ParentTargetDate);
        }

        return index;
    }

    /// <summary>Adds an order with no parent (see <see cref="SetParent"/>); returns its row. The parameters are <see cref="StoredOrder"/>'s.</summary>
    /// <param name="reference">The stable human reference, e.g. <c>WO-2027-000123</c>.</param>
    /// <param name="key">The occurrence key, or null when it is the one schedule, asset, window start and service give.</param>
    /// <param name="scheduleId">The schedule that created it (for a follow-up, the parent's schedule).</param>
    /// <param name="service">The service.</param>
    /// <param name="assetId">The site, block or home id.</param>
    /// <param name="window">The service window; inclusive at both ends.</param>
    /// <param name="targetDate">The working day the visit is aimed at.</param>
    /// <param name="status">Where the order is in its life.</param>
    /// <param name="contractorId">The contractor; null when none was resolved.</param>
    public int Add(
        string reference, string? key, string scheduleId, string service, string assetId, ServiceWindow window, LocalDate targetDate,
        WorkOrderStatus status, string? contractorId)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(scheduleId);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(assetId);
        var packed = StoredOrder.TryPack(reference, out var number);
        var index = Count;
        if ((index & (ChunkSize - 1)) == 0)
        {
            _chunks.Add(new StoredRow[ChunkSize]);
        }

        ref var row = ref _chunks[index >> ChunkBits][index & (ChunkSize - 1)];
        row.ScheduleId = scheduleId;
        row.Service = service;
        row.AssetId = assetId;
        row.ContractorId = contractorId;
        row.Number = packed ? number : 0;
        row.Window = window;
        row.TargetDate = targetDate;
        row.Status = status;
        row.Rare = -1;
        if (!packed || key is not null)
        {
            row.Rare = _rare.Count;
            _rare.Add(new RareFields(packed ? null : reference, key, null, null));
        }

        Count = index + 1;
        row.Live = status != WorkOrderStatus.Cancelled && _live.TryAdd(OrderKeyAt(index), index);
        return index;
    }

    /// <summary>Makes row <paramref name="index"/> a follow-up of the order with key <paramref name="parentKey"/> (null when the parent is history) aimed at <paramref name="parentTargetDate"/>.</summary>
    public void SetParent(int index, string? parentKey, LocalDate? parentTargetDate)
    {
        ref var row = ref RowForUpdate(index);
        if (row.Rare < 0)
        {
            if (parentKey is null && parentTargetDate is null)
            {
                return;
            }

            row.Rare = _rare.Count;
            _rare.Add(new RareFields(null, null, parentKey, parentTargetDate));
            return;
        }

        _rare[row.Rare] = _rare[row.Rare] with { ParentKey = parentKey, ParentTargetDate = parentTargetDate };
    }

    /// <summary>The occurrence key of row <paramref name="index"/> (<see cref="StoredOrder.Key"/>).</summary>
    public string KeyAt(int index)
    {
        ref readonly var row = ref Row(index);
        return (row.Rare >= 0 ? _rare[row.Rare].Key : null) ?? OrderKey.Format(row.ScheduleId, row.AssetId, row.Window.Start, row.Service);
    }

    /// <summary>The target date of row <paramref name="index"/>.</summary>
    public LocalDate TargetDateAt(int index) => Row(index).TargetDate;

    /// <inheritdoc />
    public IEnumerator<StoredOrder> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The row's columns, for the planner.</summary>
    internal ref readonly StoredRow Row(int index) => ref RowForUpdate(index);

    /// <summary>The key as the planner compares it.</summary>
    internal OrderKey OrderKeyAt(int index)
    {
        ref readonly var row = ref Row(index);
        return row.Rare >= 0 && _rare[row.Rare].Key is { } key ? OrderKey.Parse(key) : OrderKey.Of(row.ScheduleId, row.AssetId, row.Window.Start, row.Service);
    }

    /// <summary>The row of the live order with <paramref name="key"/> (the first added); -1 when none.</summary>
    internal int FindLive(OrderKey key) => _live.TryGetValue(key, out var index) ? index : -1;

    /// <summary>For a follow-up, its parent's key (null when the parent is history or for a parent).</summary>
    internal string? ParentKeyAt(int index) => Row(index).Rare is var r and >= 0 ? _rare[r].ParentKey : null;

    /// <summary>For a follow-up, its parent's target date; otherwise null.</summary>
    internal LocalDate? ParentTargetDateAt(int index) => Row(index).Rare is var r and >= 0 ? _rare[r].ParentTargetDate : null;

    /// <summary>True for a follow-up (<see cref="StoredOrder.IsFollowUp"/>).</summary>
    internal bool IsFollowUpAt(int index) => Row(index).Rare is var r and >= 0 && (_rare[r].ParentKey is not null || _rare[r].ParentTargetDate is not null);

    private ref StoredRow RowForUpdate(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return ref _chunks[index >> ChunkBits][index & (ChunkSize - 1)];
    }

    /// <summary>What few orders have: a reference not in the usual form, a key not the usual one, a parent.</summary>
    private readonly record struct RareFields(string? Reference, string? Key, string? ParentKey, LocalDate? ParentTargetDate);
}

/// <summary>One row of a <see cref="StoredOrderTable"/>: a stored order's columns (see <see cref="StoredOrder"/>).</summary>
internal struct StoredRow
{
    public string ScheduleId;
    public string Service;
    public string AssetId;
    public string? ContractorId;

    /// <summary>The packed reference (<see cref="StoredOrder.TryPack"/>); 0 when the rare fields hold it.</summary>
    public long Number;
    public ServiceWindow Window;
    public LocalDate TargetDate;
    public WorkOrderStatus Status;

    /// <summary>The index of the row's rare fields; -1 for none (most rows).</summary>
    public int Rare;

    /// <summary>True when the order is not cancelled and is the first such row of its key (the one the planner matches).</summary>
    public bool Live;
}
