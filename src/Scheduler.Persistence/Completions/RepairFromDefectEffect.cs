using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Sla;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Persistence.Completions;

/// <summary>
/// Turns a reported defect into a follow-up repair order, in the report's transaction: service <c>repairs</c> (or
/// <c>gas-repair</c> for the <c>gas-heating-*</c> categories), <c>parent_id</c> the visited order, the defect's SLA
/// category, <c>reported_at</c> the moment the report reached the landlord (the clock's now: the SLA clock starts when
/// the landlord is told), <c>sla_due_at</c> from the category's <see cref="SlaClock"/> with the configured working-day
/// calendar, and the contractor that serves that trade in the asset's area (config order decides if several do). The
/// window runs from the report's date (the organisation's zone) to the due date (the last day on time; for an hours target, the date
/// of the deadline), and the target date is its last day. A per-order contractor gets a notice in the outbox.
/// Completions that are not defects are ignored.
/// </summary>
/// <remarks>
/// Raises <see cref="CompletionRefusedException"/> (<see cref="CompletionRefusal.NoRepairContractor"/>) when no
/// contractor serves the trade in the area, so the whole report is refused with a reason rather than a repair going
/// nowhere. The contractors table is brought in line with <paramref name="config"/> first (as apply does), so a
/// contractor just added to config can be sent the order.
/// </remarks>
/// <param name="config">The configuration: contractors, the zone and the version stamped on the new order.</param>
/// <param name="calendar">Working days of the configured nation (for working-day targets).</param>
/// <param name="clock">The moment the report reached the landlord: the repair's <c>reported_at</c>.</param>
/// <param name="catalog">The SLA targets; <see cref="SlaCatalog.Defaults"/> when null.</param>
public sealed class RepairFromDefectEffect(EstateConfiguration config, WorkingDayCalendar calendar, IClock clock, SlaCatalog? catalog = null)
    : ICompletionBatchEffect
{
    // The repair is linked to the report that raised it (raised_by_event_id): the visited order's latest defect report
    // of the category, which is this report's row, written earlier in the same transaction (the order is locked, and a
    // defect of a category the order already has is "already recorded", never written twice); one probe of
    // ix_work_order_events_work_order_id (the category is the SLA id, ordinal, as the report stored it). The first repair
    // of a visit keeps the key repair/{visited reference} (also when its defect came after the visit's done report); a
    // further defect's (another category after a defect, the same visit) is repair/{visited reference}/{category}, so
    // each is live under the unique key.
    private const string InsertSql = """
        WITH inserted AS (
            INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                     status, contractor_id, parent_id, occurrence_key, config_version, created_at,
                                     sla_category, reported_at, sla_due_at, raised_by_event_id)
            SELECT 'WO-' || @year || '-' || lpad(n::text, greatest(6, length(n::text)), '0'),
                   @service, @service, p.asset_id, p.asset_kind, @window_start, @window_end, @window_end,
                   'planned', @contractor, p.id, 'repair/' || p.reference || CASE WHEN @further THEN '/' || @category ELSE '' END,
                   @config_version, @now, @category, @reported_at, @due_at,
                   (SELECT max(e.id) FROM work_order_events e
                    WHERE e.work_order_id = p.id AND e.outcome = 'defect' AND e.defect_category = @category)
            FROM work_orders p, nextval('work_order_number') AS n
            WHERE p.id = @parent
            RETURNING id, reference
        ), audit AS (
            INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason, config_version)
            SELECT i.id, @now, 'created', NULL, 'planned', 'defect (' || @category || ') reported on ' || @parent_reference, @config_version
            FROM inserted i
        )
        SELECT reference FROM inserted
        """;

    // The area of each visited order's asset (a home's, a block's or a site's), for the contractor who serves it.
    private const string AreasSql = """
        SELECT p.id,
               CASE p.asset_kind
                   WHEN 'property' THEN (SELECT h.area_id FROM homes h WHERE h.id = p.asset_id)
                   WHEN 'block' THEN (SELECT b.area_id FROM blocks b WHERE b.id = p.asset_id)
                   ELSE (SELECT s.area_id FROM sites s WHERE s.id = p.asset_id)
               END
        FROM work_orders p WHERE p.id = ANY(@parents)
        """;

    private readonly SlaCatalog _catalog = catalog ?? SlaCatalog.Defaults;

    // The areas CheckManyAsync read, per batch transaction (its context), for ApplyManyAsync of the same batch: one read
    // of the batch's areas, and the contractor checked is the one the repair goes to. A batch rolled back and tried again
    // runs on a new context, so it reads again.
    private readonly ConditionalWeakTable<EstateDbContext, Dictionary<long, string?>> _batchAreas = [];

    /// <inheritdoc />
    public async Task ApplyAsync(EstateDbContext db, RecordedCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(completion);
        if (completion.Outcome != VisitOutcome.Defect)
        {
            return;
        }

        var (connection, transaction) = Open(db);
        var areas = await AreasAsync(connection, transaction, [completion], cancellationToken).ConfigureAwait(false);
        var now = clock.GetCurrentInstant();
        await PlanWriter.SyncConfigAsync(connection, transaction, config, now, cancellationToken).ConfigureAwait(false);
        await RaiseAsync(connection, transaction, completion, areas.GetValueOrDefault(completion.WorkOrderId), now, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CompletionEffectRefusal>> CheckManyAsync(EstateDbContext db, IReadOnlyList<RecordedCompletion> completions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(completions);
        var defects = completions.Where(c => c.Outcome == VisitOutcome.Defect).ToList();
        if (defects.Count == 0)
        {
            return [];
        }

        var (connection, transaction) = Open(db);
        var areas = await AreasAsync(connection, transaction, defects, cancellationToken).ConfigureAwait(false);
        _batchAreas.AddOrUpdate(db, areas);
        var refusals = new List<CompletionEffectRefusal>();
        foreach (var completion in defects)
        {
            if (Decide(completion, areas.GetValueOrDefault(completion.WorkOrderId)).Refusal is { } refusal)
            {
                refusals.Add(refusal);
            }
        }

        return refusals;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One repair at a time, in report order (about 2% of visits are defects), with the areas <see cref="CheckManyAsync"/>
    /// read for this batch (or, without it, read here once for the whole batch) and the contractors synced once.
    /// </remarks>
    public async Task ApplyManyAsync(EstateDbContext db, IReadOnlyList<RecordedCompletion> completions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(completions);
        var defects = completions.Where(c => c.Outcome == VisitOutcome.Defect).ToList();
        if (defects.Count == 0)
        {
            return;
        }

        var (connection, transaction) = Open(db);
        if (!_batchAreas.TryGetValue(db, out var areas) || defects.Any(d => !areas.ContainsKey(d.WorkOrderId)))
        {
            areas = await AreasAsync(connection, transaction, defects, cancellationToken).ConfigureAwait(false);
        }

        _batchAreas.Remove(db);
        await PlanWriter.SyncConfigAsync(connection, transaction, config, clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        foreach (var completion in defects)
        {
            // Each repair's SLA clock starts when its own report is recorded, as one at a time.
            await RaiseAsync(connection, transaction, completion, areas.GetValueOrDefault(completion.WorkOrderId), clock.GetCurrentInstant(), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    // The repair for one defect, with its notice; refuses (throws) when no contractor serves the trade in the area.
    private async Task RaiseAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, RecordedCompletion completion, string? area, Instant now, CancellationToken cancellationToken)
    {
        var (category, contractor, refusal) = Decide(completion, area);
        if (refusal is not null || contractor is null)
        {
            throw new CompletionRefusedException(refusal?.Refusal ?? CompletionRefusal.NoRepairContractor, refusal?.Message ?? "No contractor.");
        }

        var service = DefectCategories.ServiceFor(category);
        var target = _catalog.ForRepair(category);
        var zone = config.Organisation.Zone;
        var due = target.Due(now, zone, calendar);
        var windowStart = now.InZone(zone).Date;
        var windowEnd = (due - Duration.Epsilon).InZone(zone).Date; // the deadline is inclusive; a day target's is 00:00 after its last day

        string reference;
        await using (var insert = new NpgsqlCommand(InsertSql, connection, transaction))
        {
            insert.Parameters.AddWithValue("year", windowEnd.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("service", service);
            insert.Parameters.AddWithValue("window_start", windowStart);
            insert.Parameters.AddWithValue("window_end", windowEnd);
            insert.Parameters.AddWithValue("contractor", contractor.Id);
            insert.Parameters.AddWithValue("config_version", config.Version);
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("category", target.Id);
            insert.Parameters.AddWithValue("reported_at", now);
            insert.Parameters.AddWithValue("due_at", due);
            insert.Parameters.AddWithValue("parent", completion.WorkOrderId);
            insert.Parameters.AddWithValue("parent_reference", completion.Reference);
            insert.Parameters.AddWithValue("further", completion.FurtherDefect);
            reference = (string)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Work order {completion.Reference} vanished while its defect was recorded."));
        }

        await OutboxWriter.EnqueueForPlanAsync(connection, transaction, [reference], [], now, zone, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The defect's category and the contractor the repair goes to, or why the report is refused.</summary>
    private (RepairCategory Category, Contractor? Contractor, CompletionEffectRefusal? Refusal) Decide(RecordedCompletion completion, string? area)
    {
        if (!DefectCategories.TryParse(completion.DefectCategory, out var category))
        {
            return (category, null, new CompletionEffectRefusal(completion.WorkOrderId, CompletionRefusal.BadCategory,
                $"'{completion.DefectCategory}' is not a defect category; use one of {DefectCategories.AcceptedText}."));
        }

        var service = DefectCategories.ServiceFor(category);
        var contractor = area is null ? null : config.ContractorsFor(service, area).FirstOrDefault();
        return contractor is not null
            ? (category, contractor, null)
            : (category, null, new CompletionEffectRefusal(completion.WorkOrderId, CompletionRefusal.NoRepairContractor,
                $"No contractor serves {service} in area {area ?? "(unknown)"}, so the repair for the defect on {completion.Reference} cannot be raised; "
                + $"add {service} and the area to a contractor in contractors.yaml, then report again."));
    }

    private static (NpgsqlConnection Connection, NpgsqlTransaction Transaction) Open(EstateDbContext db) =>
        ((NpgsqlConnection)db.Database.GetDbConnection(),
         (NpgsqlTransaction)(db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A completion effect runs inside the completion's transaction.")));

    // The areas of the defects' orders (those with a known category; Decide refuses the others without one), one query.
    private static async Task<Dictionary<long, string?>> AreasAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedCompletion> defects, CancellationToken cancellationToken)
    {
        var areas = new Dictionary<long, string?>();
        var parents = defects.Where(d => DefectCategories.TryParse(d.DefectCategory, out _)).Select(d => d.WorkOrderId).Distinct().ToArray();
        if (parents.Length == 0)
        {
            return areas;
        }

        await using var command = new NpgsqlCommand(AreasSql, connection, transaction);
        command.Parameters.AddWithValue("parents", parents);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            areas[reader.GetInt64(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return areas;
    }
}
