using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Planning;
using Scheduler.Domain.Sla;
using Scheduler.Persistence.Reports;

namespace Scheduler.Worker.Reports;

/// <summary>Turns what <see cref="ReportQuery"/> read into the <see cref="PerformanceReport"/> (the rules: docs/report.md).</summary>
internal static class PerformanceReportBuilder
{
    private static readonly Dictionary<string, RepairCategory> RepairCategories = new(StringComparer.Ordinal)
    {
        [SlaIds.RepairsEmergency] = RepairCategory.Emergency,
        [SlaIds.RepairsRoutine] = RepairCategory.Routine,
        [SlaIds.RepairsExternal] = RepairCategory.External,
        [SlaIds.RepairsMajor] = RepairCategory.Major,
        [SlaIds.GasHeatingAttend] = RepairCategory.GasHeatingAttend,
        [SlaIds.GasHeatingCombiBoiler] = RepairCategory.GasHeatingCombiBoiler,
        [SlaIds.GasHeatingSolidFuelOilSolar] = RepairCategory.GasHeatingSolidFuelOilSolar,
        [SlaIds.GasHeatingNonUrgent] = RepairCategory.GasHeatingNonUrgent,
    };

    /// <summary>
    /// Reads calendar <paramref name="year"/> from the database and builds its report, judging instants in the
    /// organisation's time zone: what the <c>report</c> verb and the demo's year-end report both show.
    /// </summary>
    public static async Task<PerformanceReport> LoadAsync(Persistence.EstateDbContext db, EstateConfiguration config, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var zone = config.Organisation.Zone;
        var gasSchedules = config.Schedules
            .Where(s => s.AppliesTo == Domain.Estate.AssetKind.Property && s.Recurrence.OfType<Domain.Calendars.FloatingRule>().Any())
            .Select(s => s.Id)
            .ToList();
        var data = await ReportQuery.ReadAsync(db, year, zone, gasSchedules, cancellationToken).ConfigureAwait(false);
        return Build(data, year, config, zone);
    }

    /// <summary>Builds the report of calendar <paramref name="year"/>; instants are judged in <paramref name="zone"/>.</summary>
    public static PerformanceReport Build(ReportData data, int year, EstateConfiguration config, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(zone);
        var first = new LocalDate(year, 1, 1);
        var last = new LocalDate(year, 12, 31);
        var period = new Interval(zone.AtStartOfDay(first).ToInstant(), zone.AtStartOfDay(first.PlusYears(1)).ToInstant());

        var counts = new Dictionary<(string Commitment, string Contractor, string Area), int[]>();
        var repairIds = new HashSet<string>(StringComparer.Ordinal);
        var repairs = new List<RepairRecord>();
        foreach (var order in data.Orders)
        {
            var completed = order.Status == WorkOrderStatus.Completed;
            string commitment;
            bool onTime;
            if (order.IsRepair)
            {
                var at = completed ? CompletedInstant(order, zone) : null;
                if (RepairCategories.TryGetValue(order.SlaCategory!, out var category))
                {
                    repairs.Add(new RepairRecord(category, order.ReportedAt!.Value, at, order.SlaDueAt!.Value));
                }

                if (!period.Contains(order.ReportedAt!.Value))
                {
                    continue; // reported in another year: counts in RP02 when completed in this one, not in the table
                }

                commitment = order.SlaCategory!;
                repairIds.Add(commitment);
                onTime = at is { } done && done <= order.SlaDueAt!.Value;
            }
            else
            {
                if (order.TargetDate < first || order.TargetDate > last)
                {
                    continue;
                }

                commitment = order.SlaCategory ?? CommitmentCatalog.PlannedId(order.Service, order.ScheduleId, order.BlockCleaning, config);
                // A follow-up done before its window was done on or after its visit's day (the recorder allows no earlier): on time.
                onTime = order.CompletedOn is { } on && (order.Deadline is { } deadline
                    ? on <= deadline
                    : (on >= order.WindowStart || order.IsFollowUp) && on <= order.WindowEnd);
            }

            var key = (commitment, order.ContractorId ?? PerformanceReport.Unassigned, order.AreaId ?? PerformanceReport.UnknownArea);
            if (!counts.TryGetValue(key, out var c))
            {
                counts[key] = c = new int[3];
            }

            c[0]++;
            c[1] += completed ? 1 : 0;
            c[2] += completed && onTime ? 1 : 0;
        }

        var commitments = CommitmentCatalog.Published(config);
        var known = commitments.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        commitments.AddRange(counts.Keys.Select(k => k.Commitment).Where(id => !known.Contains(id)).Distinct()
            .Order(StringComparer.Ordinal)
            .Select(id => CommitmentCatalog.Other(id, repairIds.Contains(id), config)));
        var rank = commitments.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        var figures = counts
            .Select(kv => new ReportFigure(kv.Key.Commitment, kv.Key.Contractor, kv.Key.Area, kv.Value[0], kv.Value[1], kv.Value[2]))
            .OrderBy(f => rank[f.Commitment])
            .ThenBy(f => f.Contractor, StringComparer.Ordinal)
            .ThenBy(f => f.Area, StringComparer.Ordinal)
            .ToList();

        return new PerformanceReport(
            year,
            config.Organisation.Name,
            commitments,
            figures,
            data.ContractorNames,
            data.AreaNames,
            Rp02.Calculate(repairs, period),
            Bs01.Compute(data.GasHomes, last),
            last);
    }

    /// <summary>The moment a completed order was done: its recorded instant, else the end of its completion date (cautious).</summary>
    private static Instant? CompletedInstant(ReportOrder order, DateTimeZone zone) =>
        order.CompletedAt ?? (order.CompletedOn is { } on ? SlaEvaluation.DateOnlyCompletion(on, zone) : null);
}
