using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Planning;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// The fast way to create a plan's orders: binary COPY straight into <c>work_orders</c>, then (per-order contractors)
/// each order's notice into <c>outbox_messages</c>, also by COPY — no staging table, no <c>ON CONFLICT</c>, no row read
/// back. The order row is its own creation record: the audit trail (<c>work_order_history</c>) shows it as the
/// <c>created</c> event (when, config version, schedule or parent), so no row goes into <c>work_order_events</c>. Ids and reference
/// numbers are taken from the same sequences as the other writers, in one round trip, so every value of every row is
/// known before it is sent. Correct only when no live order already has one of the occurrence keys: the caller holds
/// the apply advisory lock and planned against the stored orders, so that is the normal case; if it is not (a writer
/// that does not take the lock, or a live order the stored-order read does not cover), the unique index on
/// <c>occurrence_key</c> refuses the COPY with a unique violation and the caller falls back to the staging path
/// (<see cref="PlanWriter"/>) from a savepoint.
/// </summary>
internal static class OrderCopy
{
    private static readonly string Planned = WorkOrderStatus.Planned.ToText();

    // nextval per row in generate_series order: ascending, and safe beside other writers taking numbers at the same time.
    // The identity sequence's name is looked up once (MATERIALIZED): as a plain subquery it was looked up for every
    // row, 5x slower.
    private const string ReserveSql = """
        WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence('work_orders', 'id')::regclass AS ids)
        SELECT nextval(s.ids), nextval('work_order_number') FROM s, generate_series(1, @n)
        """;

    // A follow-up whose parent is not created here follows a live stored order (the planner kept it).
    private const string StoredParentsSql = """
        SELECT occurrence_key, id, reference FROM work_orders WHERE occurrence_key = ANY(@keys) AND is_live
        """;

    private const string OrdersCopySql = """
        COPY work_orders (id, reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                          status, contractor_id, parent_id, occurrence_key, config_version, created_at, deadline) FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>
    /// Writes every occurrence of <paramref name="creates"/> (parents before their follow-ups) and, for a per-order
    /// contractor, its outbox notice. Returns the references, in order. The first
    /// <c>streamed.Length</c> orders are already in <c>work_orders</c> with those ids and references
    /// (<see cref="CreateStream"/>, in this transaction); they get their notices here. <paramref name="streamedIndexes"/>
    /// are <c>work_orders</c>' indexes the stream dropped (<see cref="OrderIndexBuild"/>), created again here after the
    /// last order; without them, a large write into a (nearly) empty table drops and builds them itself.
    /// </summary>
    /// <exception cref="PostgresException">SQLSTATE 23505 when a live order already has one of the keys; the caller
    /// rolls back to its savepoint.</exception>
    public static async Task<List<string>> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Domain.Occurrence> creates, EstateConfiguration config, Instant now,
        Func<Domain.Occurrence, LocalDate?> deadlineOf, (long Id, string Reference)[] streamed, Bulk.DeferredIndexes? streamedIndexes,
        CancellationToken cancellationToken)
    {
        var orders = new (long Id, string Reference)[creates.Count];
        streamed.CopyTo(orders, 0);
        var rest = creates.Count - streamed.Length;
        if (rest > 0)
        {
            var numbered = await ReserveAsync(connection, transaction, creates, streamed.Length, rest, new Dictionary<int, string>(), cancellationToken).ConfigureAwait(false);
            numbered.CopyTo(orders, streamed.Length);
        }

        var parents = await ParentsAsync(connection, transaction, creates, orders, cancellationToken).ConfigureAwait(false);
        var orderIndexes = streamedIndexes;
        if (rest > 0)
        {
            orderIndexes ??= await OrderIndexBuild.DropIfWorthAsync(connection, transaction, rest, cancellationToken).ConfigureAwait(false);
            var rows = new OrderRows(config, now, deadlineOf);
            await using var writer = await BeginOrdersAsync(connection, cancellationToken).ConfigureAwait(false);
            for (var i = streamed.Length; i < creates.Count; i++)
            {
                rows.Write(writer, creates[i], orders[i], parents[i]);
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        // The orders' indexes, when they were dropped for this write, built now in one pass each (a unique violation
        // surfaces here: the caller rolls back to its savepoint, which brings them back).
        if (orderIndexes is not null)
        {
            await orderIndexes.CreateAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        var notices = Notices(creates, orders, config, now);

        // Deferred notices are due over the whole year in no relation to their ids: a large write builds the claim index
        // again in one sorted pass rather than inserting each row's entry mid-index (DueIndexBuild).
        var rebuild = await DueIndexBuild.DropIfWorthAsync(connection, transaction, notices.Count, cancellationToken).ConfigureAwait(false);
        await OutboxWriter.CopyNoticesAsync(connection, notices, now, cancellationToken).ConfigureAwait(false);
        if (rebuild is not null)
        {
            await rebuild.CreateAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        return [.. orders.Select(o => o.Reference)];
    }

    /// <summary>
    /// The notice of each creation whose contractor is on per-order dispatch, in creation order, with its release
    /// (<see cref="IssueAhead.NoticeRelease"/>).
    /// </summary>
    internal static List<OutboxWriter.Notice> Notices(
        IReadOnlyList<Domain.Occurrence> creates, (long Id, string Reference)[] orders, EstateConfiguration config, Instant now)
    {
        var perOrder = config.Contractors.Where(c => c.Dispatch == DispatchMode.PerOrder).ToDictionary(c => c.Id, IssueAhead.Days, StringComparer.Ordinal);
        var zone = config.Organisation.Zone;
        var notices = new List<OutboxWriter.Notice>(creates.Count);
        for (var i = 0; i < creates.Count; i++)
        {
            if (creates[i].ContractorId is { } contractor && perOrder.TryGetValue(contractor, out var aheadDays))
            {
                notices.Add(new OutboxWriter.Notice(orders[i].Id, orders[i].Reference, contractor, IssueAhead.NoticeRelease(creates[i].Window.Start, aheadDays, now, zone)));
            }
        }

        return notices;
    }

    /// <summary>
    /// An id and a reference number for each of <paramref name="count"/> creations from <paramref name="from"/>, in
    /// one round trip (<paramref name="prefixes"/> caches <c>WO-{year}-</c>).
    /// </summary>
    public static async Task<(long Id, string Reference)[]> ReserveAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<Domain.Occurrence> creates, int from, int count,
        Dictionary<int, string> prefixes, CancellationToken cancellationToken)
    {
        var orders = new (long Id, string Reference)[count];
        await using var command = new NpgsqlCommand(ReserveSql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("n", count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var i = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // WO-{target year}-{number}: six digits, more when the number needs them (as the staging path's lpad).
            var year = creates[from + i].TargetDate.Year;
            if (!prefixes.TryGetValue(year, out var prefix))
            {
                prefix = string.Create(CultureInfo.InvariantCulture, $"WO-{year:0000}-");
                prefixes[year] = prefix;
            }

            orders[i] = (reader.GetInt64(0), string.Create(CultureInfo.InvariantCulture, $"{prefix}{reader.GetInt64(1):000000}"));
            i++;
        }

        return orders;
    }

    /// <summary>
    /// Each follow-up's parent (id and reference), by index of the follow-up; null for a parent, or when no live order
    /// has the parent's key (the staging path then leaves <c>parent_id</c> null too). The parent is created here, or
    /// stored and live (the plan kept it).
    /// </summary>
    private static async Task<(long Id, string Reference)?[]> ParentsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Domain.Occurrence> creates,
        (long Id, string Reference)[] orders, CancellationToken cancellationToken)
    {
        var result = new (long Id, string Reference)?[creates.Count];
        var byKey = new Dictionary<string, (long Id, string Reference)?>(StringComparer.Ordinal);
        var parentSchedules = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in creates)
        {
            if (o.Parent is not null)
            {
                byKey.TryAdd(o.Parent.Key, null);
                parentSchedules.Add(o.Parent.ScheduleId);
            }
        }

        if (byKey.Count == 0)
        {
            return result;
        }

        // Keys only of creations that can be parents (Occurrence.Key formats a new string each call; 669,066 held at
        // once cost ~100 MB of peak memory).
        var missing = byKey.Count;
        for (var i = 0; i < creates.Count && missing > 0; i++)
        {
            var o = creates[i];
            if (o.Parent is null && parentSchedules.Contains(o.ScheduleId) && o.Key is var key
                && byKey.TryGetValue(key, out var found) && found is null)
            {
                byKey[key] = orders[i];
                missing--;
            }
        }

        if (missing > 0)
        {
            await using var command = new NpgsqlCommand(StoredParentsSql, connection, transaction) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("keys", byKey.Where(p => p.Value is null).Select(p => p.Key).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byKey[reader.GetString(0)] = (reader.GetInt64(1), reader.GetString(2));
            }
        }

        for (var i = 0; i < creates.Count; i++)
        {
            if (creates[i].Parent is { } parent)
            {
                result[i] = byKey[parent.Key];
            }
        }

        return result;
    }

    /// <summary>Starts the COPY into <c>work_orders</c> that <see cref="OrderRows.Write"/> writes to (no timeout: a year's plan is minutes on a large estate).</summary>
    public static async Task<NpgsqlBinaryImporter> BeginOrdersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var writer = await connection.BeginBinaryImportAsync(OrdersCopySql, cancellationToken).ConfigureAwait(false);
        writer.Timeout = TimeSpan.Zero;
        return writer;
    }

    /// <summary>Rows of the orders COPY: the values every row shares, and one row at a time.</summary>
    internal sealed class OrderRows(EstateConfiguration config, Instant now, Func<Domain.Occurrence, LocalDate?> deadlineOf)
    {
        private readonly Dictionary<string, string> _kinds = config.Schedules.ToDictionary(s => s.Id, s => AssetKinds.ToText(s.AppliesTo), StringComparer.Ordinal);
        private readonly char[] _key = new char[OccurrenceKeyWriter.UsualLength]; // each key written from here, not made a string (~100 MB a year's plan)

        /// <summary>Writes one order: <paramref name="order"/>'s id and reference, <paramref name="parent"/>'s id (null for none).</summary>
        public void Write(NpgsqlBinaryImporter writer, Domain.Occurrence o, (long Id, string Reference) order, (long Id, string Reference)? parent)
        {
            writer.StartRow();
            writer.Write(order.Id, NpgsqlDbType.Bigint);
            writer.Write(order.Reference, NpgsqlDbType.Text);
            writer.Write(o.ScheduleId, NpgsqlDbType.Text);
            writer.Write(o.Service, NpgsqlDbType.Text);
            writer.Write(o.AssetId, NpgsqlDbType.Text);
            writer.Write(_kinds[o.ScheduleId], NpgsqlDbType.Text);
            writer.Write(o.Window.Start, NpgsqlDbType.Date);
            writer.Write(o.Window.End, NpgsqlDbType.Date);
            writer.Write(o.TargetDate, NpgsqlDbType.Date);
            writer.Write(Planned, NpgsqlDbType.Text);
            WriteNullable(writer, o.ContractorId);
            if (parent is { } p)
            {
                writer.Write(p.Id, NpgsqlDbType.Bigint);
            }
            else
            {
                writer.WriteNull();
            }

            if (OccurrenceKeyWriter.TryWrite(o, _key, out var keyLength))
            {
                writer.Write(new ReadOnlyMemory<char>(_key, 0, keyLength), NpgsqlDbType.Text);
            }
            else
            {
                writer.Write(o.Key, NpgsqlDbType.Text);
            }

            writer.Write(config.Version, NpgsqlDbType.Text);
            writer.Write(now, NpgsqlDbType.TimestampTz);
            if (deadlineOf(o) is { } deadline)
            {
                writer.Write(deadline, NpgsqlDbType.Date);
            }
            else
            {
                writer.WriteNull();
            }
        }
    }

    private static void WriteNullable(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, NpgsqlDbType.Text);
        }
    }
}
