using Npgsql;
using NodaTime;
using NodaTime.Text;
using Scheduler.Domain;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// What the floating schedules (gas safety) of one configuration count from, read from the database, and the deadline
/// each new floating order is booked for (stored in <c>work_orders.deadline</c>, so the next apply can apply reg. 36A to
/// its completion).
/// </summary>
internal sealed class FloatingHistory
{
    private readonly Dictionary<string, FloatingRule> _rules;
    private readonly Dictionary<(string ScheduleId, string AssetId), LocalDate> _lastDone;

    // The homes of each floating schedule by the date they count from, made on the first incremental night that used this
    // history (FloatingProjectionIndex), and the (schedule, asset) read again since they were last brought up to date, with
    // the date this history had for each then (null: none).
    private readonly Dictionary<string, FloatingProjectionIndex> _indexes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string ScheduleId, string AssetId), LocalDate?> _moved = [];

    private FloatingHistory(Dictionary<string, FloatingRule> rules, Dictionary<(string ScheduleId, string AssetId), LocalDate> lastDone)
    {
        _rules = rules;
        _lastDone = lastDone;
    }

    /// <summary>No floating schedules and no completions: for a compare that expands nothing.</summary>
    public static FloatingHistory None { get; } = new([], []);

    /// <summary>
    /// Reads the latest completion of each floating schedule and asset (<see cref="StoredOrderReader.LastCompletionsAsync"/>)
    /// and turns it into the date the next deadline counts from: <see cref="FloatingRule.EffectiveDate"/> of the
    /// completion against the deadline the order was booked for — inside the early window (its start to the deadline,
    /// inclusive) that is the deadline itself, so the anniversary is kept; earlier or later it is the completion date.
    /// An order with no stored deadline counts from its completion date (the cautious reading).
    /// </summary>
    public static async Task<FloatingHistory> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, EstateConfiguration config, CancellationToken cancellationToken)
    {
        var rules = RulesOf(config);
        var completions = await StoredOrderReader.LastCompletionsAsync(connection, transaction, rules.Keys, assets: null, cancellationToken).ConfigureAwait(false);
        return new FloatingHistory(rules, EffectiveDates(rules, completions));
    }

    /// <summary>
    /// The history of <paramref name="config"/>'s floating schedules made from <paramref name="completions"/> (as
    /// <see cref="StoredOrderReader.LastCompletionsAsync"/> gives them: the latest completion and its deadline by
    /// schedule and asset), as <see cref="ReadAsync"/> makes it.
    /// </summary>
    internal static FloatingHistory Of(
        EstateConfiguration config, IReadOnlyDictionary<(string ScheduleId, string AssetId), (LocalDate CompletedOn, LocalDate? Deadline)> completions)
    {
        var rules = RulesOf(config);
        return new FloatingHistory(rules, EffectiveDates(rules, completions));
    }

    /// <summary>
    /// Brings this history up to date for <paramref name="assets"/> only: reads their latest completions again (every floating
    /// schedule of the same configuration) and replaces what it held for them; every other asset keeps what it had. For a
    /// history kept between nights (<see cref="PlanningRegisterCache"/>): completions change only through writes the
    /// <c>planning_changes</c> trigger records, so the assets of those changes are all that can have moved. Changes this
    /// instance (it is not shared while a generation runs).
    /// </summary>
    public async Task RefreshAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<string> assets, CancellationToken cancellationToken)
    {
        if (assets.Count == 0 || _rules.Count == 0)
        {
            return;
        }

        var completions = await StoredOrderReader.LastCompletionsAsync(connection, transaction, _rules.Keys, assets, cancellationToken).ConfigureAwait(false);
        Refresh(assets, completions);
    }

    /// <summary>
    /// What <see cref="RefreshAsync"/> does with the latest completions it read for <paramref name="assets"/>: replaces what
    /// this history held for them with <paramref name="completions"/> (none for an asset: it has no completion any more).
    /// </summary>
    internal void Refresh(
        IReadOnlyCollection<string> assets, IReadOnlyDictionary<(string ScheduleId, string AssetId), (LocalDate CompletedOn, LocalDate? Deadline)> completions)
    {
        foreach (var asset in assets)
        {
            foreach (var scheduleId in _rules.Keys)
            {
                var key = (scheduleId, asset);
                if (_indexes.Count > 0)
                {
                    _moved.TryAdd(key, LastDone(scheduleId, asset)); // the first date since the indexes were brought up to date
                }

                _lastDone.Remove(key);
            }
        }

        foreach (var ((scheduleId, assetId), (completed, deadline)) in completions)
        {
            _lastDone[(scheduleId, assetId)] = deadline is { } d ? _rules[scheduleId].EffectiveDate(d, completed) : completed;
        }
    }

    /// <summary>
    /// Adds to <paramref name="into"/> the id of every asset with a visit of floating schedule <paramref name="schedule"/>
    /// whose target is in <paramref name="from"/>..<paramref name="to"/>: exactly the assets of
    /// <c>expander.Expand(register, from, to, asOf, new ExpansionFilter(schedule.Id), lastDone: this history)</c>. For a
    /// schedule a <see cref="FloatingProjectionIndex"/> serves, the homes are grouped by the date they count from (kept
    /// with this history from one night to the next, for the same <paramref name="register"/>), and one home of each
    /// date is expanded; otherwise, and when this history is not <paramref name="kept"/> for the next night (grouping the
    /// homes costs more than one projection of each), the whole register is expanded for the schedule.
    /// </summary>
    public void AddAssetsWithVisits(
        Schedule schedule, EstateRegister register, OccurrenceExpander expander, LocalDate from, LocalDate to, LocalDate asOf, bool kept, ISet<string> into)
    {
        LocalDate? LastDoneOf(Schedule s, Asset a) => LastDone(s.Id, a.Id);
        if (!kept || !FloatingProjectionIndex.Serves(schedule))
        {
            foreach (var occurrence in expander.Expand(register, from, to, asOf, new ExpansionFilter(schedule.Id), LastDoneOf))
            {
                into.Add(occurrence.AssetId);
            }

            return;
        }

        if (_moved.Count > 0)
        {
            foreach (var (scheduleId, grouped) in _indexes)
            {
                grouped.Update(_moved.Where(m => m.Key.ScheduleId == scheduleId).Select(m => (m.Key.AssetId, m.Value)), LastDone);
            }

            _moved.Clear();
        }

        if (!_indexes.TryGetValue(schedule.Id, out var index) || !ReferenceEquals(index.Register, register))
        {
            index = FloatingProjectionIndex.Build(register, schedule, LastDone);
            _indexes[schedule.Id] = index;
        }

        index.AddHomesWithVisits(expander, from, to, asOf, LastDoneOf, into);
    }

    /// <summary>
    /// Takes over the homes grouped by date that <paramref name="previous"/> (the history kept before this one was read
    /// whole, by a full compare, for the same configuration) had made, marking to be moved every asset whose date differs
    /// between the two: so the night after a weekly compare does not group every home again. Nothing when this history
    /// has its own already or the previous had none. <paramref name="previous"/> is not to be used afterwards.
    /// </summary>
    internal void TakeIndexesOf(FloatingHistory previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (previous._indexes.Count == 0 || _indexes.Count > 0 || !_rules.Keys.ToHashSet(StringComparer.Ordinal).SetEquals(previous._rules.Keys))
        {
            return;
        }

        // What the previous history's indexes were made with, for every (schedule, asset) whose date is not the same here.
        LocalDate? IndexedWith((string, string) key) => previous._moved.TryGetValue(key, out var was) ? was : previous.LastDone(key.Item1, key.Item2);
        foreach (var (key, was) in previous._moved)
        {
            _moved[key] = was;
        }

        foreach (var (key, date) in _lastDone)
        {
            if (!previous._lastDone.TryGetValue(key, out var was) || was != date)
            {
                _moved.TryAdd(key, IndexedWith(key));
            }
        }

        foreach (var key in previous._lastDone.Keys)
        {
            if (!_lastDone.ContainsKey(key))
            {
                _moved.TryAdd(key, IndexedWith(key));
            }
        }

        foreach (var (scheduleId, index) in previous._indexes)
        {
            _indexes[scheduleId] = index;
        }
    }

    /// <summary>
    /// The effective date of the last completion in the database, or null. What a projection counts from is the later of
    /// it and the register's column (<see cref="FloatingRule.CountsFrom"/>; <see cref="CountsFrom"/>).
    /// </summary>
    public LocalDate? LastDone(string scheduleId, string assetId) =>
        _lastDone.TryGetValue((scheduleId, assetId), out var done) ? done : null;

    /// <summary>
    /// The date schedule <paramref name="scheduleId"/>'s next deadline for <paramref name="assetId"/> counts from: the later
    /// of <see cref="LastDone"/> and <paramref name="registered"/>, the register's last-done column for the asset.
    /// </summary>
    public LocalDate? CountsFrom(string scheduleId, string assetId, LocalDate? registered) =>
        FloatingRule.CountsFrom(LastDone(scheduleId, assetId), registered);

    /// <summary>
    /// The deadline a new order for <paramref name="occurrence"/> is booked for, or null when it is not a floating
    /// visit or no deadline is known. An on-time booking's window ends the day before its deadline
    /// (<see cref="FloatingRule.BookingWindow"/>); an overdue booking (<see cref="OccurrenceExpander"/>: a window of
    /// <see cref="OccurrenceExpander.OverdueWindowDays"/> days from as-of, when the deadline is already past or has no
    /// working day left before it) is for the deadline counted from the later of the last completion and the register's
    /// date (as the projection counts), already missed.
    /// </summary>
    public LocalDate? DeadlineOf(Occurrence occurrence, EstateRegister register, LocalDate asOf)
    {
        if (occurrence.Parent is not null || !_rules.TryGetValue(occurrence.ScheduleId, out var rule))
        {
            return null;
        }

        var afterWindow = occurrence.Window.End.PlusDays(1);
        if (occurrence.Window.Start != asOf)
        {
            return afterWindow; // only the first visit from as-of can be overdue
        }

        var last = CountsFrom(occurrence.ScheduleId, occurrence.AssetId, RegisterLastDone(register, occurrence.AssetId, rule));
        LocalDate? previous = last is { } l ? rule.Deadline(l) : null;
        return previous == afterWindow ? afterWindow : previous;
    }

    private static Dictionary<string, FloatingRule> RulesOf(EstateConfiguration config)
    {
        var rules = new Dictionary<string, FloatingRule>(StringComparer.Ordinal);
        foreach (var schedule in config.Schedules)
        {
            if (schedule.Recurrence.OfType<FloatingRule>().FirstOrDefault() is { } rule)
            {
                rules[schedule.Id] = rule;
            }
        }

        return rules;
    }

    private static Dictionary<(string, string), LocalDate> EffectiveDates(
        Dictionary<string, FloatingRule> rules, IReadOnlyDictionary<(string ScheduleId, string AssetId), (LocalDate CompletedOn, LocalDate? Deadline)> completions)
    {
        var lastDone = new Dictionary<(string, string), LocalDate>(completions.Count);
        foreach (var ((scheduleId, assetId), (completed, deadline)) in completions)
        {
            lastDone[(scheduleId, assetId)] = deadline is { } d ? rules[scheduleId].EffectiveDate(d, completed) : completed;
        }

        return lastDone;
    }

    private static LocalDate? RegisterLastDone(EstateRegister register, string assetId, FloatingRule rule) =>
        register.FindAsset(assetId) is { } asset
        && asset.Attributes.TryGetValue(rule.LastDoneColumn, out var text)
        && LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } parsed
            ? parsed.Value
            : null;
}
