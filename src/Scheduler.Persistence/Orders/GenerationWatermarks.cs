using Npgsql;
using NodaTime;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// Reads and writes what the nightly generation applies incrementally from (migration <c>IncrementalApply</c>): the
/// watermark of the last apply, the register version, and the (schedule, asset) pairs whose orders other writers changed.
/// Every method runs in the apply's transaction, under its advisory lock.
/// </summary>
internal static class GenerationWatermarks
{
    /// <summary>
    /// Marks the transaction as generation's: its own changes to <c>work_orders</c> (cancellations) are not recorded in
    /// <c>planning_changes</c> (the apply leaves them as it wants them).
    /// </summary>
    public static async Task MarkAsGenerationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT set_config('estate.generation', 'apply', true)", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The last apply's watermark (null when none was recorded) and the register version now, with the database's oid
    /// (<see cref="RegisterStamp"/>). Read before the register is: an import that commits in between makes the next
    /// night's versions differ (a full apply, and the register read again), never the reverse.
    /// </summary>
    public static async Task<(GenerationWatermark? Mark, RegisterStamp Register)> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT version FROM register_version WHERE id = 1), m.as_of, m.horizon_end, m.full_as_of, m.config_version, m.register_version,
                   (SELECT oid FROM pg_database WHERE datname = current_database())
            FROM (SELECT 1) one LEFT JOIN generation_watermark m ON m.id = 1
            """,
            connection,
            transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var version = reader.IsDBNull(0) ? -1 : reader.GetInt64(0);
        var mark = reader.IsDBNull(1)
            ? null
            : new GenerationWatermark(
                reader.GetFieldValue<LocalDate>(1), reader.GetFieldValue<LocalDate>(2), reader.GetFieldValue<LocalDate>(3), reader.GetString(4), reader.GetInt64(5));
        return (mark, new RegisterStamp(reader.GetFieldValue<uint>(6), version));
    }

    /// <summary>Records <paramref name="mark"/> as the last apply's, in the apply's transaction.</summary>
    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, GenerationWatermark mark, Instant now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO generation_watermark (id, as_of, horizon_end, full_as_of, config_version, register_version, applied_at)
            VALUES (1, @as_of, @horizon_end, @full_as_of, @config_version, @register_version, @now)
            ON CONFLICT (id) DO UPDATE SET as_of = excluded.as_of, horizon_end = excluded.horizon_end, full_as_of = excluded.full_as_of,
                config_version = excluded.config_version, register_version = excluded.register_version, applied_at = excluded.applied_at
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("as_of", mark.AsOf);
        command.Parameters.AddWithValue("horizon_end", mark.HorizonEnd);
        command.Parameters.AddWithValue("full_as_of", mark.FullAsOf);
        command.Parameters.AddWithValue("config_version", mark.ConfigVersion);
        command.Parameters.AddWithValue("register_version", mark.RegisterVersion);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the recorded changes: deletes every committed <c>planning_changes</c> row and returns their asset ids.
    /// Taken before the orders are read, so a change committed meanwhile is either seen by the reads or left for the
    /// next apply (its row was not visible to the delete), never lost. A full apply discards what it takes.
    /// </summary>
    public static async Task<HashSet<string>> TakeChangesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("DELETE FROM planning_changes RETURNING asset_id", connection, transaction);
        var assets = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            assets.Add(reader.GetString(0));
        }

        return assets;
    }

    /// <summary>
    /// Adds to <paramref name="into"/> the assets with an open floating visit (not a follow-up) whose window ended on or
    /// after <paramref name="from"/> and before <paramref name="to"/>: the days since the last apply took it out of the
    /// window it was booked in, so it may no longer cover the visit wanted (an overdue booking instead).
    /// </summary>
    public static async Task AddWindowsEndedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<string> floatingSchedules, LocalDate from, LocalDate to,
        HashSet<string> into, CancellationToken cancellationToken)
    {
        if (floatingSchedules.Count == 0 || from >= to)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT DISTINCT asset_id FROM work_orders
            WHERE schedule_id = ANY(@schedules) AND parent_id IS NULL AND sla_category IS NULL
              AND status IN ('planned', 'issued', 'appointed') AND window_end >= @from AND window_end < @to
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("schedules", floatingSchedules.ToArray());
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            into.Add(reader.GetString(0));
        }
    }
}
