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

    // The lookups of the parts appended by Concat, each with the row its part starts at (null: one part).
    private List<(Dictionary<OrderKey, int> Live, int Offset)>? _appendedLive;

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
                row.ContractorId, rare.ParentKey, rare.ParentTargetDate, DeadlineAt(index));
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

    /// <summary>
    /// One table of <paramref name="parts"/>' rows, the first part's first, then the second's, and so on (each in its own
    /// order), as if every row had been added to one table: for the stored orders read in parts at the same time (on
    /// several connections, in one snapshot). Each part keeps the lookup it built while its rows were read, so nothing is
    /// hashed again. The parts' live keys must be distinct across parts (the database's unique live occurrence key makes
    /// them so): a key live in two parts would be live twice. The parts are taken over: do not use them afterwards (the
    /// first is the table returned).
    /// </summary>
    /// <param name="parts">The tables, at least one.</param>
    public static StoredOrderTable Concat(IReadOnlyList<StoredOrderTable> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        var table = parts[0];
        for (var p = 1; p < parts.Count; p++)
        {
            table.Append(parts[p]);
        }

        return table;
    }

    /// <summary>Adds <paramref name="order"/>; returns its row.</summary>
    public int Add(StoredOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var index = Add(
            order.Reference, order.HasOwnKey ? order.Key : null, order.ScheduleId, order.Service, order.AssetId, order.Window, order.TargetDate, order.Status,
            order.ContractorId, order.Deadline);
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
    /// <param name="deadline">A floating visit's statutory deadline (<see cref="StoredOrder.Deadline"/>); null when it has none.</param>
    public int Add(
        string reference, string? key, string scheduleId, string service, string assetId, ServiceWindow window, LocalDate targetDate,
        WorkOrderStatus status, string? contractorId, LocalDate? deadline = null)
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
        row.Deadline = deadline ?? default;
        row.Rare = -1;
        if (!packed || key is not null)
        {
            row.Rare = _rare.Count;
            _rare.Add(new RareFields(packed ? null : reference, key, null, null));
        }

        Count = index + 1;
        row.Live = false;
        if (status != WorkOrderStatus.Cancelled)
        {
            var orderKey = OrderKeyAt(index);
            row.Live = (_appendedLive is null || FindLive(orderKey) < 0) && _live.TryAdd(orderKey, index);
        }

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

    /// <summary>The deadline of row <paramref name="index"/> (<see cref="StoredOrder.Deadline"/>); null when it has none.</summary>
    public LocalDate? DeadlineAt(int index) => Row(index).Deadline is var d && d != default ? d : null;

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
    internal int FindLive(OrderKey key)
    {
        if (_live.TryGetValue(key, out var index))
        {
            return index;
        }

        if (_appendedLive is not null)
        {
            foreach (var (live, offset) in _appendedLive)
            {
                if (live.TryGetValue(key, out index))
                {
                    return offset + index;
                }
            }
        }

        return -1;
    }

    /// <summary>For a follow-up, its parent's key (null when the parent is history or for a parent).</summary>
    internal string? ParentKeyAt(int index) => Row(index).Rare is var r and >= 0 ? _rare[r].ParentKey : null;

    /// <summary>For a follow-up, its parent's target date; otherwise null.</summary>
    internal LocalDate? ParentTargetDateAt(int index) => Row(index).Rare is var r and >= 0 ? _rare[r].ParentTargetDate : null;

    /// <summary>True for a follow-up (<see cref="StoredOrder.IsFollowUp"/>).</summary>
    internal bool IsFollowUpAt(int index) => Row(index).Rare is var r and >= 0 && (_rare[r].ParentKey is not null || _rare[r].ParentTargetDate is not null);

    /// <summary>
    /// Moves <paramref name="part"/>'s rows after this table's (<see cref="Concat"/>). Rows are structs: they are copied
    /// (the first ones into this table's last chunk, the rest down within the part's own chunks, which this table then
    /// takes over), their rare fields follow them, and the part's lookup is kept with the row it now starts at.
    /// </summary>
    private void Append(StoredOrderTable part)
    {
        if (part._appendedLive is not null)
        {
            throw new ArgumentException("A part made by Concat cannot be appended again.", nameof(part));
        }

        var offset = Count;
        var rareOffset = _rare.Count;
        _rare.AddRange(part._rare);
        var room = (ChunkSize - (offset & (ChunkSize - 1))) & (ChunkSize - 1); // free rows in this table's last chunk
        var n = part.Count;
        for (var j = 0; j < n; j++)
        {
            ref var source = ref part._chunks[j >> ChunkBits][j & (ChunkSize - 1)];
            if (source.Rare >= 0)
            {
                source.Rare += rareOffset;
            }

            if (j < room)
            {
                _chunks[^1][(offset + j) & (ChunkSize - 1)] = source;
            }
            else if (room > 0)
            {
                var to = j - room; // an earlier place in the part's own chunks: already copied from
                part._chunks[to >> ChunkBits][to & (ChunkSize - 1)] = source;
            }
        }

        var moved = n - Math.Min(room, n); // the rows now at the start of the part's own chunks
        var chunks = (moved + ChunkSize - 1) >> ChunkBits;
        for (var c = 0; c < chunks; c++)
        {
            _chunks.Add(part._chunks[c]);
        }

        if (room > 0 && (moved & (ChunkSize - 1)) is var end and > 0)
        {
            // Past the last moved row are rows copied down from there: cleared, as a new chunk's free rows are.
            Array.Clear(part._chunks[chunks - 1], end, ChunkSize - end);
        }

        Count = offset + n;
        (_appendedLive ??= []).Add((part._live, offset));
    }

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

    /// <summary>A floating visit's deadline; <c>default</c> (1 January of year 1) when it has none (<see cref="StoredOrderTable.DeadlineAt"/>).</summary>
    public LocalDate Deadline;

    // The status in one byte, so that the deadline's four bytes fit in the row's 64 (a re-apply holds 669,066 rows at
    // 300,000 homes): with a four-byte status the row would be 72.
    private byte _status;

    public WorkOrderStatus Status
    {
        readonly get => (WorkOrderStatus)_status;
        set => _status = checked((byte)value);
    }

    /// <summary>The index of the row's rare fields; -1 for none (most rows).</summary>
    public int Rare;

    /// <summary>True when the order is not cancelled and is the first such row of its key (the one the planner matches).</summary>
    public bool Live;
}
