using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Reports;

/// <summary>
/// The work that is overdue on a day: orders not completed and not cancelled (planned, issued, appointed or
/// no-access) whose time ran out before that day began. Planned work is overdue when its window ended before the day
/// (<c>window_end &lt; asOf</c>); a repair (an order with <c>sla_due_at</c>) when its deadline is at or before the start
/// of the day in the landlord's zone, so its last day has passed. An emergency due at 03:30 on the day is therefore
/// not yet overdue on that day (it is on the next); a 17-day repair whose last day was yesterday is. A gas order whose
/// deadline's check is known — a check of the home later than the check that deadline counted from
/// (<see cref="FloatingRule.Covers"/>, the booking's and the planner's rule): the latest completion's effective date
/// (<c>gas_checks</c>, made on another order) or the register's <c>last_gas_check</c>, whether made in the order's window
/// or before it opened — is not outstanding work and is not listed: above all a <c>no-access</c> order of a home
/// escalated after its last allowed attempt, whose check was then made on the home's next order or outside the system
/// (the booking cancels such an order while it is still open, reason <c>check-made</c>, but a no-access order is a
/// reported visit and keeps its status). An order with no deadline, or of a schedule config no longer has as floating,
/// is listed: nothing says what its check counted from.
/// </summary>
public static class OverdueQuery
{
    /// <summary>The overdue orders on <paramref name="asOf"/>, by contractor id (none last), then due date, then reference.</summary>
    /// <param name="db">The database.</param>
    /// <param name="asOf">The day.</param>
    /// <param name="zone">The landlord's zone (a repair's SLA deadline is an instant).</param>
    /// <param name="floatingRules">The floating schedules' rules by schedule id (<c>EstateConfiguration.FloatingRules</c>): whether a gas order's check is known.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<List<OverdueOrder>> ListAsync(
        EstateDbContext db, LocalDate asOf, DateTimeZone zone, IReadOnlyDictionary<string, FloatingRule> floatingRules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(floatingRules);
        var startOfDay = zone.AtStartOfDay(asOf).ToInstant();
        var rows = await db.WorkOrders.AsNoTracking()
            .Where(o => o.Status != WorkOrderStatus.Completed && o.Status != WorkOrderStatus.Cancelled)
            .Where(o => (o.SlaDueAt == null && o.WindowEnd < asOf) || (o.SlaDueAt != null && o.SlaDueAt <= startOfDay))
            .Select(o => new { o.Reference, o.Service, o.AssetId, o.ContractorId, o.Status, o.SlaCategory, o.WindowEnd, o.SlaDueAt, o.ScheduleId, o.Deadline })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);

        // The homes of the gas orders among them (few: the overdue ones), with the date their next deadline counts from.
        var homes = rows.Where(o => o.Deadline is not null && floatingRules.ContainsKey(o.ScheduleId)).Select(o => o.AssetId).Distinct(StringComparer.Ordinal).ToList();
        var countsFrom = homes.Count == 0 ? [] : await CountsFromAsync(db, homes, cancellationToken).ConfigureAwait(false);
        return [.. rows
            .Where(o => o.Deadline is not { } deadline || !floatingRules.TryGetValue(o.ScheduleId, out var rule)
                || !countsFrom.TryGetValue(o.AssetId, out var from) || !rule.Covers(deadline, from))
            .Select(o => new OverdueOrder(
                o.Reference, o.Service, o.AssetId, o.ContractorId, o.Status, o.SlaCategory,
                o.SlaDueAt is { } due ? LastDay(due, zone) : o.WindowEnd, o.SlaDueAt))
            .OrderBy(o => o.ContractorId is null)
            .ThenBy(o => o.ContractorId, StringComparer.Ordinal)
            .ThenBy(o => o.DueDate)
            .ThenBy(o => o.Reference, StringComparer.Ordinal)];
    }

    /// <summary>
    /// For each of <paramref name="homes"/> with a check known, the later of its latest completion's effective date
    /// (<c>gas_checks</c>) and the register's <c>last_gas_check</c> (<see cref="FloatingRule.CountsFrom"/>).
    /// </summary>
    private static async Task<Dictionary<string, LocalDate>> CountsFromAsync(EstateDbContext db, List<string> homes, CancellationToken cancellationToken)
    {
        var completed = await db.GasChecks.AsNoTracking()
            .Where(c => homes.Contains(c.HomeId))
            .GroupBy(c => c.HomeId)
            .Select(g => new { HomeId = g.Key, Effective = g.Max(c => c.EffectiveOn) })
            .ToDictionaryAsync(c => c.HomeId, c => c.Effective, StringComparer.Ordinal, cancellationToken)
            .ConfigureAwait(false);
        var registered = await db.Homes.AsNoTracking()
            .Where(h => homes.Contains(h.Id) && h.LastGasCheck != null)
            .Select(h => new { h.Id, h.LastGasCheck })
            .ToDictionaryAsync(h => h.Id, h => h.LastGasCheck!.Value, StringComparer.Ordinal, cancellationToken)
            .ConfigureAwait(false);
        var result = new Dictionary<string, LocalDate>(StringComparer.Ordinal);
        foreach (var home in homes)
        {
            if (FloatingRule.CountsFrom(completed.TryGetValue(home, out var c) ? c : null, registered.TryGetValue(home, out var r) ? r : null) is { } from)
            {
                result[home] = from;
            }
        }

        return result;
    }

    /// <summary>The local date of the last moment before <paramref name="due"/>: a deadline at midnight belongs to the day it closes.</summary>
    internal static LocalDate LastDay(Instant due, DateTimeZone zone) => (due - Duration.Epsilon).InZone(zone).Date;
}
