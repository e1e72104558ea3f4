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
    /// <remarks>Also returns the watermark's token (<see cref="WriteAsync"/>): null when none was written.</remarks>
    public static async Task<(GenerationWatermark? Mark, RegisterStamp Register, Guid? Token)> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT version FROM register_version WHERE id = 1), m.as_of, m.horizon_end, m.full_as_of, m.config_version, m.register_version,
                   (SELECT oid FROM pg_database WHERE datname = current_database()), m.token
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
        return (mark, new RegisterStamp(reader.GetFieldValue<uint>(6), version), reader.IsDBNull(7) ? null : reader.GetGuid(7));
    }

    /// <summary>
    /// Records <paramref name="mark"/> as the last apply's, in the apply's transaction, with <paramref name="token"/>: a value
    /// new to this apply, so the process that wrote it can tell on the next night that no other apply ran in between.
    /// </summary>
    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, GenerationWatermark mark, Guid token, Instant now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO generation_watermark (id, as_of, horizon_end, full_as_of, config_version, register_version, applied_at, token)
            VALUES (1, @as_of, @horizon_end, @full_as_of, @config_version, @register_version, @now, @token)
            ON CONFLICT (id) DO UPDATE SET as_of = excluded.as_of, horizon_end = excluded.horizon_end, full_as_of = excluded.full_as_of,
                config_version = excluded.config_version, register_version = excluded.register_version, applied_at = excluded.applied_at,
                token = excluded.token
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("as_of", mark.AsOf);
        command.Parameters.AddWithValue("horizon_end", mark.HorizonEnd);
        command.Parameters.AddWithValue("full_as_of", mark.FullAsOf);
        command.Parameters.AddWithValue("config_version", mark.ConfigVersion);
        command.Parameters.AddWithValue("register_version", mark.RegisterVersion);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("token", token);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the recorded changes: deletes every committed <c>planning_changes</c> row and returns them (schedule, asset, and
    /// whether the change was only a visit reported: <c>visit_closed</c>, migration <c>Days7</c>). Taken before the orders are
    /// read, so a change committed meanwhile is either seen by the reads or left for the next apply (its row was not visible
    /// to the delete), never lost. A full apply discards what it takes.
    /// </summary>
    public static async Task<List<PlanningChange>> TakeChangesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("DELETE FROM planning_changes RETURNING schedule_id, asset_id, visit_closed", connection, transaction);
        var changes = new List<PlanningChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            changes.Add(new PlanningChange(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        return changes;
    }

    /// <summary>
    /// Adds to <paramref name="into"/> the assets with an open floating visit (not a follow-up) whose window ended on or
    /// after <paramref name="from"/> and before <paramref name="to"/>: the days since the last apply took it out of the
    /// window it was booked in, so it may no longer cover the visit wanted (an overdue booking instead).
    /// When every floating schedule applies to homes (<paramref name="homesOnly"/>) only orders of homes are looked at, on the
    /// partial index <c>ix_work_orders_open_window_end</c> (migration <c>Days7</c>; on the flag <c>open_home_visit</c>
    /// since <c>HotReports</c>, which the query names instead of the open statuses and the home's kind): an order of
    /// another kind of asset is never wanted by such a schedule, so its window cannot matter. Otherwise every order is
    /// scanned (by its open statuses: the flag is false for every order but a home's).
    /// </summary>
    public static async Task AddWindowsEndedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<string> floatingSchedules, bool homesOnly, LocalDate from, LocalDate to,
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
              AND window_end >= @from AND window_end < @to
            """ + (homesOnly ? " AND open_home_visit" : " AND status IN ('planned', 'issued', 'appointed')"),
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

/// <summary>One recorded change of a calendar order's planning inputs (<c>planning_changes</c>).</summary>
/// <param name="ScheduleId">The order's schedule.</param>
/// <param name="AssetId">The order's asset.</param>
/// <param name="VisitClosed">
/// True when only the status changed, from an open one to <c>completed</c> or <c>no-access</c> (a reported visit): the
/// order became history and nothing else the planner reads moved.
/// </param>
internal readonly record struct PlanningChange(string ScheduleId, string AssetId, bool VisitClosed);
