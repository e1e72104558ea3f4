using Npgsql;
using Scheduler.Persistence.Bulk;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// Books gas safety appointments for the open gas orders that have none, with the domain's
/// <see cref="GasAppointmentPlanner"/>: in deadline order, on the earliest free working day and slot of the booking
/// window at least <c>notice</c> after the day of booking (so the first half of the window when capacity allows), within
/// <c>engineers × slots</c> visits per area and day. The appointments are stored, their orders set <c>appointed</c> and the
/// tenants' letters queued in the outbox, in one transaction and set-based (<see cref="GasBookingWriter"/>: a few
/// statements whatever the number of homes); bookings are serialised by an advisory lock, and an order
/// with an appointment waiting is never booked again, so running it twice books nothing the second time.
/// </summary>
/// <remarks>
/// A home is booked once per run, for its earliest open order. An order whose visit failed for no access and could not
/// be rebooked at once is tried again here, with the attempts so far; a home whose allowed attempts have all failed is
/// escalated instead (normally the completion effect has done that already), and not booked automatically while its
/// deadline is in date. An overdue home (its deadline passed) is booked at the earliest free slot after a short notice
/// (<see cref="GasAppointmentPlanner"/>), escalated or not: the check is still owed and the landlord keeps trying; the
/// escalation stands. A home with no gas check known is booked as an overdue one, against
/// <see cref="GasSafetyRecord.NoKnownCheck"/>. Homes that cannot be booked (no capacity, no engineers, too late) are
/// returned with the reason; they also show in the digest's gas alerts.
/// </remarks>
public sealed class GasAppointmentBooking
{
    /// <summary>The advisory lock key that serialises booking runs across processes.</summary>
    public const long BookingLockKey = 0x4741_5342_4F4F_4B53; // "GASBOOKS"

    private readonly NpgsqlDataSource _dataSource;
    private readonly EstateConfiguration _config;
    private readonly WorkingDayCalendar _calendar;
    private readonly IClock _clock;
    private readonly GasBookingMemo _memo;

    /// <summary>Creates the service for one configuration and working-day calendar; it keeps its own <see cref="GasBookingMemo"/>.</summary>
    public GasAppointmentBooking(NpgsqlDataSource dataSource, EstateConfiguration config, WorkingDayCalendar calendar, IClock clock)
        : this(dataSource, config, calendar, clock, new GasBookingMemo())
    {
    }

    /// <summary>
    /// Creates the service for one configuration and working-day calendar, keeping what each booking read in
    /// <paramref name="memo"/> (one that outlives this instance, e.g. the worker's singleton), so that the next night's
    /// booking reads again only what changed.
    /// </summary>
    public GasAppointmentBooking(NpgsqlDataSource dataSource, EstateConfiguration config, WorkingDayCalendar calendar, IClock clock, GasBookingMemo memo)
    {
        _memo = memo ?? throw new ArgumentNullException(nameof(memo));
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _calendar = calendar ?? throw new ArgumentNullException(nameof(calendar));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>
    /// True to book as the booking did before branch <c>book7</c>: every candidate read in full each night (no kept
    /// snapshot) and every slot taken from the day of planning on. The reference the tests compare the nightly booking
    /// against (the same plan, night after night).
    /// </summary>
    internal bool Reference { get; init; }

    /// <summary>
    /// The number of bookings from which a night's write is a bulk one (<see cref="GasBookingWriter.BulkBookings"/>; the
    /// tests set it low to take the bulk path on a small estate).
    /// </summary>
    internal int BulkFrom { get; init; } = GasBookingWriter.BulkBookings;

    /// <summary>How the last <see cref="BookAsync"/> of this instance read its candidates: true when from a kept snapshot and the changes since.</summary>
    internal bool LastWasIncremental { get; private set; }

    /// <summary>
    /// Books what can be booked on <paramref name="asOf"/>, in one transaction. A letter goes on <paramref name="asOf"/>, or
    /// with the policy's <c>letterAhead</c> on the day that much before its visit when that is later (released then).
    /// </summary>
    public async Task<GasBookingResult> BookAsync(LocalDate asOf, CancellationToken cancellationToken = default)
    {
        LastWasIncremental = false;
        var schedules = GasSchedule.All(_config);
        if (schedules.Count == 0)
        {
            // Nothing to book; the changes other writers recorded are taken all the same, so they never pile up.
            await using var clear = _dataSource.CreateCommand("DELETE FROM gas_booking_changes");
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new GasBookingResult([], [], []);
        }

        // Taken now: a booking that fails, or runs beside another in this process, leaves none and the next books in full.
        var kept = _memo.Take();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", BookingLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Every statement here is a set-based read or write over the gas orders and appointments, run once a night: the
        // planner's cost estimates put the candidates' query far above jit_above_cost, and compiling it (~0.3–0.6 s at
        // 300,000 homes) took longer than running it. No JIT for this transaction only.
        await NoJit.ForTransactionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var growth = await TableStatistics.Growth.StartAsync(connection, transaction, ["gas_appointments", "outbox_messages"], cancellationToken).ConfigureAwait(false);

        // Under the lock: this booking's version (every booking raises it, on any node), what other writers changed since
        // the last booking (taken, whichever way this one reads), and the versions a kept snapshot must match.
        var (stateVersion, registerVersion, databaseOid) = await GasBookingChanges.StampAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var changed = await GasBookingChanges.TakeAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var now = _clock.GetCurrentInstant();

        // Orders whose window passed unvisited while their deadline's check was made another way are closed first, so
        // step 1 cancels a visit still booked under one of them with the rest.
        var closed = await GasCheckedOrders.CloseAsync(connection, transaction, schedules, asOf, _config.Version, now, cancellationToken).ConfigureAwait(false);
        changed.UnionWith(closed.Select(c => c.HomeId));
        var (staleHomes, stale) = await CancelStaleAsync(connection, transaction, now, cancellationToken).ConfigureAwait(false);
        changed.UnionWith(staleHomes);
        // The orders inserted from here on have higher ids (null while an apply runs: no snapshot is kept then).
        var ordersThrough = Reference ? null : await GasBookingChanges.OrdersThroughAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var incremental = !Reference && schedules.Count == 1 && kept is { } k
            && k.DatabaseOid == databaseOid && k.StateVersion == stateVersion - 1 && k.RegisterVersion == registerVersion
            && k.ConfigVersion == _config.Version && k.ScheduleId == schedules[0].Schedule.Id && k.AsOf < asOf;

        var booked = new List<GasBookedAppointment>();
        var unbooked = new List<GasBookingProblem>();
        var escalated = new List<string>();
        GasBookingSnapshot? snapshot = null;
        foreach (var gas in schedules)
        {
            var scheduleId = gas.Schedule.Id;
            var candidates = incremental
                ? await ChangedSinceAsync(connection, transaction, kept!, changed, gas, asOf, cancellationToken).ConfigureAwait(false)
                : await ReadCandidatesAsync(connection, transaction, gas, asOf, null, cancellationToken).ConfigureAwait(false);

            // A home with no known check is booked as an overdue one, against GasSafetyRecord.NoKnownCheck (its attempts and
            // escalation are kept under that stand-in across its urgent orders, as an overdue home's under its passed deadline).
            var requests = new List<GasVisitRequest>(candidates.Count);
            var byHome = new Dictionary<string, GasOrder>(candidates.Count, StringComparer.Ordinal);
            foreach (var (homeId, candidate) in candidates)
            {
                var deadline = GasSafetyRecord.BookingDeadline(candidate.Order.Deadline);
                byHome[homeId] = candidate.Order;
                requests.Add(new GasVisitRequest(homeId, candidate.Order.AreaId, deadline, gas.Rule.BookingWindow(deadline))
                {
                    Attempts = candidate.Attempts,
                    ByPost = candidate.Order.ByPost,
                });
            }

            // Only the slots this plan can look at: in each area, the days from a candidate's first to its last bookable day
            // (branch book30; before it, from the day of planning to the area's last bookable day, ~200,000 appointments a
            // night at 300,000 homes; before book7, the taken slots of the whole year ahead). Read after the schedules
            // before it were written, in this transaction, so their bookings count as they did when kept in memory.
            var planner = new GasAppointmentPlanner(gas.Policy, gas.Policy.Engineers, _calendar);
            var taken = Reference
                ? await GasAppointmentStore.TakenAsync(connection, transaction, asOf, cancellationToken).ConfigureAwait(false)
                : await GasAppointmentStore.TakenAsync(
                    connection,
                    transaction,
                    requests.Select(r => (r.AreaId, planner.FirstBookableDay(r, asOf), planner.LastBookableDay(r, asOf))),
                    cancellationToken).ConfigureAwait(false);
            var plan = planner.Plan(requests, asOf, taken);
            var touched = new HashSet<string>(StringComparer.Ordinal);

            // Escalations first, so their evidence is the failed attempts only (an overdue home is also booked again below).
            foreach (var escalation in plan.Escalations)
            {
                if (await GasEscalationStore.EscalateAsync(
                        connection, transaction, byHome[escalation.HomeId], escalation.Deadline, asOf, _config.Organisation.Zone, now,
                        planner.PostedLetterReaches, cancellationToken).ConfigureAwait(false))
                {
                    escalated.Add(escalation.HomeId);
                    touched.Add(escalation.HomeId);
                }
            }

            var writes = new List<(GasOrder Order, GasBooking Booking)>(plan.Booked.Count);
            foreach (var booking in plan.Booked)
            {
                var order = byHome[booking.HomeId];
                writes.Add((order, booking));
                touched.Add(booking.HomeId);
                booked.Add(new GasBookedAppointment(
                    order.Reference, booking.HomeId, booking.Attempt.Number, booking.Attempt.Date, booking.Attempt.Slot, booking.Deadline, booking.InFirstHalf)
                {
                    ShortNotice = booking.ShortNotice,
                    LetterReaches = booking.LetterReaches,
                });
            }

            // The whole plan in a handful of set-based statements (the first night books every gas home at once).
            await GasBookingWriter.WriteAsync(connection, transaction, writes, _config.Version, asOf, now, _config.Organisation.Zone, cancellationToken, bulkFrom: BulkFrom).ConfigureAwait(false);

            // A booking that added a tenth of the appointments or of the outbox or more (the first: every gas home and its
            // letter) analyzes what it filled, in this transaction: the next booking's candidates (their NOT EXISTS over the
            // appointments) and the first dispatch otherwise plan from PostgreSQL's defaults (first-run drill;
            // docs/benchmarks-history.md, branch firstrun23). Under the booking's lock, so no two bookings analyze side
            // by side.
            await growth.AnalyzeIfEnoughAsync(connection, transaction, "gas_appointments", cancellationToken).ConfigureAwait(false);
            await growth.AnalyzeIfEnoughAsync(connection, transaction, "outbox_messages", cancellationToken).ConfigureAwait(false);

            unbooked.AddRange(plan.Unbooked);
            if (ordersThrough is { } maxId && schedules.Count == 1)
            {
                // The homes it wrote for are read again next night: not kept (the first night books every gas home, and
                // ~225,000 candidates at 300,000 homes were held through the day's dispatch).
                var unwritten = new Dictionary<string, GasCandidate>(StringComparer.Ordinal);
                foreach (var (homeId, candidate) in candidates)
                {
                    if (!touched.Contains(homeId))
                    {
                        unwritten.Add(homeId, candidate);
                    }
                }

                snapshot = new GasBookingSnapshot(databaseOid, stateVersion, registerVersion, _config.Version, scheduleId, asOf, unwritten, maxId, touched);
            }
        }

        // The tenants told of a visit cancelled in step 1 whose day is still to come are told it is cancelled, unless a visit
        // booked above names it or is on its day and slot (CancelledLetters; why: as each order's cancelled_reason says).
        await CancelledLetters.WriteAsync(connection, transaction, stale, checkMade: null, asOf, now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot is not null)
        {
            _memo.Keep(snapshot);
        }

        LastWasIncremental = incremental;
        return new GasBookingResult(booked, unbooked, escalated) { Closed = [.. closed.Select(c => c.Reference)] };
    }

    /// <summary>
    /// Tonight's candidates from the kept snapshot: a home is read again when another writer changed its orders,
    /// appointments or escalations (<paramref name="changed"/>, with the appointments this booking cancelled), it has an
    /// order inserted since (generation's), the last booking booked or escalated it, or the night passed the
    /// deadline it was escalated for; every other home's order and attempts are the ones read before, which a full read
    /// would return again (each home's candidate depends on that home's rows only, and on the day only through that
    /// escalated deadline).
    /// </summary>
    private static async Task<Dictionary<string, GasCandidate>> ChangedSinceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, GasBookingSnapshot kept, HashSet<string> changed, GasSchedule gas, LocalDate asOf,
        CancellationToken cancellationToken)
    {
        changed.UnionWith(await GasBookingChanges.NewOrdersAsync(connection, transaction, gas.Schedule.Id, kept.OrdersThrough, cancellationToken).ConfigureAwait(false));
        changed.UnionWith(kept.Touched);
        changed.UnionWith(await GasBookingChanges.DeadlinePassedAsync(connection, transaction, kept.AsOf, asOf, cancellationToken).ConfigureAwait(false));
        var candidates = changed.Count == 0
            ? []
            : await ReadCandidatesAsync(connection, transaction, gas, asOf, changed, cancellationToken).ConfigureAwait(false);
        foreach (var (homeId, candidate) in kept.Candidates)
        {
            if (!changed.Contains(homeId))
            {
                candidates.Add(homeId, candidate);
            }
        }

        return candidates;
    }

    /// <summary>The candidates of <paramref name="gas"/> (of <paramref name="homes"/> only, when given) with their failed attempts.</summary>
    private static async Task<Dictionary<string, GasCandidate>> ReadCandidatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, GasSchedule gas, LocalDate asOf, IReadOnlyCollection<string>? homes,
        CancellationToken cancellationToken)
    {
        var orders = await CandidatesAsync(connection, transaction, gas, asOf, homes, cancellationToken).ConfigureAwait(false);
        // A night's changed homes' attempts home by home (an index probe each; as one home_id = ANY(…) the planner scanned
        // every no-access appointment, ~28 ms a night at 300,000 homes, branch book30); the full read's in one pass.
        var attempts = homes is null
            ? await GasAppointmentStore.FailedAttemptsAsync(connection, transaction, [.. orders.Select(o => o.HomeId)], cancellationToken).ConfigureAwait(false)
            : await GasAppointmentStore.FailedAttemptsByHomeAsync(connection, transaction, [.. orders.Select(o => o.HomeId)], cancellationToken).ConfigureAwait(false);
        var candidates = new Dictionary<string, GasCandidate>(orders.Count, StringComparer.Ordinal);
        foreach (var order in orders)
        {
            candidates.Add(order.HomeId, new GasCandidate(order, attempts.GetValueOrDefault((order.HomeId, GasSafetyRecord.BookingDeadline(order.Deadline))) ?? []));
        }

        return candidates;
    }

    /// <summary>
    /// Appointments still booked on orders planning has cancelled since: cancelled too, freeing their slots and numbers,
    /// and their letters still waiting superseded. Returns their homes and the appointments cancelled (whose tenants the
    /// booking tells, after its bookings: <see cref="CancelledLetters"/>).
    /// Found from the cancelled orders (the partial index <c>ix_work_orders_cancelled</c>, migration <c>Days6</c>; on
    /// <c>NOT is_live</c> since <c>HotIssue</c>, so the query says that, not the status), not
    /// from every booked appointment: at 300,000 homes ~214,000 appointments are booked on any night and a handful of
    /// orders were cancelled.
    /// </summary>
    private static async Task<(List<string> Homes, long[] Appointments)> CancelStaleAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Instant now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            UPDATE gas_appointments a SET status = 'cancelled', outcome_at = @now
            FROM work_orders w
            WHERE NOT w.is_live AND a.work_order_id = w.id AND a.status = 'booked'
            RETURNING a.home_id, a.work_order_id, a.id
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("now", now);
        var homes = new List<string>();
        var orders = new List<long>();
        var appointments = new List<long>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                homes.Add(reader.GetString(0));
                orders.Add(reader.GetInt64(1));
                appointments.Add(reader.GetInt64(2));
            }
        }

        // Their letters, if still waiting (letterAhead), do not go (the apply that cancelled the order superseded them
        // already when it ran in this database; an order cancelled another way is caught here).
        await PendingLetters.SupersedeUnbookedAsync(connection, transaction, [.. orders.Order()], cancellationToken).ConfigureAwait(false);
        return (homes, [.. appointments.Order()]);
    }

    /// <summary>
    /// The order to book for each home of the schedule, earliest deadline first: open (planned or issued) with no
    /// appointment waiting, or no-access and not yet rebooked (and no later order for the home); never while the home has
    /// an appointment waiting for that deadline or the check made for it (on any order: generation may give an overdue
    /// home a new urgent order while an older one is appointed, and that order stays open when the older one's visit is
    /// reported done the same day: booking it would be attempt 1 again) or an order with an earlier deadline is still open
    /// and that deadline's check not made — no check of the home, completed in the system (<c>gas_checks</c>, on any
    /// order) or recorded in the register, later than the check that deadline counted from (<c>FloatingRule.Covers</c>,
    /// <see cref="GasCheckedOrders.CoversSql"/>: made in its window or before it opened) — (an order left open after its
    /// check was made another way is history, and must not hold back the next check's booking for ever) — nor for a home escalated for
    /// that deadline and not resolved while the deadline is in date (once it has passed, the home is booked again).
    /// Read from the unfinished orders of homes (<c>ix_work_orders_open_property</c>, migration <c>Days6</c>, on the flag
    /// <c>unfinished_home_order</c> since <c>HomeBookingFlag</c>, which the query names, with the statuses it wants: the
    /// index holds the appointed orders too, so that booking an order moves no indexed value and is a HOT update; at
    /// 300,000 homes ~50,000 of the ~264,000 gas orders on any night after the first are planned, issued or no-access,
    /// the rest appointed: a night's changed homes read one or two entries each, and only a full read after the first
    /// night reads the appointed ones too), not from every order of the schedule; of <paramref name="homes"/> only when
    /// given (a night reading again what changed).
    /// </summary>
    private static async Task<List<GasOrder>> CandidatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, GasSchedule gas, LocalDate asOf, IReadOnlyCollection<string>? homes,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT DISTINCT ON (w.asset_id) w.id, w.reference, w.service, w.schedule_id, w.asset_id, h.area_id, w.status, w.deadline,
                   {(homes is null ? "coalesce(p.by_post, false)" : GasOrder.ByPostSql("w.asset_id"))}
            FROM work_orders w
            JOIN homes h ON h.id = w.asset_id
            {(homes is null ? $"LEFT JOIN {GasOrder.ByPostAtOnceSql} p ON p.home_id = w.asset_id" : "")}
            WHERE w.schedule_id = @schedule AND w.parent_id IS NULL AND w.asset_kind = 'property' AND h.active
              {(homes is null ? "" : "AND w.asset_id = ANY(@homes)")}
              AND w.unfinished_home_order AND w.status IN ('planned', 'issued', 'no-access')
              AND (w.status <> 'no-access'
                   OR NOT EXISTS (SELECT 1 FROM work_orders l
                                  WHERE l.schedule_id = w.schedule_id AND l.asset_id = w.asset_id AND l.parent_id IS NULL
                                    AND l.id > w.id AND l.status <> 'cancelled'))
              AND NOT EXISTS (SELECT 1 FROM gas_appointments a WHERE a.work_order_id = w.id AND a.status = 'booked')
              AND NOT EXISTS (SELECT 1 FROM gas_appointments a
                              WHERE a.home_id = w.asset_id AND a.deadline = coalesce(w.deadline, @no_known_check)
                                AND a.status IN ('booked', 'attended'))
              AND NOT EXISTS (SELECT 1 FROM work_orders e
                              WHERE e.schedule_id = w.schedule_id AND e.asset_id = w.asset_id AND e.parent_id IS NULL
                                AND e.status IN ('planned', 'issued', 'appointed') AND e.deadline < w.deadline
                                AND NOT EXISTS (SELECT 1 FROM gas_checks c
                                                WHERE c.home_id = e.asset_id AND {GasCheckedOrders.CoversSql("c.effective_on", "@after", "e.deadline")})
                                AND (h.last_gas_check IS NULL OR NOT {GasCheckedOrders.CoversSql("h.last_gas_check", "@after", "e.deadline")}))
              AND (w.deadline IS NULL OR w.deadline < @as_of
                   OR NOT EXISTS (SELECT 1 FROM gas_escalations e
                                  WHERE e.home_id = w.asset_id AND e.deadline = w.deadline AND e.resolved_on IS NULL))
            ORDER BY w.asset_id, w.deadline NULLS FIRST, w.id
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("schedule", gas.Schedule.Id);
        command.Parameters.AddWithValue("after", gas.Rule.After);
        command.Parameters.AddWithValue("as_of", asOf);
        command.Parameters.AddWithValue("no_known_check", GasSafetyRecord.NoKnownCheck);
        if (homes is not null)
        {
            command.Parameters.AddWithValue("homes", homes.ToArray());
        }

        // A night reading again what changed asks for a few hundred to a few thousand homes, and each NOT EXISTS is one
        // index probe a candidate. The planner cannot see how few of the homes' open orders pass the filters (at 300,000
        // homes it estimated 13,063 candidates where there were 629) and, so estimating, read every booked appointment and
        // every open gas order into hash tables instead (100-500 ms a night against ~5 ms; docs/gas-safety.md, "Booking
        // in bulk"). For this statement only, nested loops: the join methods are put back right after it.
        if (homes is not null)
        {
            await ExecuteAsync(connection, transaction, "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off", cancellationToken).ConfigureAwait(false);
        }

        var orders = new List<GasOrder>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                orders.Add(new GasOrder(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<LocalDate>(7))
                { ByPost = reader.GetBoolean(8) });
            }
        }

        if (homes is not null)
        {
            await ExecuteAsync(connection, transaction, "SET LOCAL enable_hashjoin TO DEFAULT; SET LOCAL enable_mergejoin TO DEFAULT", cancellationToken).ConfigureAwait(false);
        }

        return orders;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
