using Npgsql;
using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Orders;

/// <summary>Reads what the planner needs from <c>work_orders</c>, with plain ADO.NET (it can be hundreds of thousands of rows).</summary>
internal static class StoredOrderReader
{
    // Reactive orders (a repair raised from a defect: sla_category set) are no calendar's to plan or cancel, so the
    // planner never sees them. No self-join for the parent: parents in scope are resolved from the rows read; a parent out of scope is
    // closed and aimed before as-of (that is what "out of scope" means), which is all the planner needs to know.
    // The occurrence key comes back only when it is not the one schedule, asset, window start and service give
    // (StoredOrder's null key: compared by those values, no string): the ~100-byte key of every row was most of the
    // bytes read and of the memory the stored orders took. A key that only looks different (say, another DateStyle)
    // comes back as text and is compared as text: slower, never wrong.
    private const string Columns = """
        SELECT w.id, w.parent_id, w.reference,
               CASE WHEN w.occurrence_key = w.schedule_id || '/' || w.asset_id || '/' || w.window_start::text || '/' || w.service
                         AND strpos(w.schedule_id, '/') = 0 AND strpos(w.asset_id, '/') = 0 AND strpos(w.service, '/') = 0
                    THEN NULL ELSE w.occurrence_key END,
               w.schedule_id, w.service, w.asset_id, w.window_start, w.window_end, w.target_date, w.status, w.contractor_id
        """;

    private const string Sql = Columns + "\n" + """
        FROM work_orders w
        WHERE (w.target_date >= @as_of OR w.status IN ('planned', 'issued', 'appointed'))
          AND w.sla_category IS NULL
        """;

    // The incremental apply's two parts (WorkOrderGeneration.GenerateAsync), each on its own index: every order of the
    // assets compared over the whole horizon, as Sql reads them; and the orders of the new days at the end of the horizon
    // (not floating, and not follow-ups of an order aimed before them, which the new days' expansion does not make).
    private const string AssetsSql = Columns + "\n" + """
        , 0 AS part
        FROM work_orders w
        WHERE (w.target_date >= @as_of OR w.status IN ('planned', 'issued', 'appointed'))
          AND w.sla_category IS NULL AND w.asset_id = ANY(@assets)
        """;

    private const string NewDaysSql = "\nUNION ALL\n" + Columns + "\n" + """
        , 1 AS part
        FROM work_orders w
        WHERE w.target_date > @after AND w.sla_category IS NULL AND w.schedule_id <> ALL(@floating)
          AND (w.parent_id IS NULL OR EXISTS (SELECT 1 FROM work_orders p WHERE p.id = w.parent_id AND p.target_date > @after))
        """;

    /// <summary>
    /// Every calendar order (not a reactive repair) aimed on or after <paramref name="asOf"/> and every open one (an outstanding floating visit may be
    /// older), as <see cref="StoredOrder"/>s. A follow-up carries its parent's key and target date; when the parent is
    /// not among those rows it is history, and the follow-up carries no key and the day before <paramref name="asOf"/>.
    /// </summary>
    public static async Task<StoredOrderTable> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, LocalDate asOf, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("as_of", asOf);
        return await ReadAsync(command, asOf, skip: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The stored orders an incremental apply compares, as <see cref="ReadAsync(NpgsqlConnection, NpgsqlTransaction?, LocalDate, CancellationToken)"/>
    /// reads them: those of <paramref name="assets"/> (every one the full read would), and — when <paramref name="after"/>
    /// is set — the calendar orders of other assets aimed after it, not of <paramref name="floatingSchedules"/>, and not
    /// follow-ups of an order aimed on or before it.
    /// </summary>
    public static async Task<StoredOrderTable> ReadScopedAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, LocalDate asOf, IReadOnlySet<string> assets, LocalDate? after,
        IReadOnlyCollection<string> floatingSchedules, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(after is null ? AssetsSql : AssetsSql + NewDaysSql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("as_of", asOf);
        command.Parameters.AddWithValue("assets", assets.ToArray());
        if (after is { } a)
        {
            command.Parameters.AddWithValue("after", a);
            command.Parameters.AddWithValue("floating", floatingSchedules.ToArray());
        }

        // The new days' rows of an asset compared whole are read by the first part already (follow-ups share their parent's asset).
        return await ReadAsync(command, asOf, skip: (part, asset) => part == 1 && assets.Contains(asset), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StoredOrderTable> ReadAsync(NpgsqlCommand command, LocalDate asOf, Func<int, string, bool>? skip, CancellationToken cancellationToken)
    {
        var orders = new StoredOrderTable(); // rows, not an object per order: see StoredOrderTable
        var ids = new List<long>(); // by index into orders: a dictionary of every id cost ~50 MB at 669,066 rows, for a few parents
        var names = new Dictionary<string, string>(StringComparer.Ordinal); // schedule, service and contractor ids repeat
        var parents = new List<(int Index, long ParentId)>();
        var asset = string.Empty; // the previous row's: orders of one asset are mostly stored one after another (as expanded)
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (skip is not null && skip(reader.GetInt32(12), reader.GetString(6)))
                {
                    continue;
                }

                ids.Add(reader.GetInt64(0));
                if (!reader.IsDBNull(1))
                {
                    parents.Add((orders.Count, reader.GetInt64(1)));
                }

                var status = reader.GetString(10);
                orders.Add(
                    reader.GetString(2), // kept as a number (StoredOrderTable): this string dies young, not promoted with the order
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    Shared(names, reader.GetString(4)),
                    Shared(names, reader.GetString(5)),
                    SameAs(ref asset, reader.GetString(6)),
                    new ServiceWindow(reader.GetFieldValue<LocalDate>(7), reader.GetFieldValue<LocalDate>(8)),
                    reader.GetFieldValue<LocalDate>(9),
                    WorkOrderStatuses.Parse(status) ?? throw new InvalidOperationException($"work_orders has an unknown status '{status}'."),
                    reader.IsDBNull(11) ? null : Shared(names, reader.GetString(11)));
            }
        }

        var parentIndex = parents.Select(p => p.ParentId).Distinct().ToDictionary(id => id, _ => -1);
        if (parentIndex.Count > 0)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                if (parentIndex.ContainsKey(ids[i]))
                {
                    parentIndex[ids[i]] = i;
                }
            }
        }

        var beforeAsOf = asOf.PlusDays(-1);
        foreach (var (index, parentId) in parents)
        {
            if (parentIndex[parentId] is var p and >= 0)
            {
                orders.SetParent(index, orders.KeyAt(p), orders.TargetDateAt(p));
            }
            else
            {
                orders.SetParent(index, null, beforeAsOf);
            }
        }

        return orders;
    }

    /// <summary>
    /// <paramref name="previous"/> when <paramref name="value"/> equals it, else <paramref name="value"/> (which becomes
    /// the previous): one string held for a run of rows with the same value, for a comparison a row (a dictionary of
    /// every asset would cost a lookup a row and hold ~300,000 entries).
    /// </summary>
    private static string SameAs(ref string previous, string value) =>
        string.Equals(previous, value, StringComparison.Ordinal) ? previous : previous = value;

    private static string Shared(Dictionary<string, string> names, string value)
    {
        if (names.TryGetValue(value, out var shared))
        {
            return shared;
        }

        names[value] = value;
        return value;
    }

    /// <summary>
    /// The latest completion of each (schedule, asset) among <paramref name="scheduleIds"/> (parents only): the day it
    /// was done and the deadline the order was booked for (null when not stored). <see cref="FloatingHistory"/> turns
    /// them into the date a floating schedule (gas safety) counts from.
    /// </summary>
    public static async Task<Dictionary<(string ScheduleId, string AssetId), (LocalDate CompletedOn, LocalDate? Deadline)>> LastCompletionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<string> scheduleIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(string, string), (LocalDate, LocalDate?)>();
        if (scheduleIds.Count == 0)
        {
            return result;
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT DISTINCT ON (schedule_id, asset_id) schedule_id, asset_id, completed_on, deadline FROM work_orders
            WHERE status = 'completed' AND completed_on IS NOT NULL AND parent_id IS NULL AND schedule_id = ANY(@schedules)
            ORDER BY schedule_id, asset_id, completed_on DESC, id DESC
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("schedules", scheduleIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[(reader.GetString(0), reader.GetString(1))] =
                (reader.GetFieldValue<LocalDate>(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<LocalDate>(3));
        }

        return result;
    }
}
