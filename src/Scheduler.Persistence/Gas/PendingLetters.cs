using Npgsql;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// Appointment letters that must no longer go: a letter still waiting (pending: deferred by the policy's
/// <c>letterAhead</c>, or due and not yet claimed) whose appointment is no longer booked — cancelled with its order,
/// reported (attended, no access) before the letter went, or replaced by a rebooking — is superseded, in the
/// transaction of the change. A letter already being sent is left to its dispatcher. The appointment is the last part of
/// the letter's key (<see cref="GasBookingWriter.LetterKey"/>).
/// </summary>
internal static class PendingLetters
{
    // By key (the unique index on idempotency_key), the keys made first from the orders' appointments no longer booked
    // as one array (an init plan), so the outbox is only ever read by key whatever the planner's estimates: the
    // completion effect runs this for every day's reported gas visits (~2,300 at 300,000 homes). Measured on the
    // end-to-end benchmark: a search of the outbox by work_order_ids && @orders was planned as a scan of every message
    // (~1 s of the server's CPU a day at 300,000 homes), and a join to the keys, with statistics not yet refreshed after
    // the first night's bulk writes, as a loop over every pending letter (minutes). The keys are made per order, in a
    // LATERAL subquery kept apart (OFFSET 0) so that it can only be a probe of the index on
    // gas_appointments.work_order_id and of the orders' primary key for each order given: written as a plain join, the
    // planner estimated thousands of appointments for a few hundred orders (status <> 'booked' over an array) and
    // hashed every row of work_orders and gas_appointments each time (branch days17: 21-24 ms a call at 30,000 homes,
    // each day's reports and booking).
    private const string SupersedeSql = """
        UPDATE outbox_messages o
        SET status = 'superseded', last_error = 'not sent: its appointment was cancelled or changed before the letter went'
        WHERE o.idempotency_key = ANY(ARRAY(
                SELECT k.key
                FROM unnest(@orders::bigint[]) AS r(id)
                CROSS JOIN LATERAL (
                    SELECT 'letter/' || w.reference || '/' || a.attempt || '/' || a.id AS key
                    FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id
                    WHERE a.work_order_id = r.id AND a.status <> 'booked'
                    OFFSET 0) k))
          AND o.kind = 'tenant-letter' AND o.status = 'pending'
        """;

    /// <summary>Supersedes the pending letters of <paramref name="orderIds"/> whose appointment is not booked; returns how many.</summary>
    public static async Task<int> SupersedeUnbookedAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long[] orderIds, CancellationToken cancellationToken)
    {
        if (orderIds.Length == 0)
        {
            return 0;
        }

        await using var command = new NpgsqlCommand(SupersedeSql, connection, transaction);
        command.Parameters.AddWithValue("orders", orderIds);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
