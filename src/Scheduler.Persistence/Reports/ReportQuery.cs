using Microsoft.EntityFrameworkCore;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Reports;

/// <summary>Reads what the yearly performance report needs from the database, in a few plain queries.</summary>
public static class ReportQuery
{
    /// <summary>
    /// The orders, names and gas homes for calendar year <paramref name="year"/> (1 January to 31 December, dates and
    /// instants in <paramref name="zone"/>). Planned work counts in the year of its target date; a repair (an order
    /// with <c>sla_category</c>) is read when it was reported or completed in the year. Cancelled orders are left out.
    /// <paramref name="gasScheduleIds"/> are the floating gas-safety schedules whose completions keep a home's record in
    /// date; with the register's <c>last_gas_check</c> (when not after 31 December) they give each gas home's deadline at
    /// the year end.
    /// </summary>
    public static async Task<ReportData> ReadAsync(
        EstateDbContext db, int year, DateTimeZone zone, IReadOnlyCollection<string> gasScheduleIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(gasScheduleIds);
        var first = new LocalDate(year, 1, 1);
        var last = new LocalDate(year, 12, 31);
        var start = zone.AtStartOfDay(first).ToInstant();
        var end = zone.AtStartOfDay(first.PlusYears(1)).ToInstant();

        var orders = await db.WorkOrders.AsNoTracking()
            .Where(o => o.Status != WorkOrderStatus.Cancelled)
            .Where(o => (o.SlaCategory == null && o.TargetDate >= first && o.TargetDate <= last)
                || (o.SlaCategory != null
                    && ((o.ReportedAt >= start && o.ReportedAt < end) || (o.CompletedAt >= start && o.CompletedAt < end)
                        || (o.ReportedAt == null && o.TargetDate >= first && o.TargetDate <= last))))
            .OrderBy(o => o.Reference)
            .Select(o => new
            {
                o.Reference, o.ScheduleId, o.Service, o.AssetId, o.AssetKind, o.ContractorId, o.WindowStart, o.WindowEnd,
                o.TargetDate, o.Status, o.CompletedOn, o.CompletedAt, o.Deadline, o.SlaCategory, o.ReportedAt, o.SlaDueAt,
                IsFollowUp = o.ParentId != null,
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        var siteAreas = await db.Sites.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.AreaId, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        var blocks = await db.Blocks.AsNoTracking().Select(b => new { b.Id, b.AreaId, b.Cleaning })
            .ToDictionaryAsync(b => b.Id, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        var homes = await db.Homes.AsNoTracking().Select(h => new { h.Id, h.AreaId, h.Gas, h.Active, h.LastGasCheck })
            .ToDictionaryAsync(h => h.Id, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);

        var rows = orders.Select(o =>
        {
            var (area, cleaning) = o.AssetKind switch
            {
                "site" => (siteAreas.GetValueOrDefault(o.AssetId), null),
                "block" => blocks.TryGetValue(o.AssetId, out var b) ? (b.AreaId, b.Cleaning) : (null, null),
                _ => (homes.TryGetValue(o.AssetId, out var h) ? h.AreaId : null, (string?)null),
            };
            return new ReportOrder(
                o.Reference, o.ScheduleId, o.Service, o.AssetId, o.AssetKind, area, cleaning, o.ContractorId, o.WindowStart,
                o.WindowEnd, o.TargetDate, o.Status, o.CompletedOn, o.CompletedAt, o.Deadline, o.SlaCategory, o.ReportedAt, o.SlaDueAt)
            {
                IsFollowUp = o.IsFollowUp,
            };
        }).ToList();

        var contractors = await db.Contractors.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        var areas = await db.Areas.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);

        var checks = await db.WorkOrders.AsNoTracking()
            .Where(o => o.Status == WorkOrderStatus.Completed && gasScheduleIds.Contains(o.ScheduleId) && o.CompletedOn != null && o.CompletedOn <= last)
            .Select(o => new { o.AssetId, CompletedOn = o.CompletedOn!.Value, o.Deadline })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var lastEffective = new Dictionary<string, LocalDate>(StringComparer.Ordinal);
        foreach (var check in checks)
        {
            // reg. 36A: a check in the 2 months ending on the deadline counts as made on it.
            var effective = check.Deadline is { } d ? GasSafetyRecord.Rule.EffectiveDate(d, check.CompletedOn) : check.CompletedOn;
            if (!lastEffective.TryGetValue(check.AssetId, out var known) || effective > known)
            {
                lastEffective[check.AssetId] = effective;
            }
        }

        var gasHomes = homes.Values
            .Where(h => h.Active && h.Gas)
            .OrderBy(h => h.Id, StringComparer.Ordinal)
            .Select(h =>
            {
                // The register's date counts only when it is not after the year end: a later one says nothing about then.
                LocalDate? register = h.LastGasCheck is { } r && r <= last ? r : null;
                LocalDate? stored = lastEffective.TryGetValue(h.Id, out var e) ? e : null;
                LocalDate? effective = register is { } x && stored is { } y ? LocalDate.Max(x, y) : register ?? stored;
                return (h.Id, effective is { } eff ? GasSafetyRecord.Rule.Deadline(eff) : (LocalDate?)null);
            })
            .ToList();

        return new ReportData(rows, contractors, areas, gasHomes);
    }
}
