using System.Globalization;
using Npgsql;
using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Compliance;
using Scheduler.Persistence.Completions;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// A home's next gas order brought to the legal deadline when the check just recorded moved it later (docs/gas-safety.md,
/// A stale deadline on a projected order): in place, in the report's transaction.
/// </summary>
public sealed partial class GasCompletionEffect
{
    // The home's next open gas order (not a follow-up) whose deadline is between the one the check answered and the
    // legal deadline the check gives, and which planning still owns (its window not open, its target not passed): the
    // order made a horizon ahead from a projection that assumed the check just made would be made on its target day.
    // One per home and schedule (the earliest), found by ix_work_orders_asset_id_schedule_id.
    private static readonly string NextOrdersSql = $"""
        SELECT DISTINCT ON (w.asset_id, w.schedule_id)
               w.id, w.reference, w.service, w.schedule_id, w.asset_id, h.area_id, w.status, w.deadline, {GasOrder.ByPostSql("w.asset_id")},
               w.window_start, w.window_end, w.target_date, b.ord
        FROM unnest(@homes, @schedules, @orders, @previous, @next) WITH ORDINALITY AS b(home_id, schedule_id, order_id, previous, next, ord)
        JOIN work_orders w ON w.asset_id = b.home_id AND w.schedule_id = b.schedule_id
        JOIN homes h ON h.id = w.asset_id
        WHERE w.id <> b.order_id AND w.parent_id IS NULL AND w.status IN ('planned', 'issued', 'appointed')
          AND w.deadline > coalesce(b.previous, '0001-01-01') AND w.deadline < b.next
          AND w.window_start > @today AND w.target_date >= @today
        ORDER BY w.asset_id, w.schedule_id, w.deadline, w.id
        """;

    // The orders moved in place (same row, same reference): deadline, window and target, and the occurrence key the new
    // window start gives (Occurrence.Key, passed in) when the stored key is the usual one (usual_key), unless a live order already holds that key
    // (then the order is left as it was: the planner decides). Seen by the planning_changes and gas_booking_changes
    // triggers, so the next night compares the home whole and the booking reads it again. A 'rescheduled' audit row each.
    private const string MoveSql = """
        WITH moved AS (
            UPDATE work_orders w
            SET deadline = b.deadline, window_start = b.window_start, window_end = b.window_end, target_date = b.target,
                occurrence_key = CASE WHEN w.usual_key THEN b.usual_key ELSE w.occurrence_key END
            FROM unnest(@ids, @old_deadlines, @deadlines, @starts, @ends, @targets, @keys) AS b(id, old_deadline, deadline, window_start, window_end, target, usual_key)
            WHERE w.id = b.id AND w.deadline = b.old_deadline AND w.status IN ('planned', 'issued', 'appointed')
              AND NOT (w.usual_key AND EXISTS (
                  SELECT 1 FROM work_orders o
                  WHERE o.occurrence_key = b.usual_key
                    AND o.is_live AND o.id <> w.id))
            RETURNING w.id, w.status)
        INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason, config_version)
        SELECT m.id, @now, 'rescheduled', m.status, m.status, r.reason, @config_version
        FROM moved m JOIN unnest(@ids, @reasons) WITH ORDINALITY AS r(id, reason, ord) ON r.id = m.id
        ORDER BY r.ord
        RETURNING work_order_id
        """;

    // The moved orders' booked visits.
    private const string BookedSql = """
        SELECT a.id, a.work_order_id, a.date
        FROM gas_appointments a
        WHERE a.work_order_id = ANY(@orders) AND a.status = 'booked'
        ORDER BY a.work_order_id
        """;

    private const string KeepBookedSql = """
        UPDATE gas_appointments a SET deadline = b.deadline
        FROM unnest(@ids, @deadlines) AS b(id, deadline)
        WHERE a.id = b.id
        """;

    private const string CancelBookedSql = """
        UPDATE gas_appointments SET status = 'cancelled', outcome_at = @now WHERE id = ANY(@ids) AND status = 'booked'
        """;

    // A notice still deferred by the contractor's issueAhead is released from the new window's start, as the apply would
    // have released it (OutboxWriter's notices): the window opens later, so it goes later.
    private const string NoticeReleaseSql = """
        UPDATE outbox_messages o SET release_at = r.release, next_attempt_at = coalesce(r.release, @now)
        FROM work_orders w
        JOIN contractors c ON c.id = w.contractor_id
        CROSS JOIN LATERAL (SELECT CASE WHEN t.at > @now THEN t.at END AS release
                            FROM (SELECT ((w.window_start - c.issue_ahead_days)::timestamp AT TIME ZONE @zone) AS at) t) r
        WHERE w.id = ANY(@ids) AND c.issue_ahead_days IS NOT NULL
          AND o.idempotency_key = 'order/' || w.reference || '/0' AND o.status = 'pending' AND o.release_at > @now
        """;

    /// <summary>
    /// Brings each home's next gas order to the legal deadline its check just gave (<see cref="CheckMade.Next"/>) when the
    /// order was made for an earlier one: the order for the next check is made up to a horizon ahead from a projection that
    /// assumes the current visit is made on its target day, and an overdue home's urgent visit (or any visit that counts
    /// from its own day) made later moves the legal deadline later by those days. Until branch <c>gas37</c> the order kept
    /// the earlier deadline and window ("stricter, never laxer"), was booked and visited in it, and a visit made before the
    /// legal window opened counted from its own day (reg. 36A): the home lost up to two months of its anniversary. Now, in
    /// the report's transaction:
    /// <list type="bullet">
    /// <item>the order keeps its row and reference; its deadline, window and target become the ones the projection wants
    /// (<see cref="OccurrenceExpander.OnTimeVisit"/>), so the next compare keeps it; a <c>rescheduled</c> audit row;</item>
    /// <item>a visit booked inside the new window stays (its appointment's deadline follows); one booked before it is
    /// cancelled and booked again in the new window by the booking's planner and writer, with the tenant's letter of the
    /// new visit (a letter still waiting for the old one superseded and the first letter on its day; when the old one had
    /// gone, the changed-appointment letter at once, naming the old day: <see cref="GasBookingWriter"/>);
    /// when no slot is free the old visit stays (a check before the window counts from its day: early, never late);</item>
    /// <item>a contractor already sent the order gets one changed-window notice (<see cref="FollowUpAfterVisitEffect.WindowNoticesSql"/>),
    /// which carries the new visit; one not yet sent gets nothing now (its notice, deferred by <c>issueAhead</c>, is
    /// released from the new window's start and says the new dates).</item>
    /// </list>
    /// Only orders planning still owns move (window not open, target not passed); an order whose deadline is later than
    /// the legal one (a register date corrected back) is not this (docs/gas-safety.md, A deadline moved earlier).
    /// </summary>
    private async Task MoveNextOrdersAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<CheckMade> checks, Instant now, CancellationToken cancellationToken)
    {
        if (checks.Count == 0)
        {
            return;
        }

        var zone = _config.Organisation.Zone;
        var today = now.InZone(zone).Date;
        var next = new List<(GasOrder Order, LocalDate Deadline, ServiceWindow Window, LocalDate Target, CheckMade Check, ServiceWindow NewWindow, LocalDate NewTarget)>();
        await using (var read = new NpgsqlCommand(NextOrdersSql, connection, transaction))
        {
            read.Parameters.AddWithValue("homes", checks.Select(c => c.Order.HomeId).ToArray());
            read.Parameters.AddWithValue("schedules", checks.Select(c => c.Order.ScheduleId).ToArray());
            read.Parameters.AddWithValue("orders", checks.Select(c => c.Order.Id).ToArray());
            read.Parameters.Add(new NpgsqlParameter<LocalDate?[]>("previous", [.. checks.Select(c => c.Legal)]));
            read.Parameters.AddWithValue("next", checks.Select(c => c.Next).ToArray());
            read.Parameters.AddWithValue("today", today);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var check = checks[(int)reader.GetInt64(12) - 1];
                if (check.Gas.Rule.LastDoneColumn != FloatingRule.DefaultLastDoneColumn
                    || OccurrenceExpander.OnTimeVisit(check.Gas.Rule, check.Next, today, _calendar) is not { } wanted)
                {
                    continue; // a schedule counting from another register column keeps the order's deadline (CheckedAgainst)
                }

                var order = new GasOrder(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    reader.GetString(6), check.Next)
                { ByPost = reader.GetBoolean(8) };
                next.Add((order, reader.GetFieldValue<LocalDate>(7), new ServiceWindow(reader.GetFieldValue<LocalDate>(9), reader.GetFieldValue<LocalDate>(10)),
                    reader.GetFieldValue<LocalDate>(11), check, wanted.Window, wanted.Target));
            }
        }

        if (next.Count == 0)
        {
            return;
        }

        var moved = new HashSet<long>();
        await using (var move = new NpgsqlCommand(MoveSql, connection, transaction))
        {
            move.Parameters.AddWithValue("ids", next.Select(n => n.Order.Id).ToArray());
            move.Parameters.AddWithValue("old_deadlines", next.Select(n => n.Deadline).ToArray());
            move.Parameters.AddWithValue("deadlines", next.Select(n => n.Check.Next).ToArray());
            move.Parameters.AddWithValue("starts", next.Select(n => n.NewWindow.Start).ToArray());
            move.Parameters.AddWithValue("ends", next.Select(n => n.NewWindow.End).ToArray());
            move.Parameters.AddWithValue("targets", next.Select(n => n.NewTarget).ToArray());
            move.Parameters.AddWithValue("keys", next.Select(n => new Occurrence(n.Order.ScheduleId, n.Order.Service, n.Order.HomeId, n.NewWindow, n.NewTarget).Key).ToArray());
            move.Parameters.AddWithValue("reasons", next.Select(n => string.Create(
                CultureInfo.InvariantCulture,
                $"{n.Check.Completion.Reference} reported {(n.Check.Completion.Outcome == VisitOutcome.Defect ? "done with a defect" : "done")} on {n.Check.Completion.On:uuuu-MM-dd}, effective {n.Check.Effective:uuuu-MM-dd}: the home's legal deadline is {n.Check.Next:uuuu-MM-dd} (was {n.Deadline:uuuu-MM-dd}); window {n.NewWindow} (was {n.Window}), target {n.NewTarget:uuuu-MM-dd} (was {n.Target:uuuu-MM-dd})")).ToArray());
            move.Parameters.AddWithValue("now", now);
            move.Parameters.AddWithValue("config_version", _config.Version);
            await using var reader = await move.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                moved.Add(reader.GetInt64(0));
            }
        }

        next.RemoveAll(n => !moved.Contains(n.Order.Id));
        if (next.Count == 0)
        {
            return;
        }

        await RebookBeforeTheWindowAsync(connection, transaction, next.Select(n => (n.Order, n.Check.Gas, n.NewWindow)).ToList(), today, now, cancellationToken).ConfigureAwait(false);

        var ids = next.Select(n => n.Order.Id).ToArray();
        await using (var notices = new NpgsqlCommand(FollowUpAfterVisitEffect.WindowNoticesSql, connection, transaction))
        {
            notices.Parameters.AddWithValue("ids", ids);
            notices.Parameters.AddWithValue("previous_starts", next.Select(n => n.Window.Start).ToArray());
            notices.Parameters.AddWithValue("previous_ends", next.Select(n => n.Window.End).ToArray());
            notices.Parameters.AddWithValue("previous_targets", next.Select(n => n.Target).ToArray());
            notices.Parameters.AddWithValue("now", now);
            await notices.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var release = new NpgsqlCommand(NoticeReleaseSql, connection, transaction))
        {
            release.Parameters.AddWithValue("ids", ids);
            release.Parameters.AddWithValue("now", now);
            release.Parameters.AddWithValue("zone", zone.Id);
            await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The moved orders' booked visits: kept when inside the new window (their deadline follows the order's), else
    /// cancelled and booked again in it (<see cref="GasAppointmentPlanner"/>, <see cref="GasBookingWriter"/>, attempt 1
    /// against the new deadline), the old letter superseded if still waiting; kept when no slot is free.
    /// </summary>
    private async Task RebookBeforeTheWindowAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(GasOrder Order, GasSchedule Gas, ServiceWindow Window)> orders, LocalDate today, Instant now,
        CancellationToken cancellationToken)
    {
        var byId = orders.ToDictionary(o => o.Order.Id);
        var booked = new List<(long Appointment, long OrderId, LocalDate Date)>();
        await using (var read = new NpgsqlCommand(BookedSql, connection, transaction))
        {
            read.Parameters.AddWithValue("orders", byId.Keys.ToArray());
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                booked.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<LocalDate>(2)));
            }
        }

        var early = booked.Where(b => b.Date < byId[b.OrderId].Window.Start).ToList();
        var rebooked = new List<(GasOrder Order, GasBooking Booking)>();
        var cancelled = new List<long>();
        foreach (var schedule in early.GroupBy(b => byId[b.OrderId].Gas.Schedule.Id, StringComparer.Ordinal))
        {
            var gas = byId[schedule.First().OrderId].Gas;
            var planner = new GasAppointmentPlanner(gas.Policy, gas.Policy.Engineers, _calendar);
            var requests = schedule.Select(b => byId[b.OrderId].Order)
                .Select(o => new GasVisitRequest(o.HomeId, o.AreaId, o.Deadline!.Value, gas.Rule.BookingWindow(o.Deadline!.Value)) { ByPost = o.ByPost })
                .ToList();
            var taken = await GasAppointmentStore.TakenAsync(
                connection, transaction, [.. requests.Select(r => (r.AreaId, planner.FirstBookableDay(r, today), planner.LastBookableDay(r, today)))], cancellationToken).ConfigureAwait(false);
            var plan = planner.Plan(requests, today, taken);
            var byHome = schedule.ToDictionary(b => byId[b.OrderId].Order.HomeId, StringComparer.Ordinal);
            foreach (var booking in plan.Booked)
            {
                var old = byHome[booking.HomeId];
                cancelled.Add(old.Appointment);
                rebooked.Add((byId[old.OrderId].Order, booking));
            }
        }

        var kept = booked.Where(b => !cancelled.Contains(b.Appointment)).ToList();
        await using (var keep = new NpgsqlCommand(KeepBookedSql, connection, transaction))
        {
            keep.Parameters.AddWithValue("ids", kept.Select(b => b.Appointment).ToArray());
            keep.Parameters.AddWithValue("deadlines", kept.Select(b => byId[b.OrderId].Order.Deadline!.Value).ToArray());
            await keep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (rebooked.Count == 0)
        {
            return;
        }

        await using (var cancel = new NpgsqlCommand(CancelBookedSql, connection, transaction))
        {
            cancel.Parameters.AddWithValue("ids", cancelled.ToArray());
            cancel.Parameters.AddWithValue("now", now);
            await cancel.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // The contractor hears of the new visit through the order's changed-window notice, written next (one message). The
        // tenant: the writer sees the old visit cancelled; when its letter had gone, the new visit's letter is the
        // changed-appointment letter, at once (the old day and slot in it), else the first letter on its day (letterAhead).
        await GasBookingWriter.WriteAsync(
            connection, transaction, rebooked, _config.Version, today, now, _config.Organisation.Zone, cancellationToken, tellContractor: false).ConfigureAwait(false);
        await PendingLetters.SupersedeUnbookedAsync(connection, transaction, [.. rebooked.Select(r => r.Order.Id)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A check recorded: the deadline it answered (<see cref="CheckedAgainst"/>), its effective date and the next deadline.</summary>
    private sealed record CheckMade(GasSchedule Gas, GasOrder Order, RecordedCompletion Completion, LocalDate? Legal, LocalDate Effective)
    {
        /// <summary>The home's legal deadline after this check (reg. 36A: 12 months after its effective date).</summary>
        public LocalDate Next => Gas.Rule.Deadline(Effective);
    }
}
