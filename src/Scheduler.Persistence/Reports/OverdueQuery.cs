using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Reports;

/// <summary>
/// The work that is overdue on a day: orders not completed and not cancelled (planned, issued, appointed or
/// no-access) whose time ran out before that day began. Planned work is overdue when its window ended before the day
/// (<c>window_end &lt; asOf</c>); a repair (an order with <c>sla_due_at</c>) when its deadline is at or before the start
/// of the day in the landlord's zone, so its last day has passed. An emergency due at 03:30 on the day is therefore
/// not yet overdue on that day (it is on the next); a 17-day repair whose last day was yesterday is. A gas order whose
/// deadline's check is known (a <c>gas_checks</c> row for the home and that deadline, made on another order, or the
/// register's <c>last_gas_check</c> on or after the order's window opened: the booking's rule) is not outstanding work and
/// is not listed: above all a <c>no-access</c> order of a home escalated after its last allowed attempt, whose check was
/// then made on the home's next order (the booking cancels such an order while it is still open, reason
/// <c>check-made</c>, but a no-access order is a reported visit and keeps its status).
/// </summary>
public static class OverdueQuery
{
    /// <summary>The overdue orders on <paramref name="asOf"/>, by contractor id (none last), then due date, then reference.</summary>
    public static async Task<List<OverdueOrder>> ListAsync(
        EstateDbContext db, LocalDate asOf, DateTimeZone zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(zone);
        var startOfDay = zone.AtStartOfDay(asOf).ToInstant();
        var rows = await db.WorkOrders.AsNoTracking()
            .Where(o => o.Status != WorkOrderStatus.Completed && o.Status != WorkOrderStatus.Cancelled)
            .Where(o => (o.SlaDueAt == null && o.WindowEnd < asOf) || (o.SlaDueAt != null && o.SlaDueAt <= startOfDay))
            .Where(o => o.Deadline == null
                || (!db.GasChecks.Any(c => c.HomeId == o.AssetId && c.PreviousDeadline == o.Deadline)
                    && !db.Homes.Any(h => h.Id == o.AssetId && h.LastGasCheck >= o.WindowStart)))
            .Select(o => new { o.Reference, o.Service, o.AssetId, o.ContractorId, o.Status, o.SlaCategory, o.WindowEnd, o.SlaDueAt })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return [.. rows
            .Select(o => new OverdueOrder(
                o.Reference, o.Service, o.AssetId, o.ContractorId, o.Status, o.SlaCategory,
                o.SlaDueAt is { } due ? LastDay(due, zone) : o.WindowEnd, o.SlaDueAt))
            .OrderBy(o => o.ContractorId is null)
            .ThenBy(o => o.ContractorId, StringComparer.Ordinal)
            .ThenBy(o => o.DueDate)
            .ThenBy(o => o.Reference, StringComparer.Ordinal)];
    }

    /// <summary>The local date of the last moment before <paramref name="due"/>: a deadline at midnight belongs to the day it closes.</summary>
    internal static LocalDate LastDay(Instant due, DateTimeZone zone) => (due - Duration.Epsilon).InZone(zone).Date;
}
