using System.Globalization;
using System.Text;
using Npgsql;
using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Orders;

/// <summary>Reads what the planner needs from <c>work_orders</c>, with plain ADO.NET (it can be hundreds of thousands of rows).</summary>
internal static partial class StoredOrderReader
{
    // Reactive orders (a repair raised from a defect: sla_category set) are no calendar's to plan or cancel, so the
    // planner never sees them. No self-join for the parent: parents in scope are resolved from the rows read; a parent out of scope is
    // closed and aimed before as-of (that is what "out of scope" means), which is all the planner needs to know.
    // The occurrence key comes back only when it is not the one schedule, asset, window start and service give
    // (StoredOrder's null key: compared by those values, no string): the ~100-byte key of every row was most of the
    // bytes read and of the memory the stored orders took. Which keys those are the row says itself: usual_key, a
    // stored generated flag made when the row is written (migration UsualOccurrenceKey: the key is exactly
    // schedule/asset/yyyy-MM-dd/service, as OrderKey.Format writes it, and no id holds a '/'). Testing it here on
    // every row read, building each key's text from the columns, was ~40 % of this statement's server CPU.
    // Schedule, service and contractor ids that config names (one short list each, so the server compares few), and the
    // status (the statuses' texts), come back with their position in those lists, and the text is made into a string only when it is not there: a re-apply read 669,066
    // rows of four such strings, each made (and most thrown away at once) for a value the config already holds; the
    // config's own strings are kept instead, which the compare then finds equal by reference. (The text still comes
    // on the wire, unread: a CASE sending it only when needed made the server find each position twice.)
    // Each position is a simple CASE over the names, one parameter each ({schedule_position} and the like, made by
    // Positions): what array_position(@schedules, w.schedule_id) gave, for ~35 % less of the server's CPU on those
    // columns (branch cmp20: array_position walks its array anew for every row).
    private const string Columns = """
        SELECT w.id, w.parent_id, w.reference,
               CASE WHEN w.usual_key THEN NULL ELSE w.occurrence_key END,
               {schedule_position}, w.schedule_id, {service_position}, w.service,
               w.asset_id, w.window_start, w.window_end, w.target_date,
               {status_position}, w.status, {contractor_position}, w.contractor_id, w.deadline
        """;

    // Column positions (Columns, then the scoped read's part).
    private const int Id = 0, ParentId = 1, Reference = 2, Key = 3, Schedule = 4, Service = 6, Asset = 8, WindowStart = 9, WindowEnd = 10,
        TargetDate = 11, Status = 12, Contractor = 14, Deadline = 16, Part = 17;

    /// <summary>The text forms of every status, in <see cref="WorkOrderStatuses.All"/>'s order (the status's position).</summary>
    private static readonly string[] StatusTexts = [.. WorkOrderStatuses.All.Select(s => s.ToText())];

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
    /// <param name="connection">The connection (of a NodaTime-enabled data source).</param>
    /// <param name="transaction">The transaction to read in, if any.</param>
    /// <param name="asOf">Today: the orders aimed before it that are closed are not read.</param>
    /// <param name="names">Schedule, service and contractor ids the orders are likely to have (<see cref="NamesOf"/>): held as these strings; others are read as text.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<StoredOrderTable> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, LocalDate asOf, KnownNames names, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("as_of", asOf);
        return await ReadAsync(command, asOf, names, skip: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The schedule ids, services (follow-ups' too) and contractor ids <paramref name="config"/> names, once each.</summary>
    public static KnownNames NamesOf(EstateConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new KnownNames(
            [.. config.Schedules.Select(s => s.Id).Distinct(StringComparer.Ordinal)],
            [.. config.Schedules.SelectMany(s => s.FollowUps.Select(f => f.Service).Prepend(s.Service)).Distinct(StringComparer.Ordinal)],
            [.. config.Contractors.Select(c => c.Id).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// The stored orders an incremental apply compares, as <see cref="ReadAsync(NpgsqlConnection, NpgsqlTransaction?, LocalDate, KnownNames, CancellationToken)"/>
    /// reads them: those of <paramref name="assets"/> (every one the full read would), and — when <paramref name="after"/>
    /// is set — the calendar orders of other assets aimed after it, not of <paramref name="floatingSchedules"/>, and not
    /// follow-ups of an order aimed on or before it.
    /// </summary>
    public static async Task<StoredOrderTable> ReadScopedAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, LocalDate asOf, IReadOnlySet<string> assets, LocalDate? after,
        IReadOnlyCollection<string> floatingSchedules, KnownNames names, CancellationToken cancellationToken)
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
        return await ReadAsync(command, asOf, names, skip: (part, asset) => part == 1 && assets.Contains(asset), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StoredOrderTable> ReadAsync(
        NpgsqlCommand command, LocalDate asOf, KnownNames names, Func<int, string, bool>? skip, CancellationToken cancellationToken) =>
        (await ReadRowsAsync(command, names, skip, 0, register: null, cancellationToken).ConfigureAwait(false)).Resolve(asOf);

    /// <summary>
    /// Reads the rows of <paramref name="command"/> into a table; their parents are resolved later (<see cref="Rows.Resolve"/>).
    /// <paramref name="expected"/> rows are made room for at once (0: none), so the key lookup is not grown step by step.
    /// With <paramref name="register"/> (the planning register kept between nights) each asset id is held as the register's
    /// own string for that id (when it has one), not the one read: see <see cref="SameAs"/>.
    /// </summary>
    private static async Task<Rows> ReadRowsAsync(
        NpgsqlCommand command, KnownNames names, Func<int, string, bool>? skip, int expected, EstateRegister? register, CancellationToken cancellationToken)
    {
        command.CommandText = Positions(command.CommandText, command.Parameters, names);
        var rows = new Rows(new StoredOrderTable(expected), new List<long>(expected), []); // rows, not an object per order: see StoredOrderTable
        var (orders, ids, parents) = (rows.Table, rows.Ids, rows.Parents);
        var shared = new Dictionary<string, string>(StringComparer.Ordinal); // ids config does not name, which may repeat too
        var asset = string.Empty; // the previous row's: orders of one asset are mostly stored one after another (as expanded)
        Func<string, string> held = register is null ? static id => id : id => register.FindAsset(id)?.Id ?? id;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var assetId = SameAs(ref asset, reader.GetString(Asset), held);
                if (skip is not null && skip(reader.GetInt32(Part), assetId))
                {
                    continue;
                }

                ids.Add(reader.GetInt64(Id));
                if (!reader.IsDBNull(ParentId))
                {
                    parents.Add((orders.Count, reader.GetInt64(ParentId)));
                }

                orders.Add(
                    reader.GetString(Reference), // kept as a number (StoredOrderTable): this string dies young, not promoted with the order
                    reader.IsDBNull(Key) ? null : reader.GetString(Key),
                    Named(reader, Schedule, names.Schedules, shared)!,
                    Named(reader, Service, names.Services, shared)!,
                    assetId,
                    new ServiceWindow(reader.GetFieldValue<LocalDate>(WindowStart), reader.GetFieldValue<LocalDate>(WindowEnd)),
                    reader.GetFieldValue<LocalDate>(TargetDate),
                    StatusOf(reader),
                    Named(reader, Contractor, names.Contractors, shared),
                    reader.IsDBNull(Deadline) ? null : reader.GetFieldValue<LocalDate>(Deadline));
            }
        }

        return rows;
    }

    /// <summary>
    /// <paramref name="sql"/> with each position placeholder of <see cref="Columns"/> (<c>{schedule_position}</c> and the
    /// like) made a simple CASE giving the column's 1-based position among the names (<paramref name="names"/>' or the
    /// statuses), null when it is none of them (or null), as <c>array_position</c> would: one parameter a name.
    /// </summary>
    private static string Positions(string sql, NpgsqlParameterCollection parameters, KnownNames names)
    {
        foreach (var (name, column, values) in new[]
                 {
                     ("schedule", "schedule_id", names.Schedules), ("service", "service", names.Services),
                     ("status", "status", StatusTexts), ("contractor", "contractor_id", names.Contractors),
                 })
        {
            var position = new StringBuilder(values.Length == 0 ? "NULL::integer" : "CASE w." + column);
            for (var i = 0; i < values.Length; i++)
            {
                position.Append(CultureInfo.InvariantCulture, $" WHEN @{name}_{i} THEN {i + 1}");
                parameters.AddWithValue($"{name}_{i}", values[i]);
            }

            sql = sql.Replace("{" + name + "_position}", values.Length == 0 ? position.ToString() : position.Append(" END").ToString(), StringComparison.Ordinal);
        }

        return sql;
    }

    /// <summary>
    /// Stored orders as read, before their parents are known: the table, each row's id (by row: a dictionary of every id cost
    /// ~50 MB at 669,066 rows, for a few parents), and the rows that have a parent with the parent's id.
    /// </summary>
    private sealed record Rows(StoredOrderTable Table, List<long> Ids, List<(int Index, long ParentId)> Parents)
    {
        /// <summary>
        /// One table of <paramref name="parts"/>' rows, in order (<see cref="StoredOrderTable.Concat"/>), parents not yet
        /// resolved: a follow-up's parent may be in another part.
        /// </summary>
        public static Rows Concat(IReadOnlyList<Rows> parts)
        {
            var ids = new List<long>(parts.Sum(p => p.Ids.Count));
            var parents = new List<(int, long)>(parts.Sum(p => p.Parents.Count));
            foreach (var part in parts)
            {
                var offset = ids.Count;
                ids.AddRange(part.Ids);
                parents.AddRange(part.Parents.Select(p => (p.Index + offset, p.ParentId)));
            }

            return new Rows(StoredOrderTable.Concat([.. parts.Select(p => p.Table)]), ids, parents);
        }

        /// <summary>
        /// Gives each follow-up its parent's key and target date when the parent is among the rows; otherwise the parent is
        /// history (closed and aimed before <paramref name="asOf"/>), and the follow-up carries no key and the day before as-of.
        /// </summary>
        public StoredOrderTable Resolve(LocalDate asOf)
        {
            var parentIndex = Parents.Select(p => p.ParentId).Distinct().ToDictionary(id => id, _ => -1);
            if (parentIndex.Count > 0)
            {
                for (var i = 0; i < Ids.Count; i++)
                {
                    if (parentIndex.ContainsKey(Ids[i]))
                    {
                        parentIndex[Ids[i]] = i;
                    }
                }
            }

            var beforeAsOf = asOf.PlusDays(-1);
            foreach (var (index, parentId) in Parents)
            {
                if (parentIndex[parentId] is var p and >= 0)
                {
                    Table.SetParent(index, Table.KeyAt(p), Table.TargetDateAt(p));
                }
                else
                {
                    Table.SetParent(index, null, beforeAsOf);
                }
            }

            return Table;
        }
    }

    /// <summary>
    /// <paramref name="previous"/> when <paramref name="value"/> equals it, else <paramref name="value"/> as
    /// <paramref name="held"/> gives it (which becomes the previous): one string held for a run of rows with the same
    /// value, for a comparison a row (a dictionary of every asset would cost a lookup a row and hold ~300,000 entries).
    /// When <paramref name="held"/> gives the kept register's string for the id (an equal string that is already old), the
    /// one read dies young: the table then holds no young string, so the collections during the read neither copy the
    /// ~300,000 asset ids into the older generations nor trace the table's rows for them (at 300,000 homes most of the
    /// weekly full compare's process CPU was the collector's).
    /// </summary>
    private static string SameAs(ref string previous, string value, Func<string, string> held) =>
        string.Equals(previous, value, StringComparison.Ordinal) ? previous : previous = held(value);

    /// <summary>
    /// The id whose 1-based position in <paramref name="known"/> is in column <paramref name="position"/> or, when config
    /// does not name it, the next column's text (the id itself); null when that is null too (a null id).
    /// </summary>
    private static string? Named(NpgsqlDataReader reader, int position, string[] known, Dictionary<string, string> shared) =>
        !reader.IsDBNull(position) ? known[reader.GetInt32(position) - 1]
        : reader.IsDBNull(position + 1) ? null
        : Shared(shared, reader.GetString(position + 1));

    private static WorkOrderStatus StatusOf(NpgsqlDataReader reader)
    {
        if (!reader.IsDBNull(Status))
        {
            return WorkOrderStatuses.All[reader.GetInt32(Status) - 1];
        }

        var text = reader.IsDBNull(Status + 1) ? null : reader.GetString(Status + 1);
        return WorkOrderStatuses.Parse(text) ?? throw new InvalidOperationException($"work_orders has an unknown status '{text}'.");
    }

    /// <summary>Schedule ids, services and contractor ids (each distinct) whose stored orders are held as these strings.</summary>
    internal sealed record KnownNames(string[] Schedules, string[] Services, string[] Contractors);

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
    /// them into the date a floating schedule (gas safety) counts from. With <paramref name="assets"/>, those assets' only
    /// (on the <c>(asset_id, schedule_id)</c> index).
    /// </summary>
    public static async Task<Dictionary<(string ScheduleId, string AssetId), (LocalDate CompletedOn, LocalDate? Deadline)>> LastCompletionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<string> scheduleIds, IReadOnlyCollection<string>? assets,
        CancellationToken cancellationToken)
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
            """ + (assets is null ? string.Empty : " AND asset_id = ANY(@assets)") + """

            ORDER BY schedule_id, asset_id, completed_on DESC, id DESC
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("schedules", scheduleIds.ToArray());
        if (assets is not null)
        {
            command.Parameters.AddWithValue("assets", assets.ToArray());
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[(reader.GetString(0), reader.GetString(1))] =
                (reader.GetFieldValue<LocalDate>(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<LocalDate>(3));
        }

        return result;
    }
}
