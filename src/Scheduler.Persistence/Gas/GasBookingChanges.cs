using Npgsql;
using NodaTime;
using Scheduler.Persistence.Orders;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// What tells the nightly booking which homes to read again (migration <c>Book7</c>; docs/gas-safety.md, "What a night
/// reads"), inside the booking's transaction: the homes other writers changed (<c>gas_booking_changes</c>, added by row
/// triggers on <c>work_orders</c> updates and deletes, <c>gas_appointments</c> and <c>gas_escalations</c> in the writer's
/// transaction; the booking's own writes are not recorded), the orders inserted since (by id), the escalated homes whose
/// deadline a night passed, and the versions that decide whether a kept snapshot still holds.
/// </summary>
internal static class GasBookingChanges
{
    /// <summary>
    /// Marks the transaction as the booking's (its writes are not recorded as changes), raises <c>gas_booking_state</c>
    /// and returns its new version, the register version and the database's oid.
    /// </summary>
    public static async Task<(long StateVersion, long RegisterVersion, uint DatabaseOid)> StampAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT set_config('estate.gas_booking', 'on', true);
            UPDATE gas_booking_state SET version = version + 1 WHERE id = 1
            RETURNING version, (SELECT version FROM register_version WHERE id = 1), (SELECT oid FROM pg_database WHERE datname = current_database());
            """,
            connection,
            transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("gas_booking_state has no row: run 'estate-scheduler migrate'.");
        }

        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<uint>(2));
    }

    /// <summary>Takes the homes other writers changed since the last booking (every committed row, deleted as read).</summary>
    public static async Task<HashSet<string>> TakeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var homes = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("DELETE FROM gas_booking_changes RETURNING home_id", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            homes.Add(reader.GetString(0));
        }

        return homes;
    }

    /// <summary>
    /// The highest work order id, read while no apply runs (the apply's advisory lock taken, not waited for, and held to the
    /// end of the booking's transaction); null when an apply is running (on another node). Only generation's apply inserts
    /// calendar orders, one apply at a time, taking ids as it goes: every gas order inserted after this read has a higher id.
    /// </summary>
    public static async Task<long?> OrdersThroughAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT CASE WHEN pg_try_advisory_xact_lock(@key) THEN (SELECT coalesce(max(id), 0) FROM work_orders) END",
            connection,
            transaction);
        command.Parameters.AddWithValue("key", WorkOrderGeneration.ApplyLockKey);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long id ? id : null;
    }

    /// <summary>The homes with an order of <paramref name="scheduleId"/> inserted after <paramref name="afterId"/> (their ids only).</summary>
    public static async Task<List<string>> NewOrdersAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string scheduleId, long afterId, CancellationToken cancellationToken)
    {
        var homes = new List<string>();
        await using var command = new NpgsqlCommand(
            "SELECT asset_id FROM work_orders WHERE id > @after AND schedule_id = @schedule AND parent_id IS NULL AND asset_kind = 'property'",
            connection,
            transaction);
        command.Parameters.AddWithValue("after", afterId);
        command.Parameters.AddWithValue("schedule", scheduleId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            homes.Add(reader.GetString(0));
        }

        return homes;
    }

    /// <summary>
    /// Homes with an escalation not resolved whose deadline is from <paramref name="from"/> to the day before
    /// <paramref name="asOf"/>: not booked while that deadline was in date, booked again now it has passed.
    /// </summary>
    public static async Task<List<string>> DeadlinePassedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LocalDate from, LocalDate asOf, CancellationToken cancellationToken)
    {
        var homes = new List<string>();
        await using var command = new NpgsqlCommand(
            "SELECT home_id FROM gas_escalations WHERE resolved_on IS NULL AND deadline >= @from AND deadline < @as_of",
            connection,
            transaction);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("as_of", asOf);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            homes.Add(reader.GetString(0));
        }

        return homes;
    }
}
