using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;

namespace Scheduler.Domain.Planning;

/// <summary>
/// Compares what config and register want (occurrences from <see cref="Calendars.OccurrenceExpander"/>) with the
/// orders already stored and says what to create, what to cancel and what is already right. Pure and
/// deterministic: the same inputs give the same plan, and applying a plan then planning again gives an empty one.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>History never changes: an order aimed before <c>asOf</c>, a follow-up of such an order, and any
/// completed, no-access or cancelled order are left as they are whatever config says now. One exception: an open
/// floating visit (not a follow-up) whose window has not ended, not wanted any more, and whose check the register
/// records — the register's last-done date (<see cref="Calendars.FloatingRule.LastDoneColumn"/>) later than the check
/// the visit's deadline counted from (<see cref="Calendars.FloatingRule.Covers"/>), the rule the gas booking uses — is cancelled (<see cref="CancellationReason.CheckMade"/>) even
/// once its window has started: the check was made outside the system and imported, and the visit is not to be made
/// (docs/gas-safety.md, "Orders whose check was made elsewhere"). One whose window has ended is left to the booking.</item>
/// <item>A wanted occurrence matches the live (not cancelled) stored order with the same
/// <see cref="Occurrence.Key"/>. If its contractor differs the old order is cancelled and a new one created;
/// likewise if its window or target differ. A follow-up whose parent is replaced is replaced with it.</item>
/// <item>A floating visit (gas safety) whose window moved only because <c>asOf</c> moved on is covered by the
/// open stored order of the same schedule, asset and service whose window overlaps it, so an outstanding
/// gas check is not booked twice — unless the register records that order's check (above): its deadline is gone, and
/// it is cancelled <see cref="CancellationReason.CheckMade"/> while the visit for the new deadline is planned anew.</item>
/// <item>An open future order nobody wants any more is cancelled with a reason. Beyond
/// <c>horizonEnd</c> only structural reasons apply (schedule removed, asset inactive or no longer matching):
/// a shorter horizon does not cancel orders already made.</item>
/// </list>
/// </remarks>
public static class Planner
{
    /// <summary>Builds the plan.</summary>
    /// <param name="config">The configuration the occurrences were expanded from (to say why an order is no longer wanted).</param>
    /// <param name="register">The active estate register (an asset missing from it is inactive).</param>
    /// <param name="desired">Every occurrence wanted with a target in <paramref name="asOf"/>..<paramref name="horizonEnd"/>, with follow-ups.</param>
    /// <param name="stored">Stored orders: at least every order aimed on or after <paramref name="asOf"/> and every open one.</param>
    /// <param name="asOf">Today: orders aimed before it never change.</param>
    /// <param name="horizonEnd">Last target date of <paramref name="desired"/> (inclusive).</param>
    public static Plan Compare(
        EstateConfiguration config,
        EstateRegister register,
        IEnumerable<Occurrence> desired,
        IEnumerable<StoredOrder> stored,
        LocalDate asOf,
        LocalDate horizonEnd) =>
        Compare(config, register, desired, stored, asOf, horizonEnd, settledCreate: null);

    /// <summary>
    /// Builds the plan, and tells <paramref name="settledCreate"/> about the leading creations as soon as they are
    /// certain, while <paramref name="desired"/> is still being enumerated: its n-th call is with
    /// <c>Plan.Create[n - 1]</c>, so storage can start writing them before the compare ends. Which creations come early
    /// is not part of the contract (today: new orders that are not follow-ups and not floating, up to the first
    /// replacement of a stored order, whose cancellation must be written first); the rest of <c>Plan.Create</c>
    /// follows them in the returned plan, in the same order as without the callback.
    /// </summary>
    /// <param name="config">The configuration the occurrences were expanded from (to say why an order is no longer wanted).</param>
    /// <param name="register">The active estate register (an asset missing from it is inactive).</param>
    /// <param name="desired">Every occurrence wanted with a target in <paramref name="asOf"/>..<paramref name="horizonEnd"/>, with follow-ups.</param>
    /// <param name="stored">Stored orders: at least every order aimed on or after <paramref name="asOf"/> and every open one.</param>
    /// <param name="asOf">Today: orders aimed before it never change.</param>
    /// <param name="horizonEnd">Last target date of <paramref name="desired"/> (inclusive).</param>
    /// <param name="settledCreate">Called with each leading creation, in order, on the caller's thread; null for none.</param>
    public static Plan Compare(
        EstateConfiguration config,
        EstateRegister register,
        IEnumerable<Occurrence> desired,
        IEnumerable<StoredOrder> stored,
        LocalDate asOf,
        LocalDate horizonEnd,
        Action<Occurrence>? settledCreate)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(stored);
        Check.Ordered(asOf, horizonEnd, nameof(horizonEnd));
        return new Comparison(config, register, stored, asOf, horizonEnd, settledCreate).Run(desired);
    }

    private sealed class Comparison
    {
        private const int MaxCursors = 64; // schedules times services: a config has a few dozen
        private readonly EstateConfiguration _config;
        private readonly EstateRegister _register;
        private readonly LocalDate _asOf;
        private readonly LocalDate _horizonEnd;

        // The stored orders as rows (StoredOrderTable): the compare reads their columns and makes a StoredOrder only for
        // a cancellation (and the plan's unchanged list makes one when asked), so a re-apply holds no object per order.
        private readonly StoredOrderTable _stored;

        // Whether a wanted occurrence has claimed each live row (StoredRow.Live: the first not cancelled row of its key,
        // found by StoredOrderTable.FindLive); the unmatched are found by walking the rows.
        private readonly bool[] _matched;

        // Where the next wanted occurrence of a schedule and service is likely stored: orders are stored in the order
        // they were planned, which for each schedule and service is the order they are expanded in, so most wanted
        // occurrences are the row after the last one matched for theirs: checked by key first, without a lookup.
        private readonly List<Cursor> _cursors = [];
        private readonly Dictionary<string, Calendars.FloatingRule> _floatingRules; // the floating schedules' rules, by schedule id
        private readonly HashSet<OrderKey> _createKeys = []; // wanted keys with no live order
        private readonly HashSet<string> _replaced = new(StringComparer.Ordinal);
        private readonly List<Occurrence> _create = [];
        private readonly List<PlannedCancellation> _cancel = [];
        // Rows of unchanged orders. The wanted occurrence is kept only for a follow-up (the one thing that can still
        // replace an unchanged order is its parent's replacement): for the rest it would keep every wanted occurrence
        // alive to the end of the compare.
        private readonly List<int> _unchanged;
        private readonly Dictionary<int, Occurrence> _unchangedFollowUps = [];

        // The open floating rows that may cover a wanted floating visit (CoverFloating), made when the first one needs
        // it: by asset id, the first such row of the asset and, in _nextOpenOfAsset, each row's next one (rows in table
        // order, every schedule and service of the asset in one chain; the few a home has are told apart in the walk).
        private Dictionary<string, (int First, int Last)>? _openByAsset;
        private int[]? _nextOpenOfAsset;

        // Told about each creation of a parent while every parent in _create so far was told about (so they are the
        // leading entries of Plan.Create); null once a parent is added that cannot go early.
        private Action<Occurrence>? _settledCreate;

        public Comparison(
            EstateConfiguration config, EstateRegister register, IEnumerable<StoredOrder> stored, LocalDate asOf, LocalDate horizonEnd, Action<Occurrence>? settledCreate)
        {
            _settledCreate = settledCreate;
            _config = config;
            _register = register;
            _asOf = asOf;
            _horizonEnd = horizonEnd;
            _stored = StoredOrderTable.Of(stored);

            // Sized once from the stored count: hundreds of thousands of entries, and every doubling on the way would
            // leave its old array on the large-object heap until the next full collection (peak memory of a re-apply).
            var count = _stored.Count;
            _matched = new bool[count];
            _unchanged = new List<int>(count);

            _floatingRules = new(config.FloatingRules(), StringComparer.Ordinal);
        }

        public Plan Run(IEnumerable<Occurrence> desired)
        {
            var floatingUnmatched = new List<Occurrence>();

            // Keys are compared by their values (OrderKey), not as strings: most wanted keys find their stored order (an
            // unchanged re-apply: all of them), and a first apply creates them all; neither makes a string per key.
            if (desired.TryGetNonEnumeratedCount(out var wantedCount) && wantedCount > _stored.Count)
            {
                _createKeys.EnsureCapacity(wantedCount - _stored.Count); // one array, not a series of doublings
            }

            foreach (var wanted in desired)
            {
                var key = OrderKey.Of(wanted);
                var live = FindLive(wanted, key);
                if (live >= 0)
                {
                    if (!_matched[live])
                    {
                        _matched[live] = true;
                        Match(live, wanted);
                    }
                }
                else if (!_createKeys.Add(key))
                {
                    continue; // the same occurrence twice
                }
                else if (wanted.Parent is null && _floatingRules.ContainsKey(wanted.ScheduleId))
                {
                    floatingUnmatched.Add(wanted);
                }
                else
                {
                    _create.Add(wanted);
                    if (wanted.Parent is null)
                    {
                        // A new order with no live order of its key: nothing decided later moves it or adds a parent
                        // before it (floating creations, follow-ups and later parents all come after it).
                        _settledCreate?.Invoke(wanted);
                    }
                }
            }

            _settledCreate = null;
            foreach (var wanted in floatingUnmatched)
            {
                CoverFloating(wanted);
            }

            ReplaceFollowUpsOfReplacedParents();
            CancelUnwanted();

            // Parents before follow-ups, so storage can link each follow-up to its parent's new row.
            var create = new List<Occurrence>(_create.Count);
            create.AddRange(_create.Where(o => o.Parent is null));
            create.AddRange(_create.Where(o => o.Parent is not null));
            var cancel = _cancel
                .OrderBy(c => c.Order.TargetDate)
                .ThenBy(c => c.Order.Key, StringComparer.Ordinal)
                .ToList();
            return new Plan(_asOf, _horizonEnd, create, cancel, new StoredOrderRows(_stored, [.. _unchanged]));
        }

        /// <summary>
        /// The live row with <paramref name="key"/> (the occurrence's), or -1: the row after the last one found for the
        /// occurrence's schedule and service when it has the key (no hashing, and the rows are read in order), else
        /// the table's lookup. The same row either way: a live row is the only one of its key.
        /// </summary>
        private int FindLive(Occurrence wanted, OrderKey key)
        {
            var slot = CursorOf(wanted);
            var next = slot < 0 ? -1 : _cursors[slot].Next;
            int row;
            if (next >= 0 && next < _stored.Count && _stored.Row(next).Live && _stored.OrderKeyAt(next).Equals(key))
            {
                row = next;
            }
            else
            {
                row = _stored.FindLive(key);
            }

            if (slot >= 0 && row >= 0)
            {
                CollectionsMarshal.AsSpan(_cursors)[slot].Next = row + 1;
            }

            return row;
        }

        /// <summary>The cursor of the occurrence's schedule and service (by reference: config's strings), -1 when there are too many to keep.</summary>
        private int CursorOf(Occurrence wanted)
        {
            var cursors = CollectionsMarshal.AsSpan(_cursors);
            for (var i = 0; i < cursors.Length; i++)
            {
                if (ReferenceEquals(cursors[i].ScheduleId, wanted.ScheduleId) && ReferenceEquals(cursors[i].Service, wanted.Service))
                {
                    return i;
                }
            }

            if (_cursors.Count == MaxCursors)
            {
                return -1;
            }

            _cursors.Add(new Cursor(wanted.ScheduleId, wanted.Service));
            return _cursors.Count - 1;
        }

        /// <summary>Compares a stored order with the occurrence that matched it (already marked matched).</summary>
        private void Match(int index, Occurrence wanted)
        {
            if (IsHistory(index))
            {
                Keep(index, wanted);
                return;
            }

            ref readonly var order = ref _stored.Row(index);
            if (!string.Equals(order.ContractorId, wanted.ContractorId, StringComparison.Ordinal))
            {
                Replace(index, wanted, CancellationReason.ContractorChanged,
                    $"the visit now goes to {Name(wanted.ContractorId)} instead of {Name(order.ContractorId)}");
            }
            else if (order.Window != wanted.Window || (order.TargetDate != wanted.TargetDate && !UrgentDayOnly(wanted)))
            {
                Replace(index, wanted, CancellationReason.ScheduleChanged,
                    $"schedule '{order.ScheduleId}' now wants window {wanted.Window} target {wanted.TargetDate:uuuu-MM-dd} instead of {order.Window} target {order.TargetDate:uuuu-MM-dd}");
            }
            else
            {
                Keep(index, wanted);
            }
        }

        /// <summary>
        /// True when a stored floating visit with <paramref name="wanted"/>'s key and window, aimed at another day, is kept as
        /// it is: an urgent visit (its window opens on as-of, the day it was planned) is aimed at the day the booking can book
        /// it, which depends on the home's letters going by post as well as on the window (docs/gas-safety.md, The urgent
        /// visit's day). Its key holds the window's start, so only an order planned the same day can have it: one planned
        /// before a register import that changed the tenant's channel, or by a version that aimed it at the window's first
        /// working day. The order covers the visit as any open order whose window overlaps it does (<see cref="CoverFloating"/>,
        /// which never compares days), so it is not cancelled and made again for a day's difference.
        /// </summary>
        private bool UrgentDayOnly(Occurrence wanted) =>
            wanted.Parent is null && wanted.Window.Start == _asOf && _floatingRules.ContainsKey(wanted.ScheduleId);

        /// <summary>Row <paramref name="index"/> stays as it is (for now: a follow-up keeps its wanted occurrence in case its parent is replaced).</summary>
        private void Keep(int index, Occurrence wanted)
        {
            _unchanged.Add(index);
            if (_stored.ParentKeyAt(index) is not null)
            {
                _unchangedFollowUps[index] = wanted;
            }
        }

        private void CoverFloating(Occurrence wanted)
        {
            var cover = FindCover(wanted);
            if (cover < 0)
            {
                _create.Add(wanted);
                return;
            }

            _matched[cover] = true;
            var contractorId = _stored.Row(cover).ContractorId;
            if (!IsHistory(cover) && !string.Equals(contractorId, wanted.ContractorId, StringComparison.Ordinal))
            {
                Replace(cover, wanted, CancellationReason.ContractorChanged,
                    $"the visit now goes to {Name(wanted.ContractorId)} instead of {Name(contractorId)}");
            }
            else
            {
                Keep(cover, wanted);
            }
        }

        /// <summary>
        /// The open stored visit that covers <paramref name="wanted"/> (a floating visit no live order has the key of), or -1:
        /// of the live, open, floating rows that are not follow-ups, with the wanted visit's schedule, asset and service, not
        /// matched yet, whose window overlaps the wanted one and whose check the register does not record
        /// (<see cref="CheckRecordedFor"/>), the one aimed first (the first in the table of those aimed that day). A loop over
        /// the asset's few rows: a weekly full compare at 300,000 homes looks for ~225,000 covers (one a gas home whose
        /// window moved on with as-of), and a query per cover (filter, sort, take one, a list) made most of its garbage.
        /// </summary>
        private int FindCover(Occurrence wanted)
        {
            if (_openByAsset is null)
            {
                IndexOpenFloating();
            }

            if (!_openByAsset!.TryGetValue(wanted.AssetId, out var chain))
            {
                return -1;
            }

            var best = -1;
            for (var row = chain.First; row >= 0; row = _nextOpenOfAsset![row])
            {
                ref readonly var order = ref _stored.Row(row);
                if (string.Equals(order.ScheduleId, wanted.ScheduleId, StringComparison.Ordinal)
                    && string.Equals(order.Service, wanted.Service, StringComparison.Ordinal)
                    && !IsMatched(row)
                    && order.Window.Overlaps(wanted.Window)
                    && (best < 0 || order.TargetDate < _stored.Row(best).TargetDate)
                    && !CheckRecordedFor(row, wanted))
                {
                    best = row;
                }
            }

            return best;
        }

        /// <summary>Makes <see cref="_openByAsset"/> and <see cref="_nextOpenOfAsset"/>: every live, open, floating row that is not a follow-up, by asset, in table order.</summary>
        private void IndexOpenFloating()
        {
            var byAsset = new Dictionary<string, (int First, int Last)>(StringComparer.Ordinal);
            var next = new int[_stored.Count];
            string? schedule = null; // the last row's schedule and whether it floats: rows hold config's strings, a few distinct
            var floats = false;
            for (var i = 0; i < next.Length; i++)
            {
                ref readonly var row = ref _stored.Row(i);
                if (!row.Live || !row.Status.IsOpen())
                {
                    continue;
                }

                if (!ReferenceEquals(row.ScheduleId, schedule))
                {
                    schedule = row.ScheduleId;
                    floats = _floatingRules.ContainsKey(schedule);
                }

                if (!floats || _stored.IsFollowUpAt(i))
                {
                    continue;
                }

                next[i] = -1;
                ref var chain = ref CollectionsMarshal.GetValueRefOrAddDefault(byAsset, row.AssetId, out var exists);
                if (exists)
                {
                    next[chain.Last] = i;
                    chain.Last = i;
                }
                else
                {
                    chain = (i, i);
                }
            }

            _openByAsset = byAsset;
            _nextOpenOfAsset = next;
        }

        private void ReplaceFollowUpsOfReplacedParents()
        {
            if (_replaced.Count == 0)
            {
                return;
            }

            var kept = new List<int>(_unchanged.Count);
            foreach (var index in _unchanged)
            {
                if (_stored.ParentKeyAt(index) is { } parent && _replaced.Contains(parent) && !IsHistory(index))
                {
                    Replace(index, _unchangedFollowUps[index], CancellationReason.ParentReplaced, $"its parent order for {parent} is replaced");
                }
                else
                {
                    kept.Add(index);
                }
            }

            _unchanged.Clear();
            _unchanged.AddRange(kept);
        }

        private void CancelUnwanted()
        {
            for (var index = 0; index < _stored.Count; index++)
            {
                if (!_stored.Row(index).Live || _matched[index])
                {
                    continue;
                }

                if (CheckRecorded(index) is { } recorded)
                {
                    _cancel.Add(new PlannedCancellation(_stored[index], CancellationReason.CheckMade, recorded));
                    continue;
                }

                if (IsHistory(index))
                {
                    continue;
                }

                var order = _stored[index];
                var (reason, detail, structural) = WhyUnwanted(order);
                var beyondHorizon = order.TargetDate > _horizonEnd && (order.ParentKey is null || !IsWanted(order.ParentKey));
                if (beyondHorizon && !structural)
                {
                    continue;
                }

                _cancel.Add(new PlannedCancellation(order, reason, detail));
            }
        }

        private (CancellationReason Reason, string Detail, bool Structural) WhyUnwanted(StoredOrder order)
        {
            var schedule = _config.FindSchedule(order.ScheduleId);
            if (schedule is null)
            {
                return (CancellationReason.ScheduleRemoved, $"schedule '{order.ScheduleId}' is no longer in config", true);
            }

            var asset = _register.FindAsset(order.AssetId);
            if (asset is null)
            {
                return (CancellationReason.AssetInactive, $"asset '{order.AssetId}' is no longer in the estate register", true);
            }

            if (asset.Kind != schedule.AppliesTo || !asset.Matches(schedule.Where))
            {
                var where = string.Join(", ", schedule.Where.Select(w => $"{w.Key}={w.Value}"));
                return (CancellationReason.AssetNoLongerMatches,
                    $"asset '{order.AssetId}' no longer matches schedule '{schedule.Id}'" + (where.Length > 0 ? $" (where {where})" : string.Empty),
                    true);
            }

            if (order.IsFollowUp && !schedule.FollowUps.Any(f => f.Service == order.Service))
            {
                return (CancellationReason.ScheduleChanged, $"schedule '{schedule.Id}' no longer has a '{order.Service}' follow-up", true);
            }

            if (order.ParentKey is { } parent && _replaced.Contains(parent))
            {
                return (CancellationReason.ParentReplaced, $"its parent order for {parent} is replaced", false);
            }

            return (CancellationReason.ScheduleChanged,
                $"schedule '{schedule.Id}' no longer wants a '{order.Service}' visit to '{order.AssetId}' in window {order.Window}",
                false);
        }

        private void Replace(int index, Occurrence wanted, CancellationReason reason, string detail)
        {
            if (wanted.Parent is null)
            {
                _settledCreate = null; // this parent waits for its stored order's cancellation, and so does every later one
            }

            var order = _stored[index];
            _cancel.Add(new PlannedCancellation(order, reason, detail));
            _replaced.Add(order.Key);
            _create.Add(wanted);
        }

        /// <summary>True when an occurrence with <paramref name="key"/> is wanted (stored and matched, or to be created).</summary>
        private bool IsWanted(string key) =>
            IsWanted(OrderKey.Parse(key));

        private bool IsWanted(OrderKey key) =>
            _createKeys.Contains(key) || IsMatched(key);

        private bool IsMatched(int index) => _matched[index]; // a live row: the one its key finds

        private bool IsMatched(OrderKey key) => _stored.FindLive(key) is var live and >= 0 && _matched[live];

        /// <summary>
        /// Why an unwanted row is a visit whose check is already made, or null: an open floating visit, not a follow-up,
        /// whose window has not ended, of an asset the register still holds for its schedule, whose register last-done
        /// date is later than the check the visit's deadline counted from (<see cref="Calendars.FloatingRule.Covers"/>:
        /// the booking's rule for "this deadline's check is known", <c>GasCheckedOrders</c>; one whose window has ended is
        /// the booking's to close, as before) — made in its window, or before it opened (reg. 36A: then it counts from its
        /// own day). A row with no deadline (a home never checked, or stored before <c>work_orders.deadline</c> existed)
        /// has no check it counted from that the row says: for it the date must be on or after the day its window opened,
        /// the rule before (the cautious reading: a visit that may still be due is kept). Such a row is never wanted: the
        /// floating projection counts from that date or a later one, so its first window opens ten months on.
        /// </summary>
        private string? CheckRecorded(int index)
        {
            ref readonly var row = ref _stored.Row(index);
            if (!row.Status.IsOpen() || row.Window.End < _asOf || !_floatingRules.TryGetValue(row.ScheduleId, out var rule) || _stored.IsFollowUpAt(index))
            {
                return null;
            }

            var schedule = _config.FindSchedule(row.ScheduleId);
            if (schedule is null || _register.FindAsset(row.AssetId) is not { } asset || asset.Kind != schedule.AppliesTo || !asset.Matches(schedule.Where)
                || Calendars.OccurrenceExpander.RegisteredLastDone(rule, asset) is not { } registered)
            {
                return null;
            }

            var recorded = $"the check for this visit is recorded in the register ({rule.LastDoneColumn.Replace('_', ' ')} {registered:uuuu-MM-dd}, ";
            if (_stored.DeadlineAt(index) is { } deadline)
            {
                return rule.Covers(deadline, registered)
                    ? recorded + $"later than the check its deadline {deadline:uuuu-MM-dd} counted from)"
                    : null;
            }

            return registered >= row.Window.Start ? recorded + $"on or after its window opened on {row.Window.Start:uuuu-MM-dd})" : null;
        }

        /// <summary>
        /// True when <paramref name="index"/>, about to cover <paramref name="wanted"/>, is an order whose check the register
        /// records (<see cref="CheckRecorded"/>), so it covers nothing. Nearly every cover keeps a deadline not before the
        /// wanted visit's (its window moved only because as-of moved on), and such a one never is: the wanted visit's
        /// deadline, at most the day after its window, counts from the register's date or a later one, so a register date
        /// whose deadline is later than the cover's would make the wanted deadline later too. Those are passed over
        /// without looking the asset up (the next day's full compare meets ~225,000 covers at 300,000 homes).
        /// </summary>
        private bool CheckRecordedFor(int index, Occurrence wanted) =>
            !(_stored.DeadlineAt(index) is { } deadline && deadline > wanted.Window.End) && CheckRecorded(index) is not null;

        /// <summary>True for an order that planning never changes: aimed before as-of, a follow-up of such, or closed.</summary>
        private bool IsHistory(int index)
        {
            ref readonly var order = ref _stored.Row(index);
            if (!order.Status.IsOpen() || order.TargetDate < _asOf)
            {
                return true;
            }

            if (order.Rare < 0)
            {
                return false; // no parent
            }

            return _stored.ParentTargetDateAt(index) < _asOf
                || (_stored.ParentKeyAt(index) is { } parent && _stored.FindLive(OrderKey.Parse(parent)) is var p and >= 0 && _stored.Row(p).TargetDate < _asOf);
        }

        private static string Name(string? contractorId) => contractorId is null ? "no contractor" : $"'{contractorId}'";

        /// <summary>Where the next stored order of a schedule and service is likely to be (<see cref="FindLive"/>).</summary>
        private struct Cursor(string scheduleId, string service)
        {
            public readonly string ScheduleId = scheduleId;
            public readonly string Service = service;
            public int Next = -1;
        }
    }
}
