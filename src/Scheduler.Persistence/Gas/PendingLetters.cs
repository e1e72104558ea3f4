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
    private const string SupersedeSql = """
        UPDATE outbox_messages o
        SET status = 'superseded', last_error = 'not sent: its appointment was cancelled or changed before the letter went'
        WHERE o.kind = 'tenant-letter' AND o.status = 'pending' AND o.work_order_ids && @orders
          AND o.idempotency_key LIKE 'letter/%'
          AND NOT EXISTS (SELECT 1 FROM gas_appointments a
                          WHERE a.id = split_part(o.idempotency_key, '/', 4)::bigint AND a.status = 'booked')
        """;

    /// <summary>Supersedes the pending letters of <paramref name="orderIds"/> whose appointment is not booked; returns how many.</summary>
    public static async Task<int> SupersedeUnbookedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] orderIds, CancellationToken cancellationToken)
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
