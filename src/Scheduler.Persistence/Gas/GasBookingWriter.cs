using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Persistence.Bulk;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// Stores planned gas bookings set-based, inside the caller's transaction, in five round trips whatever their number:
/// the appointments' ids reserved from their identity sequence (ascending, in the bookings' order), every order set
/// <c>appointed</c> with its audit event in one statement, the appointments by binary COPY, every tenant letter
/// queued in one <c>INSERT … SELECT</c>, and in one more a changed-appointment notice to the contractor of each order
/// whose notice or programme already went (<see cref="ChangesSql"/>). Before them, one read finds the visits that
/// replace a visit the tenant was told of (<see cref="ReplacedSql"/>): a first visit's letter is the changed-appointment
/// letter, at once, instead of the first letter (docs/gas-safety.md, When the tenant's visit moves); a later attempt's is
/// its second or third letter, at once, naming that visit too (branch cancel39). The rows are the ones booking one at a time wrote: the same ids in the same order,
/// the same audit reasons, the same letter keys (<see cref="LetterKey"/>) and payloads, the letter to the home's first
/// active tenant and none for a void home.
/// </summary>
/// <remarks>
/// Used by the nightly booking (the first night books every gas home: ~225,000 at 300,000 homes) and by the
/// completion effect's rebooking after no access (one booking, or a day's worth from the bulk recorder).
/// Each order is booked at most once per call (booking picks one order per home).
/// A write of <see cref="BulkBookings"/> or more (the first night's) takes shortcuts that store the same rows: when the
/// table held fewer appointments, its secondary indexes built after the COPY and its foreign keys checked by adding them
/// again after it (<see cref="GasAppointmentKeys"/>; <c>ACCESS EXCLUSIVE</c> locks to the commit), and the letters'
/// tenants found in one pass over <c>tenants</c> (docs/gas-safety.md, "Booking in bulk").
/// </remarks>
internal static class GasBookingWriter
{
    private const string ReserveSql = """
        WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence('gas_appointments', 'id')::regclass AS ids)
        SELECT nextval(s.ids) FROM s, generate_series(1, @n)
        """;

    private const string CopySql = """
        COPY gas_appointments (id, work_order_id, home_id, area_id, deadline, attempt, date, slot, letter, letter_on, status, booked_at,
                               short_notice, letter_reaches)
        FROM STDIN (FORMAT BINARY)
        """;

    // The orders locked in the bookings' order (two runs never wait on each other in a cycle), then set appointed and
    // audited with the status each had before.
    private const string AppointSql = """
        WITH batch AS (
            SELECT * FROM unnest(@orders, @reasons) WITH ORDINALITY AS b(order_id, reason, ord)
        ), old AS (
            SELECT w.id, w.status, batch.reason, batch.ord
            FROM batch JOIN work_orders w ON w.id = batch.order_id
            ORDER BY batch.ord
            FOR UPDATE OF w
        ), updated AS (
            UPDATE work_orders w SET status = 'appointed', completed_on = NULL, completed_at = NULL
            FROM old WHERE w.id = old.id
            RETURNING w.id
        )
        INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason, config_version)
        SELECT old.id, @now, 'appointed', old.status, 'appointed', old.reason, @config_version FROM old ORDER BY old.ord
        """;

    // The letter goes to the home's tenant (the first active one by id); a void home gets no letter. A second or later
    // letter also names the day of the attempt before against the same deadline (the one we could not get in on):
    // previousDate, found by home and deadline, as an overdue home's new urgent order carries on the attempts of the old.
    // That look-up runs only for a letter after the first (the attempt's test inside the LATERAL is a one-time filter of
    // each row; in the join's ON clause the index was probed for every first letter too: ~0.5 s of the first night's
    // ~225,000 at 300,000 homes). A letter whose day (letter_on: the visit less the policy's letterAhead) is still to come
    // is written now and released at 00:00 of that day in the organisation's zone (IssueAhead.Release); one whose day is today goes at once.
    // /*tenant*/ finds the tenant: TenantOneByOne or TenantsAtOnce.
    private const string LettersSql = """
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, payload,
                                     sequence, status, attempts, next_attempt_at, release_at, created_at)
        SELECT 'tenant-letter', b.key, b.key || '@estate-scheduler', 'tenant', t.id, ARRAY[b.order_id],
               CASE WHEN p.date IS NULL THEN b.payload::jsonb
                    ELSE b.payload::jsonb || jsonb_build_object('previousDate', to_char(p.date, 'YYYY-MM-DD')) END,
               0, 'pending', 0, coalesce(b.release, @now), b.release, @now
        FROM unnest(@keys, @orders, @homes, @deadlines, @payloads, @attempts, @releases)
             WITH ORDINALITY AS b(key, order_id, home_id, deadline, payload, attempt, release, ord)
        /*tenant*/
        LEFT JOIN LATERAL (SELECT a.date FROM gas_appointments a
                           WHERE b.attempt > 1
                             AND a.home_id = b.home_id AND a.deadline = b.deadline AND a.attempt < b.attempt AND a.status <> 'cancelled'
                           ORDER BY a.attempt DESC LIMIT 1) p ON true
        ORDER BY b.ord
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    // The contractor is told of a booking made after its notice went (branch rebook26): the visit rebooked after no access
    // (attempt 2, 3, … on the same order) or booked after the notice or programme was sent or claimed (a home that could
    // not be booked at first, an overdue home rebooked). A changed-appointment notice: a contractor-order row, sequence one
    // above the order's highest so far (the calendar entry of the same UID moves; a later cancellation goes one above
    // this), key order/{reference}/appointment/{id} (one per order and appointment), due at once, payload the
    // appointment and the one before it on the order that it replaces (a booked visit, not an unbooked one the contractor
    // made, nor one cancelled). Told means the order's notice (its key: one index probe) or, for a weekly contractor, a
    // programme naming it is being sent or sent; an order whose notice is still pending gets nothing: the notice carries
    // the appointment when composed. The sequence and the earlier appointment are read in the select list, so only for
    // the orders told (a night's few; none of the first night's ~225,000 bookings at 300,000 homes, whose notices wait).
    private const string ChangesSql = $$"""
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, payload,
                                     sequence, status, attempts, next_attempt_at, created_at)
        SELECT 'contractor-order', k.key, k.key || '@estate-scheduler', 'contractor', w.contractor_id, ARRAY[w.id],
               jsonb_build_object('appointment', b.appointment_id)
                 || coalesce((SELECT jsonb_build_object('previousDate', to_char(a.date, 'YYYY-MM-DD'), 'previousSlot', a.slot)
                              FROM gas_appointments a
                              WHERE a.work_order_id = w.id AND a.id <> b.appointment_id AND a.letter IS NOT NULL AND a.status <> 'cancelled'
                              ORDER BY a.attempt DESC, a.id DESC LIMIT 1), '{}'::jsonb),
               {{OutboxWriter.NextSequenceSql}},
               'pending', 0, @now, @now
        FROM unnest(@orders, @appointments) WITH ORDINALITY AS b(order_id, appointment_id, ord)
        JOIN work_orders w ON w.id = b.order_id
        JOIN contractors c ON c.id = w.contractor_id
        CROSS JOIN LATERAL (SELECT 'order/' || w.reference || '/appointment/' || b.appointment_id AS key) k
        WHERE EXISTS (SELECT 1 FROM outbox_messages n
                      WHERE n.idempotency_key = 'order/' || w.reference || '/0' AND n.status IN ('sending', 'sent'))
           OR (c.dispatch = 'weekly'
               AND EXISTS (SELECT 1 FROM outbox_messages n
                           WHERE n.work_order_ids @> ARRAY[w.id] AND n.kind = 'contractor-programme' AND n.status IN ('sending', 'sent')))
        ORDER BY b.ord
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    // The visit each booking replaces, when the tenant was told of it (docs/gas-safety.md, When the tenant's visit moves):
    // the latest appointment of the home under the same schedule that is cancelled, still to come (on or after the day of
    // booking) and whose letter went (being sent or sent: its key, GasBookingWriter.LetterKey) while no cancelled-appointment
    // letter for it went (CancelledLetters: the tenant was told it is cancelled, and the new visit's letter is the usual
    // one), on the booked order itself (a gas order brought to the legal window, branch gas37), on an order the apply
    // replaced by another for the same visit (schedule-changed, contractor-changed), or, for a later attempt (2, 3), under
    // another order for the same deadline (a visit reported on another order of the home: CancelSupersededSql, branch
    // cancel39). Not one cancelled because its check was made (check-made: the next booking is for the next check).
    // Its day and slot, unless the new booking is on that very day and slot (the tenant's letter still holds).
    // One probe of the home's orders by ix_work_orders_asset_id_schedule_id and of their appointments by work_order_id each.
    private const string ReplacedSql = $$"""
        SELECT b.ord, r.date, r.slot
        FROM unnest(@orders, @dates, @slots, @attempts, @deadlines) WITH ORDINALITY AS b(order_id, date, slot, attempt, deadline, ord)
        JOIN work_orders w ON w.id = b.order_id
        CROSS JOIN LATERAL (
            SELECT a.date, a.slot
            FROM work_orders o JOIN gas_appointments a ON a.work_order_id = o.id
            CROSS JOIN LATERAL (SELECT 'letter/' || o.reference || '/' || a.attempt || '/' || a.id AS told) k
            WHERE o.asset_id = w.asset_id AND o.schedule_id = w.schedule_id
              AND (o.id = w.id
                   OR (NOT o.is_live AND (o.cancelled_reason LIKE 'schedule-changed%' OR o.cancelled_reason LIKE 'contractor-changed%'))
                   OR (b.attempt > 1 AND a.deadline = b.deadline))
              AND a.status = 'cancelled' AND a.date >= @as_of AND a.letter IS NOT NULL
              AND EXISTS (SELECT 1 FROM outbox_messages m WHERE m.idempotency_key = k.told AND m.status IN ('sending', 'sent'))
              AND NOT EXISTS (SELECT 1 FROM outbox_messages m
                              WHERE m.idempotency_key = k.told || '{{CancelledLetters.KeySuffix}}' AND m.status IN ('sending', 'sent'))
            ORDER BY a.id DESC
            LIMIT 1) r
        WHERE (r.date, r.slot) IS DISTINCT FROM (b.date, b.slot)
        ORDER BY b.ord
        """;

    // A bulk write (the first night's) looks for replaced visits only when any appointment was ever cancelled: on the
    // first night the table is empty, and the look-up above would probe every home's orders (~225,000 at 300,000 homes).
    private const string AnyCancelledSql = "SELECT EXISTS (SELECT 1 FROM gas_appointments WHERE status = 'cancelled')";

    private const string AnyToldSql = """
        SELECT EXISTS (SELECT 1 FROM outbox_messages WHERE kind IN ('contractor-order', 'contractor-programme') AND status IN ('sending', 'sent'))
        """;

    // The tenant of each letter's home, one index probe per letter: what a night's or a report's few bookings need.
    private const string TenantOneByOne = "CROSS JOIN LATERAL (SELECT id FROM tenants WHERE home_id = b.home_id AND active ORDER BY id LIMIT 1) t";

    // Every home's first active tenant at once (one pass over tenants, hash-joined): the first night's letters reach most
    // homes, and ~225,000 probes at 300,000 homes cost ~0.8 s of the server against ~0.2 s for this. The same tenant:
    // min(id) orders ids as ORDER BY id does (the column's collation).
    private const string TenantsAtOnce = "JOIN (SELECT home_id, min(id) AS id FROM tenants WHERE active GROUP BY home_id) t ON t.home_id = b.home_id";

    // The planner's estimate of the tenants (-1 before the table was first analysed): a bulk write's letters find their
    // tenants at once when they are at least a quarter of them.
    private const string TenantRowsSql = "SELECT reltuples::bigint FROM pg_class WHERE oid = 'tenants'::regclass";

    private static readonly string LettersOneByOneSql = LettersSql.Replace("/*tenant*/", TenantOneByOne, StringComparison.Ordinal);

    private static readonly string LettersAtOnceSql = LettersSql.Replace("/*tenant*/", TenantsAtOnce, StringComparison.Ordinal);

    /// <summary>
    /// The number of bookings from which one <see cref="WriteAsync"/> writes in bulk: the first night's (every gas home,
    /// ~225,000 at 300,000 homes), not a later night's (~1,000) nor a report batch's rebookings.
    /// </summary>
    public const int BulkBookings = 4_096;

    /// <summary>The idempotency key of the letter for appointment <paramref name="appointmentId"/>: <c>letter/{reference}/{attempt}/{id}</c>.</summary>
    public static string LetterKey(string reference, int attempt, long appointmentId) =>
        string.Create(CultureInfo.InvariantCulture, $"letter/{reference}/{attempt}/{appointmentId}");

    /// <summary>
    /// Stores <paramref name="bookings"/> (each order once): the appointments, the orders <c>appointed</c> (with an audit
    /// event each) and the tenant letters for their attempts. Returns the appointments' ids, in the bookings' order. A
    /// letter whose day is after <paramref name="asOf"/> (the day of planning) is released at 00:00 of its day in <paramref name="zone"/> (the organisation's)
    /// (unless <paramref name="now"/> is already past that); any other goes at once. <paramref name="reserved"/>, when given,
    /// are the appointments' ids (one per booking, taken from the table's sequence by <see cref="ReserveAsync"/>); else
    /// they are reserved here.
    /// From <paramref name="bulkFrom"/> bookings on (<see cref="BulkBookings"/> unless a test lowers it) the write is a
    /// bulk one (docs/gas-safety.md, "Booking in bulk"): the same rows, fewer of the server's steps.
    /// <paramref name="tellContractor"/> false writes no changed-appointment notice (<see cref="ChangesSql"/>): the caller tells
    /// the contractor itself (a gas order brought to the legal window, whose changed-window notice carries the new visit).
    /// </summary>
    public static async Task<long[]> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(GasOrder Order, GasBooking Booking)> bookings, string configVersion,
        LocalDate asOf, Instant now, DateTimeZone zone, CancellationToken cancellationToken, long[]? reserved = null, int bulkFrom = BulkBookings,
        bool tellContractor = true)
    {
        if (bookings.Count == 0)
        {
            return [];
        }

        if (reserved is not null && reserved.Length != bookings.Count)
        {
            throw new ArgumentException($"{reserved.Length} ids reserved for {bookings.Count} bookings.", nameof(reserved));
        }

        var ids = reserved ?? await ReserveAsync(connection, transaction, bookings.Count, cancellationToken).ConfigureAwait(false);
        var bulk = bookings.Count >= bulkFrom;

        // A first visit that replaces one the tenant was told of gets the changed-appointment letter, at once (the tenant
        // holds a letter for a day that will not happen), instead of the first letter on its day; a later attempt its second
        // or third letter at once, naming that visit too (and the visit gets no cancelled letter: CancelledLetters).
        var replaced = await ReplacedAsync(connection, transaction, bookings, asOf, bulk, cancellationToken).ConfigureAwait(false);

        var orders = new long[bookings.Count];
        var reasons = new string[bookings.Count];
        var keys = new string[bookings.Count];
        var homes = new string[bookings.Count];
        var deadlines = new LocalDate[bookings.Count];
        var payloads = new string[bookings.Count];
        var attempts = new int[bookings.Count];
        var releases = new Instant?[bookings.Count];
        for (var i = 0; i < bookings.Count; i++)
        {
            var (order, booking) = bookings[i];
            var replaces = replaced.TryGetValue(i, out var visit) ? visit : ((LocalDate Date, string Slot)?)null;
            var attempt = replaces is null ? booking.Attempt : booking.Attempt with { LetterDate = asOf };
            orders[i] = order.Id;
            reasons[i] = string.Create(
                CultureInfo.InvariantCulture,
                $"gas appointment {attempt.Number} booked for {attempt.Date:uuuu-MM-dd} {attempt.Slot}; {GasSafetyRecord.DescribeDeadline(booking.Deadline)}");
            keys[i] = LetterKey(order.Reference, attempt.Number, ids[i]);
            homes[i] = booking.HomeId;
            deadlines[i] = booking.Deadline;
            attempts[i] = attempt.Number;
            releases[i] = attempt.LetterDate > asOf ? IssueAhead.Release(attempt.LetterDate, now, zone) : null;
            var letter = replaces is not null && attempt.Number == 1 ? TenantLetterKinds.AppointmentChanged : GasLetters.For(attempt.Number);
            payloads[i] = new TenantLetterPayload(
                letter, booking.HomeId, order.Reference, order.Service, attempt.Date, attempt.Slot, ReplacesDate: replaces?.Date, ReplacesSlot: replaces?.Slot).ToJson();
        }

        if (replaced.Count > 0)
        {
            bookings = [.. bookings.Select((b, i) => replaced.ContainsKey(i) ? (b.Order, b.Booking with { Attempt = b.Booking.Attempt with { LetterDate = asOf } }) : b)];
        }

        await using (var appoint = new NpgsqlCommand(AppointSql, connection, transaction) { CommandTimeout = 0 })
        {
            appoint.Parameters.AddWithValue("orders", orders);
            appoint.Parameters.AddWithValue("reasons", reasons);
            appoint.Parameters.AddWithValue("now", now);
            appoint.Parameters.AddWithValue("config_version", configVersion);
            await appoint.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        reasons = null;

        // The appointments after their orders (the same rows either way), so that a bulk write's locks below are taken
        // after the orders' update and held for the COPY and the letters only.
        // A bulk write into a table holding fewer appointments than it brings (the first night: none) builds the table's
        // secondary indexes after the COPY (~2.2 s less of the server's CPU for ~225,000 rows) and checks its foreign keys
        // in one join each (~2.5 s less), in this transaction: ACCESS EXCLUSIVE locks on gas_appointments (and, for the
        // keys, work_orders and homes) are held to the commit; whatever is not granted within 2 s is not dropped. The
        // unique indexes are checked by their build and the keys by their validation, as each row was (SQLSTATE 23505 or
        // 23503, the booking rolled back).
        var deferred = bulk
            ? await DeferredIndexes.TryDropWhenFewerAsync(connection, transaction, "gas_appointments", null, "true", bookings.Count, cancellationToken).ConfigureAwait(false)
            : null;
        var foreignKeys = deferred is not null ? await GasAppointmentKeys.TryDropAsync(connection, transaction, cancellationToken).ConfigureAwait(false) : null;
        await CopyAsync(connection, bookings, ids, now, cancellationToken).ConfigureAwait(false);
        if (deferred is not null)
        {
            await deferred.CreateAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        if (foreignKeys is not null)
        {
            await foreignKeys.AddAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        var lettersSql = bulk && await ManyOfTheTenantsAsync(connection, transaction, bookings.Count, cancellationToken).ConfigureAwait(false)
            ? LettersAtOnceSql
            : LettersOneByOneSql;
        await using (var letters = new NpgsqlCommand(lettersSql, connection, transaction) { CommandTimeout = 0 })
        {
            letters.Parameters.AddWithValue("keys", keys);
            letters.Parameters.AddWithValue("orders", orders);
            letters.Parameters.AddWithValue("homes", homes);
            letters.Parameters.AddWithValue("deadlines", deadlines);
            letters.Parameters.AddWithValue("payloads", payloads);
            letters.Parameters.AddWithValue("attempts", attempts);
            letters.Parameters.AddWithValue("releases", releases);
            letters.Parameters.AddWithValue("now", now);
            await letters.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // A bulk write (the first night's) tells no contractor while no notice or programme has ever gone: the statement's
        // probe of every booking's notice (~225,000 at 300,000 homes, ~3 s of the server) is skipped after one read that
        // stops at the first message sent (end-to-end benchmark, branch rebook26).
        if (tellContractor && (!bulk || await AnyContractorToldAsync(connection, transaction, cancellationToken).ConfigureAwait(false)))
        {
            await using var changes = new NpgsqlCommand(ChangesSql, connection, transaction) { CommandTimeout = 0 };
            changes.Parameters.AddWithValue("orders", orders);
            changes.Parameters.AddWithValue("appointments", ids);
            changes.Parameters.AddWithValue("now", now);
            await changes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return ids;
    }

    /// <summary>
    /// The visit each booking of <paramref name="bookings"/> replaces, by the booking's index, when the tenant was told of
    /// it and the booking is on another day or slot (<see cref="ReplacedSql"/>): its day and slot.
    /// </summary>
    private static async Task<Dictionary<int, (LocalDate Date, string Slot)>> ReplacedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(GasOrder Order, GasBooking Booking)> bookings, LocalDate asOf, bool bulk,
        CancellationToken cancellationToken)
    {
        var replaced = new Dictionary<int, (LocalDate Date, string Slot)>();
        if (bulk)
        {
            await using var any = new NpgsqlCommand(AnyCancelledSql, connection, transaction) { CommandTimeout = 0 };
            if (!(bool)(await any.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return replaced;
            }
        }

        await using var read = new NpgsqlCommand(ReplacedSql, connection, transaction) { CommandTimeout = 0 };
        read.Parameters.AddWithValue("orders", bookings.Select(b => b.Order.Id).ToArray());
        read.Parameters.AddWithValue("dates", bookings.Select(b => b.Booking.Attempt.Date).ToArray());
        read.Parameters.AddWithValue("slots", bookings.Select(b => b.Booking.Attempt.Slot).ToArray());
        read.Parameters.AddWithValue("attempts", bookings.Select(b => b.Booking.Attempt.Number).ToArray());
        read.Parameters.AddWithValue("deadlines", bookings.Select(b => b.Booking.Deadline).ToArray());
        read.Parameters.AddWithValue("as_of", asOf);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            replaced.Add((int)reader.GetInt64(0) - 1, (reader.GetFieldValue<LocalDate>(1), reader.GetString(2)));
        }

        return replaced;
    }

    /// <summary>Whether any notice or programme is being sent or sent: else <see cref="ChangesSql"/> would write nothing.</summary>
    private static async Task<bool> AnyContractorToldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(AnyToldSql, connection, transaction) { CommandTimeout = 0 };
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Whether <paramref name="letters"/> letters reach at least a quarter of the tenants (by the planner's estimate; false when the table was never analysed).</summary>
    private static async Task<bool> ManyOfTheTenantsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int letters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TenantRowsSql, connection, transaction);
        var rows = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return rows >= 0 && 4L * letters >= rows;
    }

    /// <summary><paramref name="count"/> new ids of <c>gas_appointments</c> from its identity sequence, ascending.</summary>
    public static async Task<long[]> ReserveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return [];
        }

        var ids = new long[count];
        await using var command = new NpgsqlCommand(ReserveSql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("n", count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var i = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids[i++] = reader.GetInt64(0);
        }

        // nextval in generate_series order is ascending in practice; sorted, the ids follow the bookings' order whatever happens.
        Array.Sort(ids);
        return ids;
    }

    private static async Task CopyAsync(
        NpgsqlConnection connection, IReadOnlyList<(GasOrder Order, GasBooking Booking)> bookings, long[] ids, Instant now, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken).ConfigureAwait(false);
        writer.Timeout = TimeSpan.Zero;
        for (var i = 0; i < bookings.Count; i++)
        {
            var (order, booking) = bookings[i];
            var attempt = booking.Attempt;
            writer.StartRow();
            writer.Write(ids[i], NpgsqlDbType.Bigint);
            writer.Write(order.Id, NpgsqlDbType.Bigint);
            writer.Write(booking.HomeId, NpgsqlDbType.Text);
            writer.Write(booking.AreaId, NpgsqlDbType.Text);
            writer.Write(booking.Deadline, NpgsqlDbType.Date);
            writer.Write(attempt.Number, NpgsqlDbType.Integer);
            writer.Write(attempt.Date, NpgsqlDbType.Date);
            writer.Write(attempt.Slot, NpgsqlDbType.Text);
            writer.Write(GasLetters.For(attempt.Number), NpgsqlDbType.Text);
            writer.Write(attempt.LetterDate, NpgsqlDbType.Date);
            writer.Write(GasAppointmentStatuses.Booked, NpgsqlDbType.Text);
            writer.Write(now, NpgsqlDbType.TimestampTz);
            writer.Write(booking.ShortNotice, NpgsqlDbType.Boolean);
            writer.Write(booking.LetterReaches, NpgsqlDbType.Date);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
