using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Planning;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Completions;

/// <summary>Many reports at once, set-based: a contractor's CSV, or a day's reports.</summary>
public sealed partial class CompletionRecorder
{
    /// <summary>Reports recorded per transaction by <see cref="RecordManyAsync"/>.</summary>
    public const int BatchSize = 5_000;

    // The orders' new status and the recorder's audit rows, one statement each for the whole batch. The orders' UPDATE
    // writes the change logs its rows would have written through the row triggers work_orders_planning_changes and
    // work_orders_gas_booking_updates (migrations IncrementalApply, Days7, Book7), set-based, from the rows it changed:
    // the same (schedule, asset, visit_closed) rows in planning_changes and the same homes in gas_booking_changes, under
    // the same conditions (the triggers' WHEN, for an update that changes status, completed_on and completed_at alone).
    // The triggers are switched off for that one statement by their own settings (the apply's and the booking's), set
    // just before it and cleared just after it, in this transaction: every other statement here (the effects' writes)
    // keeps them. The old values are the ones ReadOrdersAsync read under FOR UPDATE in this transaction, before any write.
    // The batch's orders are found through the primary key (id = ANY(@ids)) before the join to the batch: joined to the
    // unnest alone, the planner hashed a sequential scan of every work order for each batch of 5,000 reports (the
    // first-run drill's second night, branch night24: 140,807 orders at 300,000 homes, the hash spilled to disk, ~90-125
    // ms of a 350-460 ms statement, growing with the table instead of the batch).
    private const string UpdateOrdersSql = $"""
        SELECT set_config('estate.generation', 'apply', true), set_config('estate.gas_booking', 'on', true);
        {UpdateOrdersStatement};
        SELECT set_config('estate.generation', '', true), set_config('estate.gas_booking', '', true);
        """;

    /// <summary>The orders' UPDATE of <see cref="UpdateOrdersSql"/> with its change logs, one statement (tests explain it).</summary>
    internal const string UpdateOrdersStatement = """
        WITH changed AS (
            UPDATE work_orders w SET status = b.status, completed_on = b.completed_on, completed_at = b.completed_at
            FROM unnest(@ids, @statuses, @ons, @ats, @old_statuses, @old_ons) AS b(id, status, completed_on, completed_at, old_status, old_on)
            WHERE w.id = b.id AND w.id = ANY(@ids)
            RETURNING w.schedule_id, w.asset_id, w.asset_kind, w.sla_category, b.status, b.completed_on, b.old_status, b.old_on),
        planning AS (
            INSERT INTO planning_changes (schedule_id, asset_id, visit_closed)
            SELECT schedule_id, asset_id, old_status IN ('planned', 'issued', 'appointed') AND status IN ('completed', 'no-access')
            FROM changed
            WHERE sla_category IS NULL
              AND ((old_status <> status AND NOT (old_status IN ('planned', 'issued', 'appointed') AND status IN ('planned', 'issued', 'appointed')))
                   OR old_on IS DISTINCT FROM completed_on))
        INSERT INTO gas_booking_changes (home_id)
        SELECT asset_id FROM changed
        WHERE asset_kind = 'property' AND old_status <> status AND NOT (old_status = 'planned' AND status = 'issued')
        """;

    private const string InsertEventsSql = """
        INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason, source, outcome, contractor_id, defect_category, note, visit_on)
        SELECT b.id, @now, b.status, b.from_status, b.status, b.reason, b.source, b.outcome, b.contractor, b.category, b.note, b.visit_on
        FROM unnest(@ids, @statuses, @froms, @reasons, @sources, @outcomes, @contractors, @categories, @notes, @ons)
             WITH ORDINALITY AS b(id, status, from_status, reason, source, outcome, contractor, category, note, visit_on, ord)
        ORDER BY b.ord
        """;

    // The batch's orders, locked, and every contractor's report on them: read with plain ADO.NET, not EF (no entity
    // materialisation or LINQ compilation per batch; the rows are the ones RecordAsync reads).
    private const string OrdersSql = """
        SELECT id, reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date, status, contractor_id,
               occurrence_key, config_version, completed_on, completed_at, parent_id
        FROM work_orders WHERE reference = ANY(@references) ORDER BY id FOR UPDATE
        """;

    private const string EarlierSql = """
        SELECT id, work_order_id, kind, outcome, visit_on, contractor_id, defect_category, source, note
        FROM work_order_events WHERE work_order_id = ANY(@ids) AND outcome IS NOT NULL ORDER BY id DESC
        """;

    private const string CreatedSql = """
        SELECT parent_id, reference FROM work_orders WHERE parent_id = ANY(@parents) AND id > @before ORDER BY id
        """;

    /// <summary>
    /// Checks and records many reports, with the same results, in the same order, as <see cref="RecordAsync"/> called on
    /// each in turn: the same refusals and messages, the same order rows, audit rows and effects (an effect that refuses a
    /// report refuses that report alone). Set-based: each batch of up to <see cref="BatchSize"/> reports is one transaction
    /// with one statement for the orders' status and one for their audit rows, and each
    /// <see cref="ICompletionBatchEffect"/> checked (<see cref="ICompletionBatchEffect.CheckManyAsync"/>, before anything is
    /// written) and applied to the whole batch at once; other effects run once per report, in order.
    /// </summary>
    /// <remarks>
    /// A reference reported again starts a new batch (and transaction), so the later report sees the earlier one recorded,
    /// as one at a time it would (already recorded, refused, or recorded on the order's new appointment). A report an
    /// effect that is not an <see cref="ICompletionBatchEffect"/> refuses is taken out and the batch recorded again without
    /// it (numbers the first try took from sequences are skipped, as after any rollback); it is then answered by
    /// <see cref="RecordAsync"/> (refusals write nothing, so the others do not depend on it). Audit events of the batch are numbered before the
    /// effects' rows, so <c>work_order_events</c> and <c>outbox_messages</c> ids may come in another order than one report
    /// at a time would give them.
    /// </remarks>
    public async Task<IReadOnlyList<CompletionResult>> RecordManyAsync(IReadOnlyList<CompletionReport> reports, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var results = new CompletionResult?[reports.Count];

        // Batches of distinct references, in report order: a reference reported again starts the next batch, so it sees
        // the first report recorded, as one at a time it would.
        var batches = new List<List<int>> { new() };
        var inBatch = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < reports.Count; i++)
        {
            var report = reports[i] ?? throw new ArgumentException($"report {i} is null.", nameof(reports));
            var reference = report.Reference?.Trim() ?? string.Empty;
            if (CheckInput(report, reference) is { } inputProblem)
            {
                results[i] = inputProblem;
                continue;
            }

            if (batches[^1].Count == BatchSize || !inBatch.Add(reference))
            {
                batches.Add([]);
                inBatch.Clear();
                inBatch.Add(reference);
            }

            batches[^1].Add(i);
        }

        var later = new List<int>();
        foreach (var indices in batches)
        {
            while (indices.Count > 0)
            {
                var refused = await RecordBatchAsync(reports, indices, results, cancellationToken).ConfigureAwait(false);
                if (refused is not { } index)
                {
                    break;
                }

                // An effect refused this report: the batch was rolled back; record it again without it, and answer it alone after.
                indices.Remove(index);
                later.Add(index);
            }
        }

        later.Sort();
        foreach (var i in later)
        {
            results[i] = await RecordAsync(reports[i], cancellationToken).ConfigureAwait(false);
        }

        return results!;
    }

    /// <summary>
    /// Records the reports at <paramref name="indices"/> (distinct references) in one transaction and fills their results;
    /// returns the index of a report an effect refused (everything rolled back, no result filled in), else null.
    /// </summary>
    private async Task<int?> RecordBatchAsync(IReadOnlyList<CompletionReport> reports, List<int> indices, CompletionResult?[] results, CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        var today = now.InZone(_zone).Date;
        var references = indices.Select(i => reports[i].Reference.Trim()).ToArray();

        await using var db = EstateDatabase.CreateContext(_dataSource);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();
        await NoJitAsync(db, cancellationToken).ConfigureAwait(false);
        var orders = await ReadOrdersAsync(connection, npgsqlTransaction, references, cancellationToken).ConfigureAwait(false);
        var earlierReports = await ReadEarlierReportsAsync(connection, npgsqlTransaction, [.. orders.Values.Where(MayHaveReports).Select(o => o.Id)], cancellationToken).ConfigureAwait(false);
        var answered = new Dictionary<int, CompletionResult>();
        var accepted = new List<(int Index, WorkOrder Order, WorkOrderStatus From, RecordedCompletion Completion)>();
        // Follow-ups dated before their window may stand on their visit's day (CompletionRecorder.FollowUps.cs): those
        // visits, as stored, read once (no statement when there are none); a visit reported earlier in this list is found
        // among the accepted below, as one report at a time would find it.
        long[] earlyParents =
        [
            .. indices.Select(i => (reports[i].On, Order: orders.GetValueOrDefault(reports[i].Reference.Trim())))
                .Where(r => r.Order is { ParentId: not null } o && r.On < o.WindowStart)
                .Select(r => r.Order!.ParentId!.Value)
                .Distinct(),
        ];
        var storedParentsDone = await ParentsDoneAsync(connection, npgsqlTransaction, earlyParents, cancellationToken).ConfigureAwait(false);
        var viaBatch = new List<(int Index, long ParentId)>();
        foreach (var i in indices)
        {
            var report = reports[i];
            var reference = report.Reference.Trim();
            if (!orders.TryGetValue(reference, out var order))
            {
                answered[i] = CompletionResult.Refused(CompletionRefusal.UnknownOrder, reference, $"There is no work order {reference}.");
                continue;
            }

            var contractor = report.ContractorId ?? order.ContractorId ?? string.Empty;
            if (report.ContractorId is not null && !string.Equals(report.ContractorId, order.ContractorId, StringComparison.Ordinal))
            {
                answered[i] = CompletionResult.Refused(CompletionRefusal.WrongContractor, reference, $"Work order {reference} is not one of {report.ContractorId}'s orders.");
            }
            else if (order.Status == WorkOrderStatus.Cancelled)
            {
                answered[i] = CompletionResult.Refused(CompletionRefusal.Cancelled, reference, $"Work order {reference} was cancelled, so it cannot be reported.");
            }
            else if (CheckEarlier(order, earlierReports.GetValueOrDefault(order.Id) ?? [], report, reference, out var added) is { } earlier)
            {
                answered[i] = earlier;
            }
            else if (report.On > today)
            {
                answered[i] = CompletionResult.Refused(CompletionRefusal.DateInFuture, reference,
                    $"The visit date {report.On:uuuu-MM-dd} is in the future (today is {today:uuuu-MM-dd}).");
            }
            else if (report.On < order.WindowStart)
            {
                // Before its window: only a follow-up, on or after its visit's day (CompletionRecorder.FollowUps.cs).
                var (visitDone, inThisList) = ParentDoneInBatch(order, storedParentsDone, accepted);
                if (!FollowsItsVisit(report.On, visitDone))
                {
                    answered[i] = BeforeWindow(order, reference, report.On, visitDone);
                }
                else
                {
                    if (inThisList)
                    {
                        viaBatch.Add((i, order.ParentId!.Value));
                    }

                    accepted.Add(Accepted(i, order, report, contractor, added));
                }
            }
            else
            {
                accepted.Add(Accepted(i, order, report, contractor, added));
            }
        }

        // What the effects would refuse, before anything is written: those reports are refused alone, as one at a time.
        foreach (var effect in _effects.OfType<ICompletionBatchEffect>())
        {
            if (accepted.Count == 0)
            {
                break;
            }

            var refusals = await effect.CheckManyAsync(db, [.. accepted.Select(a => a.Completion)], cancellationToken).ConfigureAwait(false);
            foreach (var refusal in refusals)
            {
                var index = accepted.FindIndex(a => a.Order.Id == refusal.WorkOrderId);
                answered[accepted[index].Index] = CompletionResult.Refused(refusal.Refusal, accepted[index].Order.Reference, refusal.Message);
                accepted.RemoveAt(index);
            }
        }

        // A follow-up accepted before its window because its visit was reported earlier in this list, whose visit an effect
        // then refused: refused as well, as one at a time it would have been (its visit not reported done).
        foreach (var (i, parentId) in viaBatch)
        {
            var index = accepted.FindIndex(a => a.Index == i);
            if (index >= 0 && !accepted.Exists(a => a.Order.Id == parentId))
            {
                answered[i] = BeforeWindow(accepted[index].Order, accepted[index].Order.Reference, reports[i].On, null);
                accepted.RemoveAt(index);
            }
        }

        var created = new Dictionary<long, List<string>>();
        if (accepted.Count > 0)
        {
            await WriteOrdersAsync(connection, npgsqlTransaction, accepted, now, cancellationToken).ConfigureAwait(false);

            var completions = accepted.Select(a => a.Completion).ToList();
            long maxIdBefore;
            await using (var max = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM work_orders", connection, npgsqlTransaction))
            {
                maxIdBefore = (long)(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            foreach (var effect in _effects)
            {
                if (effect is ICompletionBatchEffect many)
                {
                    await many.ApplyManyAsync(db, completions, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var (index, _, _, completion) in accepted)
                {
                    try
                    {
                        await effect.ApplyAsync(db, completion, cancellationToken).ConfigureAwait(false);
                    }
                    catch (CompletionRefusedException)
                    {
                        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                        return index;
                    }
                }
            }

            await using var read = new NpgsqlCommand(CreatedSql, connection, npgsqlTransaction) { CommandTimeout = 0 };
            read.Parameters.AddWithValue("parents", completions.Select(c => c.WorkOrderId).ToArray());
            read.Parameters.AddWithValue("before", maxIdBefore);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var parent = reader.GetInt64(0);
                if (!created.TryGetValue(parent, out var list))
                {
                    created[parent] = list = [];
                }

                list.Add(reader.GetString(1));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (index, result) in answered)
        {
            results[index] = result;
        }

        foreach (var (index, order, _, completion) in accepted)
        {
            var raised = created.GetValueOrDefault(order.Id) ?? [];
            var message = $"Recorded: work order {order.Reference} {Describe(completion.Outcome)} on {completion.On:uuuu-MM-dd}."
                + (raised.Count > 0 ? $" Raised {string.Join(", ", raised)}." : string.Empty);
            results[index] = new CompletionResult(CompletionStatus.Recorded, CompletionRefusal.None, reports[index].Reference.Trim(), message, completion, raised);
        }

        return null;
    }

    private static async Task WriteOrdersAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        List<(int Index, WorkOrder Order, WorkOrderStatus From, RecordedCompletion Completion)> accepted,
        Instant now,
        CancellationToken cancellationToken)
    {
        var ids = accepted.Select(a => a.Order.Id).ToArray();
        var statuses = accepted.Select(a => (a.Completion.Outcome == VisitOutcome.NoAccess ? WorkOrderStatus.NoAccess : WorkOrderStatus.Completed).ToText()).ToArray();
        await using (var update = new NpgsqlCommand(UpdateOrdersSql, connection, transaction) { CommandTimeout = 0 })
        {
            update.Parameters.AddWithValue("ids", ids);
            update.Parameters.AddWithValue("statuses", statuses);
            update.Parameters.AddWithValue("ons", accepted.Select(a => a.Completion.On).ToArray());
            update.Parameters.AddWithValue("ats", accepted.Select(a => a.Completion.At).ToArray());
            update.Parameters.AddWithValue("old_statuses", accepted.Select(a => a.From.ToText()).ToArray());
            update.Parameters.Add(new NpgsqlParameter<LocalDate?[]>("old_ons", accepted.Select(a => a.Order.CompletedOn).ToArray()));
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var events = new NpgsqlCommand(InsertEventsSql, connection, transaction) { CommandTimeout = 0 };
        events.Parameters.AddWithValue("now", now);
        events.Parameters.AddWithValue("ids", ids);
        events.Parameters.AddWithValue("statuses", statuses);
        events.Parameters.AddWithValue("froms", accepted.Select(a => a.From.ToText()).ToArray());
        events.Parameters.AddWithValue("reasons", accepted.Select(a => ReportReason(a.Completion.Outcome, a.Completion.On, a.Completion.ContractorId, a.Completion.Source, AddedOf(a.Completion))).ToArray());
        events.Parameters.AddWithValue("sources", accepted.Select(a => a.Completion.Source).ToArray());
        events.Parameters.AddWithValue("outcomes", accepted.Select(a => a.Completion.Outcome.ToText()).ToArray());
        events.Parameters.AddWithValue("contractors", accepted.Select(a => a.Completion.ContractorId).ToArray());
        events.Parameters.Add(new NpgsqlParameter<string?[]>("categories", accepted.Select(a => a.Completion.DefectCategory).ToArray()));
        events.Parameters.Add(new NpgsqlParameter<string?[]>("notes", accepted.Select(a => a.Completion.Note).ToArray()));
        events.Parameters.AddWithValue("ons", accepted.Select(a => a.Completion.On).ToArray());
        await events.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The day <paramref name="order"/>'s visit was done (null: it has none, or it is not reported done): as stored, else
    /// reported done among the reports of this list accepted so far (CompletionRecorder.FollowUps.cs).
    /// </summary>
    private static (LocalDate? On, bool InThisList) ParentDoneInBatch(
        WorkOrder order, Dictionary<long, LocalDate> stored, List<(int Index, WorkOrder Order, WorkOrderStatus From, RecordedCompletion Completion)> accepted)
    {
        if (order.ParentId is not { } parentId)
        {
            return (null, false);
        }

        if (stored.TryGetValue(parentId, out var on))
        {
            return (on, false);
        }

        var visit = accepted.FindIndex(a => a.Order.Id == parentId && a.Completion.Outcome != VisitOutcome.NoAccess);
        return visit < 0 ? (null, false) : (accepted[visit].Completion.On, true);
    }

    /// <summary>
    /// A report that passed the checks, as the batch records it; a defect of a visit already recorded (after its done
    /// report, or another defect after its defect report) keeps the visit's moment, so the order's row keeps its values
    /// (as <see cref="RecordAsync"/>).
    /// </summary>
    private (int Index, WorkOrder Order, WorkOrderStatus From, RecordedCompletion Completion) Accepted(
        int index, WorkOrder order, CompletionReport report, string contractor, AddedDefect added)
    {
        var at = added != AddedDefect.None ? order.CompletedAt ?? _zone.AtStartOfDay(report.On).ToInstant() : report.At ?? _zone.AtStartOfDay(report.On).ToInstant();
        var note = CompletionNote.Normalise(report.Note);
        return (index, order, order.Status, new RecordedCompletion(
            order.Id, order.Reference, order.ScheduleId, order.Service, order.AssetId, contractor, report.Outcome, report.On, at,
            report.Source, report.DefectCategory, note, FurtherDefect: added == AddedDefect.Further, AfterDone: added == AddedDefect.AfterDone));
    }

    private static AddedDefect AddedOf(RecordedCompletion completion) =>
        completion.FurtherDefect ? AddedDefect.Further : completion.AfterDone ? AddedDefect.AfterDone : AddedDefect.None;

    /// <summary>The orders with <paramref name="references"/>, locked (<c>FOR UPDATE</c>), by reference: the columns the checks and the record use.</summary>
    private static async Task<Dictionary<string, WorkOrder>> ReadOrdersAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] references, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(OrdersSql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("references", references);
        var orders = new Dictionary<string, WorkOrder>(references.Length, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var status = reader.GetString(9);
            var order = new WorkOrder
            {
                Id = reader.GetInt64(0),
                Reference = reader.GetString(1),
                ScheduleId = reader.GetString(2),
                Service = reader.GetString(3),
                AssetId = reader.GetString(4),
                AssetKind = reader.GetString(5),
                WindowStart = reader.GetFieldValue<LocalDate>(6),
                WindowEnd = reader.GetFieldValue<LocalDate>(7),
                TargetDate = reader.GetFieldValue<LocalDate>(8),
                Status = WorkOrderStatuses.Parse(status) ?? throw new InvalidOperationException($"work_orders has an unknown status '{status}'."),
                ContractorId = reader.IsDBNull(10) ? null : reader.GetString(10),
                OccurrenceKey = reader.GetString(11),
                ConfigVersion = reader.GetString(12),
                CompletedOn = reader.IsDBNull(13) ? null : reader.GetFieldValue<LocalDate>(13),
                CompletedAt = reader.IsDBNull(14) ? null : reader.GetFieldValue<Instant>(14),
                ParentId = reader.IsDBNull(15) ? null : reader.GetInt64(15),
            };
            orders[order.Reference] = order;
        }

        return orders;
    }

    /// <summary>
    /// False for an order that cannot have been reported: one still <c>planned</c> or <c>issued</c>. A report sets the order
    /// <c>completed</c> or <c>no-access</c> (this recorder, its only writer of reports); from there only the rebooking
    /// (<c>appointed</c>) and cancellation move it, and nothing sets <c>planned</c> or <c>issued</c> again (the dispatcher
    /// issues only <c>planned</c> orders). Most of a day's reports are first reports of such orders: their earlier reports
    /// are not read (the read found none, ~3,800 buffers a call at 300,000 homes).
    /// </summary>
    private static bool MayHaveReports(WorkOrder order) => order.Status is not (WorkOrderStatus.Planned or WorkOrderStatus.Issued);

    /// <summary>Every contractor's report on the orders (events with an outcome), newest first per order (as <see cref="EarlierReportsAsync"/>).</summary>
    private static async Task<Dictionary<long, List<WorkOrderEvent>>> ReadEarlierReportsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long[] orderIds, CancellationToken cancellationToken)
    {
        var reports = new Dictionary<long, List<WorkOrderEvent>>();
        if (orderIds.Length == 0)
        {
            return reports;
        }

        await using var command = new NpgsqlCommand(EarlierSql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("ids", orderIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var report = new WorkOrderEvent
            {
                Id = reader.GetInt64(0),
                WorkOrderId = reader.GetInt64(1),
                Kind = reader.GetString(2),
                Outcome = reader.IsDBNull(3) ? null : reader.GetString(3),
                VisitOn = reader.IsDBNull(4) ? null : reader.GetFieldValue<LocalDate>(4),
                ContractorId = reader.IsDBNull(5) ? null : reader.GetString(5),
                DefectCategory = reader.IsDBNull(6) ? null : reader.GetString(6),
                Source = reader.IsDBNull(7) ? null : reader.GetString(7),
                Note = reader.IsDBNull(8) ? null : reader.GetString(8),
            };
            if (!reports.TryGetValue(report.WorkOrderId, out var list))
            {
                reports[report.WorkOrderId] = list = [];
            }

            list.Add(report);
        }

        return reports;
    }
}
