using Npgsql;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Persistence.Completions;

namespace Scheduler.Persistence.Gas;

/// <summary>A batch's no-access visits recorded and rebooked together, with the rows one at a time would write.</summary>
public sealed partial class GasCompletionEffect
{
    // Every visit's booked appointment marked no-access at once; the orders that had one come back.
    private const string MarkNoAccessSql = """
        UPDATE gas_appointments a SET status = 'no-access', outcome_on = b.visit_on, outcome_at = b.visit_at
        FROM unnest(@orders, @ons, @ats) AS b(order_id, visit_on, visit_at)
        WHERE a.work_order_id = b.order_id AND a.status = 'booked'
        RETURNING a.work_order_id
        """;

    // A visit with no booked appointment of its own supersedes any appointment still booked for its home and deadline
    // under another order (an older urgent order whose visit day passed unreported, an order cancelled or replaced before
    // the booking's step 1 ran, the rebooking of the home's other order reported in the same batch): it is cancelled, as
    // the booking cancels a stale appointment, freeing its number for the attempt just made.
    // The visits without a booked appointment of their own are found first, alone (a MATERIALIZED CTE: one probe of
    // ix_gas_appointments_booked_order each), and only they are joined to the home's other appointments. Nearly every
    // visit reported has its own booking, so the set is nearly always empty and no other appointment is read. Written as
    // one join, PostgreSQL hashed every booked appointment (a scan of gas_appointments, ~218,000 rows at 300,000 homes)
    // on each batch of checks made before it tested the visits (branch rep33: ~3,800 buffers and 45–135 ms a call to
    // cancel nothing). The same rows cancelled, in the same statement's snapshot.
    internal const string CancelSupersededSql = """
        WITH unbooked AS MATERIALIZED (
            SELECT b.order_id, b.home_id, b.deadline
            FROM unnest(@orders, @homes, @deadlines) AS b(order_id, home_id, deadline)
            WHERE NOT EXISTS (SELECT 1 FROM gas_appointments o WHERE o.work_order_id = b.order_id AND o.status = 'booked'))
        UPDATE gas_appointments a SET status = 'cancelled', outcome_at = @now
        FROM unbooked b
        WHERE a.home_id = b.home_id AND a.deadline = b.deadline AND a.status = 'booked' AND a.work_order_id <> b.order_id
        RETURNING a.work_order_id, a.id
        """;

    // The visits that had no booked appointment, added as unbooked attempts with the ids reserved for them.
    private const string InsertVisitsSql = """
        INSERT INTO gas_appointments (id, work_order_id, home_id, area_id, deadline, attempt, date, slot, letter, letter_on, status,
                                      booked_at, outcome_on, outcome_at)
        OVERRIDING SYSTEM VALUE
        SELECT b.id, b.order_id, b.home_id, b.area_id, b.deadline, b.attempt, b.visit_on, b.slot, NULL, b.visit_on, 'no-access', @now, b.visit_on, b.visit_at
        FROM unnest(@ids, @orders, @homes, @areas, @deadlines, @attempts, @ons, @slots, @ats)
             AS b(id, order_id, home_id, area_id, deadline, attempt, visit_on, slot, visit_at)
        ORDER BY b.id
        """;

    /// <summary>
    /// Records and rebooks the no-access <paramref name="visits"/> (report order; each a different home) as
    /// <see cref="RecordNoAccessAsync"/> called on each in turn would: the same appointment rows with the same ids, the
    /// same escalations, bookings and letters. Set-based: one statement marks the booked appointments, one reads every
    /// home's failed attempts, one reads the slots taken in every area concerned, and the visits are then planned in
    /// memory in report order, each seeing the slots the visits before it took (and its own unbooked visit, which one
    /// at a time writes before its rebooking reads the area's slots).
    /// </summary>
    private async Task RecordNoAccessManyAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        List<(GasSchedule Gas, GasOrder Order, LocalDate Deadline, RecordedCompletion Completion)> visits,
        Instant now,
        CancellationToken cancellationToken)
    {
        if (visits.Count == 0)
        {
            return;
        }

        var hadBooked = new HashSet<long>();
        await using (var mark = new NpgsqlCommand(MarkNoAccessSql, connection, transaction) { CommandTimeout = 0 })
        {
            mark.Parameters.AddWithValue("orders", visits.Select(v => v.Order.Id).ToArray());
            mark.Parameters.AddWithValue("ons", visits.Select(v => v.Completion.On).ToArray());
            mark.Parameters.AddWithValue("ats", visits.Select(v => v.Completion.At).ToArray());
            await using var reader = await mark.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                hadBooked.Add(reader.GetInt64(0));
            }
        }

        var unbooked = visits.Where(v => !hadBooked.Contains(v.Order.Id)).ToList();
        var superseded = await CancelSupersededAsync(
            connection, transaction, [.. unbooked.Select(v => v.Order.Id)], [.. unbooked.Select(v => v.Order.HomeId)], [.. unbooked.Select(v => v.Deadline)], now, cancellationToken)
            .ConfigureAwait(false);
        var today = Today(now);
        var failed = await GasAppointmentStore.FailedAttemptsByHomeAsync(connection, transaction, [.. visits.Select(v => v.Order.HomeId)], cancellationToken).ConfigureAwait(false);
        var planners = new Dictionary<string, GasAppointmentPlanner>(StringComparer.Ordinal);
        var steps = new List<NoAccessStep>(visits.Count);
        var spans = new List<(string AreaId, LocalDate From, LocalDate Through)>();
        foreach (var (gas, order, deadline, completion) in visits)
        {
            // The visit with no booked appointment is added, numbered after the home's failed attempts (as one at a time).
            var attempts = failed.GetValueOrDefault((order.HomeId, deadline)) ?? [];
            NewVisit? added = null;
            if (!hadBooked.Contains(order.Id))
            {
                var number = 1 + attempts.Count;
                var slot = SlotOf(gas.Policy, completion.At);
                added = new NewVisit(number, slot);
                attempts = [.. attempts, new AccessAttempt(number, completion.On, slot, AccessAttempt.LetterFor(number), completion.On, AccessOutcome.NoAccess)];
                attempts.Sort((a, b) => a.Number.CompareTo(b.Number));
            }

            var asOf = today > completion.On ? today : completion.On;
            var request = new GasVisitRequest(order.HomeId, order.AreaId, deadline, gas.Rule.BookingWindow(deadline)) { Attempts = attempts, ByPost = order.ByPost };
            var escalate = attempts.Count >= gas.Policy.Attempts;
            var rebook = !escalate || GasAppointmentPlanner.IsOverdue(request, asOf);
            if (!planners.TryGetValue(gas.Schedule.Id, out var planner))
            {
                planners[gas.Schedule.Id] = planner = new GasAppointmentPlanner(gas.Policy, gas.Policy.Engineers, _calendar);
            }

            if (rebook)
            {
                spans.Add((order.AreaId, planner.FirstBookableDay(request, asOf), planner.LastBookableDay(request, asOf)));
            }

            steps.Add(new NoAccessStep(order, deadline, completion, planner, request, asOf, added, escalate, rebook));
        }

        // Every slot the rebookings can look at, read once: each visit's bookable days (FirstBookableDay to
        // LastBookableDay), merged per area, as the nightly booking reads them (a plan looks only inside its own days, so
        // the slots of another visit's days give each visit the same plan).
        var taken = new Dictionary<string, List<SlotBooking>>(StringComparer.Ordinal);
        foreach (var slot in await GasAppointmentStore.TakenAsync(connection, transaction, spans, cancellationToken).ConfigureAwait(false))
        {
            if (!taken.TryGetValue(slot.AreaId, out var list))
            {
                taken[slot.AreaId] = list = [];
            }

            list.Add(slot);
        }

        // In report order, each visit sees its own unbooked visit and the slots the visits before it took.
        var booked = new List<(NoAccessStep Step, GasBooking Booking)>();
        var idCount = 0;
        foreach (var step in steps)
        {
            if (!taken.TryGetValue(step.Order.AreaId, out var areaTaken))
            {
                taken[step.Order.AreaId] = areaTaken = [];
            }

            if (step.Added is { } added)
            {
                areaTaken.Add(new SlotBooking(step.Order.AreaId, step.Completion.On, added.Slot));
                step.AddedId = idCount++;
            }

            if (!step.Rebook)
            {
                continue;
            }

            var plan = step.Planner.Plan([step.Request], step.AsOf, areaTaken);
            foreach (var booking in plan.Booked)
            {
                areaTaken.Add(booking.Slot);
                booked.Add((step, booking));
                step.BookingId = idCount++;
            }
        }

        // Ids in the order one at a time takes them: each visit's unbooked attempt, then its rebooking.
        var ids = await GasBookingWriter.ReserveAsync(connection, transaction, idCount, cancellationToken).ConfigureAwait(false);
        var inserts = steps.Where(s => s.Added is not null).ToList();
        if (inserts.Count > 0)
        {
            await using var insert = new NpgsqlCommand(InsertVisitsSql, connection, transaction) { CommandTimeout = 0 };
            insert.Parameters.AddWithValue("ids", inserts.Select(s => ids[s.AddedId]).ToArray());
            insert.Parameters.AddWithValue("orders", inserts.Select(s => s.Order.Id).ToArray());
            insert.Parameters.AddWithValue("homes", inserts.Select(s => s.Order.HomeId).ToArray());
            insert.Parameters.AddWithValue("areas", inserts.Select(s => s.Order.AreaId).ToArray());
            insert.Parameters.AddWithValue("deadlines", inserts.Select(s => s.Deadline).ToArray());
            insert.Parameters.AddWithValue("attempts", inserts.Select(s => s.Added!.Number).ToArray());
            insert.Parameters.AddWithValue("ons", inserts.Select(s => s.Completion.On).ToArray());
            insert.Parameters.AddWithValue("slots", inserts.Select(s => s.Added!.Slot).ToArray());
            insert.Parameters.AddWithValue("ats", inserts.Select(s => s.Completion.At).ToArray());
            insert.Parameters.AddWithValue("now", now);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Escalations after the attempts are written (the evidence is read from them), before the home's new booking.
        foreach (var step in steps.Where(s => s.Escalate))
        {
            await GasEscalationStore.EscalateAsync(
                connection, transaction, step.Order, step.Deadline, step.AsOf, _config.Organisation.Zone, now,
                step.Planner.PostedLetterReaches, cancellationToken).ConfigureAwait(false);
        }

        foreach (var group in booked.GroupBy(b => b.Step.AsOf))
        {
            await GasBookingWriter.WriteAsync(
                connection,
                transaction,
                [.. group.Select(b => (b.Step.Order, b.Booking))],
                _config.Version,
                group.Key,
                now,
                _config.Organisation.Zone,
                cancellationToken,
                [.. group.Select(b => ids[b.Step.BookingId])]).ConfigureAwait(false);
        }

        // The visits cancelled for the visits without a booking: their tenants told, unless a rebooking's letter names them.
        await CancelledLetters.WriteAsync(connection, transaction, superseded, checkMade: false, today, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels the appointments still booked under other orders for the home and deadline of each visit in
    /// <paramref name="orders"/> that has no booked appointment of its own (<see cref="CancelSupersededSql"/>), and
    /// supersedes their letters still waiting: for a no-access visit, the visit's attempt takes the number they held (both
    /// routes call it before the attempts and the taken slots are read); for a check made, that deadline needs no other
    /// visit. Returns the appointments cancelled, for their tenants' cancelled letters (<see cref="CancelledLetters"/>):
    /// written by the caller, a no-access visit's after its rebooking (whose letter names the visit when it can: then none
    /// is written), a check's after the check is recorded (the letter names its day).
    /// </summary>
    private static async Task<long[]> CancelSupersededAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long[] orders, string[] homes, LocalDate[] deadlines, Instant now, CancellationToken cancellationToken)
    {
        if (orders.Length == 0)
        {
            return [];
        }

        var cancelled = new SortedSet<long>();
        var appointments = new List<long>();
        await using (var command = new NpgsqlCommand(CancelSupersededSql, connection, transaction) { CommandTimeout = 0 })
        {
            command.Parameters.AddWithValue("orders", orders);
            command.Parameters.AddWithValue("homes", homes);
            command.Parameters.AddWithValue("deadlines", deadlines);
            command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                cancelled.Add(reader.GetInt64(0));
                appointments.Add(reader.GetInt64(1));
            }
        }

        await PendingLetters.SupersedeUnbookedAsync(connection, transaction, [.. cancelled], cancellationToken).ConfigureAwait(false);
        return [.. appointments.Order()];
    }

    /// <summary>A no-access visit with no booked appointment: the attempt it is recorded as, and the slot it is put in.</summary>
    private sealed record NewVisit(int Number, string Slot);

    /// <summary>One no-access visit's plan: what to write for it, and where its ids fall in one-at-a-time order.</summary>
    private sealed class NoAccessStep(
        GasOrder order, LocalDate deadline, RecordedCompletion completion, GasAppointmentPlanner planner, GasVisitRequest request, LocalDate asOf,
        NewVisit? added, bool escalate, bool rebook)
    {
        public GasOrder Order { get; } = order;

        public LocalDate Deadline { get; } = deadline;

        public RecordedCompletion Completion { get; } = completion;

        public GasAppointmentPlanner Planner { get; } = planner;

        public GasVisitRequest Request { get; } = request;

        public LocalDate AsOf { get; } = asOf;

        public NewVisit? Added { get; } = added;

        public bool Escalate { get; } = escalate;

        public bool Rebook { get; } = rebook;

        public int AddedId { get; set; } = -1;

        public int BookingId { get; set; } = -1;
    }
}
