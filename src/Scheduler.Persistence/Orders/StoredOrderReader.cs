using Npgsql;
using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Orders;

/// <summary>Reads what the planner needs from <c>work_orders</c>, with plain ADO.NET (it can be hundreds of thousands of rows).</summary>
internal static class StoredOrderReader
{
    private const string Sql = """
        WITH wanted AS (
            SELECT w.id FROM work_orders w
            WHERE w.target_date >= @as_of OR w.status IN ('planned', 'issued', 'appointed')
        ), scope AS (
            SELECT id FROM wanted
            UNION
            SELECT w.parent_id FROM work_orders w JOIN wanted ON wanted.id = w.id WHERE w.parent_id IS NOT NULL
        )
        SELECT w.reference, w.occurrence_key, w.schedule_id, w.service, w.asset_id, w.window_start, w.window_end,
               w.target_date, w.status, w.contractor_id, p.occurrence_key
        FROM work_orders w
        JOIN scope ON scope.id = w.id
        LEFT JOIN work_orders p ON p.id = w.parent_id
        """;

    /// <summary>
    /// Every order aimed on or after <paramref name="asOf"/>, every open order (an outstanding floating visit may be
    /// older), and the parents of those, as <see cref="StoredOrder"/>s.
    /// </summary>
    public static async Task<List<StoredOrder>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, LocalDate asOf, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql, connection, transaction);
        command.Parameters.AddWithValue("as_of", asOf);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var orders = new List<StoredOrder>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var status = reader.GetString(8);
            orders.Add(new StoredOrder(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                new ServiceWindow(reader.GetFieldValue<LocalDate>(5), reader.GetFieldValue<LocalDate>(6)),
                reader.GetFieldValue<LocalDate>(7),
                WorkOrderStatuses.Parse(status) ?? throw new InvalidOperationException($"work_orders has an unknown status '{status}'."),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }

        return orders;
    }

    /// <summary>
    /// The latest completion date of each (schedule, asset) among <paramref name="scheduleIds"/>: what a floating
    /// schedule (gas safety) counts from. The completion date itself is used as the effective date, the cautious
    /// reading (an early-window visit could legally count from the old deadline, which is later).
    /// </summary>
    public static async Task<Dictionary<(string ScheduleId, string AssetId), LocalDate>> LastCompletionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<string> scheduleIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(string, string), LocalDate>();
        if (scheduleIds.Count == 0)
        {
            return result;
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT schedule_id, asset_id, max(completed_on) FROM work_orders
            WHERE status = 'completed' AND completed_on IS NOT NULL AND parent_id IS NULL AND schedule_id = ANY(@schedules)
            GROUP BY schedule_id, asset_id
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("schedules", scheduleIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[(reader.GetString(0), reader.GetString(1))] = reader.GetFieldValue<LocalDate>(2);
        }

        return result;
    }
}
