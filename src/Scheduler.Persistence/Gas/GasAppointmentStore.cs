using System.Globalization;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// Reads and writes <c>gas_appointments</c> inside the caller's transaction, with plain ADO.NET (booking runs on its own
/// connection; the completion effect on the completion's). Booking an appointment also sets the order
/// <c>appointed</c> with an audit event and queues the tenant's letter in the outbox, in the same transaction.
/// </summary>
internal static class GasAppointmentStore
{
    private const string InsertSql = """
        INSERT INTO gas_appointments (work_order_id, home_id, area_id, deadline, attempt, date, slot, letter, letter_on, status, booked_at)
        VALUES (@order, @home, @area, @deadline, @attempt, @date, @slot, @letter, @letter_on, 'booked', @now)
        RETURNING id
        """;

    private const string AppointOrderSql = """
        WITH old AS (
            SELECT id, status FROM work_orders WHERE id = @order FOR UPDATE
        ), updated AS (
            UPDATE work_orders w SET status = 'appointed', completed_on = NULL, completed_at = NULL
            FROM old WHERE w.id = old.id
            RETURNING w.id
        )
        INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason, config_version)
        SELECT old.id, @now, 'appointed', old.status, 'appointed', @reason, @config_version FROM old
        """;

    // The letter goes to the home's tenant (the first active one by id); a void home gets no letter.
    private const string LetterSql = """
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, payload,
                                     sequence, status, attempts, next_attempt_at, created_at)
        SELECT 'tenant-letter', @key, @key || '@estate-scheduler', 'tenant', t.id, ARRAY[@order], @payload::jsonb, 0, 'pending', 0, @now, @now
        FROM (SELECT id FROM tenants WHERE home_id = @home AND active ORDER BY id LIMIT 1) t
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    /// <summary>The idempotency key of the letter for appointment <paramref name="appointmentId"/>: <c>letter/{reference}/{attempt}/{id}</c>.</summary>
    public static string LetterKey(string reference, int attempt, long appointmentId) =>
        string.Create(CultureInfo.InvariantCulture, $"letter/{reference}/{attempt}/{appointmentId}");

    /// <summary>
    /// Stores <paramref name="booking"/> for <paramref name="order"/>: the appointment, the order <c>appointed</c> (with an
    /// audit event) and the tenant letter for its attempt. Returns the appointment's id.
    /// </summary>
    public static async Task<long> BookAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, GasOrder order, GasBooking booking, string configVersion, Instant now, CancellationToken cancellationToken)
    {
        var attempt = booking.Attempt;
        var letter = GasLetters.For(attempt.Number);
        long id;
        await using (var insert = new NpgsqlCommand(InsertSql, connection, transaction))
        {
            insert.Parameters.AddWithValue("order", order.Id);
            insert.Parameters.AddWithValue("home", booking.HomeId);
            insert.Parameters.AddWithValue("area", booking.AreaId);
            insert.Parameters.AddWithValue("deadline", booking.Deadline);
            insert.Parameters.AddWithValue("attempt", attempt.Number);
            insert.Parameters.AddWithValue("date", attempt.Date);
            insert.Parameters.AddWithValue("slot", attempt.Slot);
            insert.Parameters.AddWithValue("letter", letter);
            insert.Parameters.AddWithValue("letter_on", attempt.LetterDate);
            insert.Parameters.AddWithValue("now", now);
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using (var appoint = new NpgsqlCommand(AppointOrderSql, connection, transaction))
        {
            appoint.Parameters.AddWithValue("order", order.Id);
            appoint.Parameters.AddWithValue("now", now);
            appoint.Parameters.AddWithValue("reason", string.Create(
                CultureInfo.InvariantCulture,
                $"gas appointment {attempt.Number} booked for {attempt.Date:uuuu-MM-dd} {attempt.Slot}; deadline {booking.Deadline:uuuu-MM-dd}"));
            appoint.Parameters.AddWithValue("config_version", configVersion);
            await appoint.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var payload = new TenantLetterPayload(letter, booking.HomeId, order.Reference, order.Service, attempt.Date, attempt.Slot);
        await using (var queue = new NpgsqlCommand(LetterSql, connection, transaction))
        {
            queue.Parameters.AddWithValue("key", LetterKey(order.Reference, attempt.Number, id));
            queue.Parameters.AddWithValue("order", order.Id);
            queue.Parameters.AddWithValue("home", booking.HomeId);
            queue.Parameters.AddWithValue("payload", payload.ToJson());
            queue.Parameters.AddWithValue("now", now);
            await queue.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return id;
    }

    /// <summary>
    /// The failed attempts (no access) of each home in <paramref name="homeIds"/> by deadline, numbered in order, as the
    /// planner takes them.
    /// </summary>
    public static async Task<Dictionary<(string HomeId, LocalDate Deadline), List<AccessAttempt>>> FailedAttemptsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<string> homeIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(string, LocalDate), List<AccessAttempt>>();
        await using var command = new NpgsqlCommand(
            """
            SELECT home_id, deadline, attempt, date, slot, letter, letter_on FROM gas_appointments
            WHERE status = 'no-access' AND home_id = ANY(@homes)
            ORDER BY home_id, deadline, attempt
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("homes", homeIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = (reader.GetString(0), reader.GetFieldValue<LocalDate>(1));
            if (!result.TryGetValue(key, out var list))
            {
                result[key] = list = [];
            }

            var number = reader.GetInt32(2);
            var letter = reader.IsDBNull(5) ? AccessAttempt.LetterFor(number) : GasLetters.Parse(reader.GetString(5));
            list.Add(new AccessAttempt(number, reader.GetFieldValue<LocalDate>(3), reader.GetString(4), letter, reader.GetFieldValue<LocalDate>(6), AccessOutcome.NoAccess));
        }

        return result;
    }

    /// <summary>Every slot taken from <paramref name="from"/> on (booked or already visited): capacity the planner must not reuse.</summary>
    public static async Task<List<SlotBooking>> TakenAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, LocalDate from, CancellationToken cancellationToken)
    {
        var taken = new List<SlotBooking>();
        await using var command = new NpgsqlCommand(
            "SELECT area_id, date, slot FROM gas_appointments WHERE status <> 'cancelled' AND date >= @from",
            connection,
            transaction);
        command.Parameters.AddWithValue("from", from);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            taken.Add(new SlotBooking(reader.GetString(0), reader.GetFieldValue<LocalDate>(1), reader.GetString(2)));
        }

        return taken;
    }
}
