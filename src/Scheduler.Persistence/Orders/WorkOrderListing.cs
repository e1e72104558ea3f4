using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Orders;

/// <summary>The stored work orders, filtered by target date and status, for <c>estate-scheduler orders</c>.</summary>
public static class WorkOrderListing
{
    /// <summary>
    /// Orders whose target date is in <paramref name="from"/>..<paramref name="to"/> (both inclusive; null = open
    /// ended) and, when given, whose status is <paramref name="status"/>; ordered by target date, then reference.
    /// </summary>
    public static async Task<List<WorkOrderLine>> ListAsync(
        EstateDbContext db, LocalDate? from, LocalDate? to, WorkOrderStatus? status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.WorkOrders.AsNoTracking();
        if (from is { } f)
        {
            query = query.Where(o => o.TargetDate >= f);
        }

        if (to is { } t)
        {
            query = query.Where(o => o.TargetDate <= t);
        }

        if (status is { } s)
        {
            query = query.Where(o => o.Status == s);
        }

        return await query
            .OrderBy(o => o.TargetDate).ThenBy(o => o.Reference)
            .Select(o => new WorkOrderLine(o.Reference, o.ScheduleId, o.Service, o.AssetId, o.WindowStart, o.WindowEnd, o.TargetDate, o.Status, o.ContractorId))
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
    }
}
