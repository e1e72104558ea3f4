using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// The cancelled-appointment letter (<see cref="TenantLetterKinds.AppointmentCancelled"/>, template
/// <c>tenant-appointment-cancelled</c>): a tenant told of a visit (its letter being sent or sent, by email or post) whose
/// visit is cancelled while its day is still to come is told at once not to wait in for it, and why
/// (docs/gas-safety.md, When a visit the tenant was told of is cancelled). Written in the transaction of the cancellation,
/// after any booking it makes: a visit that a booked visit's letter names (<see cref="GasBookingWriter"/>: the changed
/// letter, or a second or third letter that also cancels it), or that the home is booked again on its very day and slot,
/// gets none (that letter says it, or the tenant's letter holds).
/// </summary>
internal static class CancelledLetters
{
    // The key of a cancelled visit's letter, from its appointment's (GasBookingWriter.LetterKey) with '/cancelled': one per
    // cancelled appointment, whatever cancels it and however often.
    internal const string KeySuffix = "/cancelled";

    // One letter per appointment given that is cancelled, still to come (on or after @as_of: the tenant would wait in for
    // it), and whose own letter went (its key, sending or sent: a pending one was superseded and never reached the tenant),
    // to the tenant that letter went to, while they are an active tenant of the home and the home is in the register
    // (a home or tenant gone: nobody to write to), unless a visit booked for the home is on its day and slot or has a
    // letter naming it (replacesDate, replacesSlot; not superseded): the home's booked visits by the index on
    // (home_id, deadline, attempt), their letters by key. At once (release_at null; by post in the next posting batch). The
    // reason: the check made (@check_made true, or null and the order cancelled check-made) with the day of the home's
    // latest check known (reported, gas_checks.completed_on, or recorded in the register, homes.last_gas_check); else none
    // (the letter says the visit is no longer needed). One probe per appointment by primary key and per letter by key.
    private const string WriteSql = $"""
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, payload,
                                     sequence, status, attempts, next_attempt_at, created_at)
        SELECT 'tenant-letter', k.key, k.key || '@estate-scheduler', 'tenant', m.recipient_id, ARRAY[w.id],
               jsonb_strip_nulls(jsonb_build_object(
                   'letter', '{TenantLetterKinds.AppointmentCancelled}', 'homeId', a.home_id, 'reference', w.reference, 'service', w.service,
                   'date', to_char(a.date, 'YYYY-MM-DD'), 'slot', a.slot,
                   'checkedOn', CASE WHEN coalesce(@check_made, w.cancelled_reason LIKE 'check-made%')
                                     THEN to_char((SELECT greatest(max(c.completed_on), h.last_gas_check) FROM gas_checks c WHERE c.home_id = a.home_id), 'YYYY-MM-DD')
                                END)),
               0, 'pending', 0, @now, @now
        FROM gas_appointments a
        JOIN work_orders w ON w.id = a.work_order_id
        CROSS JOIN LATERAL (SELECT 'letter/' || w.reference || '/' || a.attempt || '/' || a.id AS told) l
        JOIN outbox_messages m ON m.idempotency_key = l.told AND m.kind = 'tenant-letter' AND m.status IN ('sending', 'sent')
        JOIN tenants t ON t.id = m.recipient_id AND t.home_id = a.home_id AND t.active
        JOIN homes h ON h.id = a.home_id AND h.active
        CROSS JOIN LATERAL (SELECT l.told || '{KeySuffix}' AS key) k
        WHERE a.id = ANY(@appointments) AND a.status = 'cancelled' AND a.letter IS NOT NULL AND a.date >= @as_of
          AND NOT EXISTS (SELECT 1 FROM gas_appointments n JOIN work_orders nw ON nw.id = n.work_order_id
                          WHERE n.home_id = a.home_id AND n.status = 'booked'
                            AND ((n.date, n.slot) = (a.date, a.slot)
                                 OR EXISTS (SELECT 1 FROM outbox_messages x
                                            WHERE x.idempotency_key = 'letter/' || nw.reference || '/' || n.attempt || '/' || n.id
                                              AND x.status <> 'superseded'
                                              AND x.payload->>'replacesDate' = to_char(a.date, 'YYYY-MM-DD') AND x.payload->>'replacesSlot' = a.slot)))
        ORDER BY a.id
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    /// <summary>
    /// Writes the cancelled-appointment letter of each of <paramref name="appointmentIds"/> (cancelled) whose tenant was
    /// told of it and whose day is on or after <paramref name="asOf"/>; returns how many. <paramref name="checkMade"/>
    /// says the visits were cancelled because their check was made (true), for another reason (false), or, null, as
    /// each order's <c>cancelled_reason</c> says.
    /// </summary>
    public static async Task<int> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, long[] appointmentIds, bool? checkMade, LocalDate asOf, Instant now,
        CancellationToken cancellationToken)
    {
        if (appointmentIds.Length == 0)
        {
            return 0;
        }

        await using var command = new NpgsqlCommand(WriteSql, connection, transaction);
        command.Parameters.AddWithValue("appointments", appointmentIds);
        command.Parameters.Add(new NpgsqlParameter("check_made", NpgsqlDbType.Boolean) { Value = checkMade is { } made ? made : DBNull.Value });
        command.Parameters.AddWithValue("as_of", asOf);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
