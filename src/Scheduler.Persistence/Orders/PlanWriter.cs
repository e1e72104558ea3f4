using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// Writes a <see cref="Plan"/> inside the caller's transaction, set-based and idempotent: cancellations as one
/// UPDATE with an audit row each, then creations (no audit row: see <see cref="InsertIdempotentAsync"/>) by binary COPY into a temp staging table and
/// <c>INSERT … SELECT … ON CONFLICT DO NOTHING</c> on the live occurrence key: parents first, then each follow-up's
/// <c>parent_id</c> is looked up by its parent's key, then the follow-ups. EF Core is kept off this path.
/// </summary>
internal static class PlanWriter
{
    /// <summary>Bulk statements run as long as they need: a year for a large estate is minutes, not the default 30 s.</summary>
    private const int NoTimeout = 0;

    /// <summary>The savepoint the COPY path (streamed or not) rolls back to when a unique violation sends it to the idempotent path.</summary>
    public const string CopySavepoint = "create_by_copy";

    private const string CancelSql = """
        WITH target AS (
            SELECT w.id, w.status AS from_status, c.reason
            FROM work_orders w
            JOIN unnest(@references, @reasons) AS c(reference, reason) ON c.reference = w.reference
            WHERE w.status IN ('planned', 'issued', 'appointed')
            FOR UPDATE OF w
        ), cancelled AS (
            UPDATE work_orders w SET status = 'cancelled', cancelled_reason = t.reason
            FROM target t WHERE w.id = t.id
            RETURNING w.reference
        ), audit AS (
            INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason, config_version)
            SELECT t.id, @at, 'cancelled', t.from_status, 'cancelled', t.reason, @config_version FROM target t
        )
        SELECT reference FROM cancelled
        """;

    private const string StagingSql = """
        CREATE TEMP TABLE work_order_staging (
            ord integer NOT NULL,
            reference_prefix text NOT NULL,
            schedule_id text NOT NULL,
            service text NOT NULL,
            asset_id text NOT NULL,
            asset_kind text NOT NULL,
            window_start date NOT NULL,
            window_end date NOT NULL,
            target_date date NOT NULL,
            contractor_id text,
            occurrence_key text NOT NULL,
            parent_key text,
            parent_id bigint,
            deadline date
        ) ON COMMIT DROP
        """;

    private const string CopySql = """
        COPY work_order_staging (ord, reference_prefix, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                 contractor_id, occurrence_key, parent_key, deadline) FROM STDIN (FORMAT BINARY)
        """;

    // The reference number comes from one global sequence; the year is the target's (the prefix 'WO-{year}-' comes
    // with the row: cheaper than to_char per row). lpad would truncate past
    // six digits, so the width grows with the number instead. No join here: a join against work_orders inside the
    // INSERT can rescan the heap it is growing (quadratic), so parent ids are resolved beforehand (ResolveParentsSql).
    // Only rows really inserted (not those ON CONFLICT skipped) come back. Their creation needs no audit row: the
    // audit trail (work_order_history) shows each order's created event from the row itself, as on the COPY path.
    private const string InsertSql = """
        INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                 status, contractor_id, parent_id, occurrence_key, config_version, created_at, deadline)
        SELECT s.reference_prefix || lpad(s.n::text, greatest(6, length(s.n::text)), '0'),
               s.schedule_id, s.service, s.asset_id, s.asset_kind, s.window_start, s.window_end, s.target_date,
               'planned', s.contractor_id, s.parent_id, s.occurrence_key, @config_version, @at, s.deadline
        FROM (SELECT st.*, nextval('work_order_number') AS n FROM work_order_staging st
              WHERE (st.parent_key IS NULL) = @parents) s
        ON CONFLICT (occurrence_key) WHERE is_live DO NOTHING
        RETURNING reference
        """;

    // Each follow-up's parent is the live order with the parent's occurrence key (just created, or stored before).
    private const string ResolveParentsSql = """
        UPDATE work_order_staging s SET parent_id = p.id
        FROM work_orders p
        WHERE s.parent_key IS NOT NULL AND p.occurrence_key = s.parent_key AND p.is_live
        """;

    /// <summary>
    /// Records the config version and copies its contractors: inserted, or updated only where something differs (so
    /// an unchanged apply rewrites nothing); contractors config no longer lists become inactive. Service and area
    /// lists travel as unit-separator-joined text because a parameter cannot be an array of arrays.
    /// </summary>
    public static async Task SyncConfigAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EstateConfiguration config, Instant now, CancellationToken cancellationToken)
    {
        await using (var version = new NpgsqlCommand(
            "INSERT INTO config_versions (id, first_applied_at) VALUES (@id, @at) ON CONFLICT (id) DO NOTHING", connection, transaction))
        {
            version.Parameters.AddWithValue("id", config.Version);
            version.Parameters.AddWithValue("at", now);
            await version.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var contractors = new NpgsqlCommand(
            """
            WITH upserted AS (
                INSERT INTO contractors (id, name, email, services, areas, dispatch, issue_ahead_days, active, config_version, updated_at)
                SELECT c.id, c.name, c.email, string_to_array(c.services, E'\x1f'), string_to_array(c.areas, E'\x1f'), c.dispatch,
                       nullif(c.issue_ahead, -1), true, @version, @at
                FROM unnest(@ids, @names, @emails, @dispatch, @services, @areas, @issue_ahead) AS c(id, name, email, dispatch, services, areas, issue_ahead)
                ON CONFLICT (id) DO UPDATE SET
                    name = EXCLUDED.name, email = EXCLUDED.email, services = EXCLUDED.services, areas = EXCLUDED.areas,
                    dispatch = EXCLUDED.dispatch, issue_ahead_days = EXCLUDED.issue_ahead_days, active = true, config_version = EXCLUDED.config_version, updated_at = EXCLUDED.updated_at
                WHERE (contractors.name, contractors.email, contractors.services, contractors.areas, contractors.dispatch,
                       contractors.issue_ahead_days, contractors.active)
                      IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email, EXCLUDED.services, EXCLUDED.areas, EXCLUDED.dispatch,
                                        EXCLUDED.issue_ahead_days, true)
            )
            UPDATE contractors SET active = false, config_version = @version, updated_at = @at
            WHERE active AND id <> ALL(@ids)
            """,
            connection,
            transaction);
        var list = config.Contractors;
        contractors.Parameters.AddWithValue("ids", list.Select(c => c.Id).ToArray());
        contractors.Parameters.AddWithValue("names", list.Select(c => c.Name).ToArray());
        contractors.Parameters.AddWithValue("emails", list.Select(c => c.Email).ToArray());
        contractors.Parameters.AddWithValue("dispatch", list.Select(c => c.Dispatch == DispatchMode.PerOrder ? "per-order" : "weekly").ToArray());
        contractors.Parameters.AddWithValue("services", list.Select(c => string.Join('\x1f', c.Services)).ToArray());
        contractors.Parameters.AddWithValue("areas", list.Select(c => string.Join('\x1f', c.Areas)).ToArray());
        contractors.Parameters.AddWithValue("issue_ahead", list.Select(c => Outbox.IssueAhead.Days(c) ?? -1).ToArray());
        contractors.Parameters.AddWithValue("version", config.Version);
        contractors.Parameters.AddWithValue("at", now);
        await contractors.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels the plan's cancellations that are still open; returns the references actually cancelled.</summary>
    public static async Task<List<string>> CancelAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PlannedCancellation> cancellations, string configVersion, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cancellations);
        return await CancelAsync(
            connection, transaction, [.. cancellations.Select(c => c.Order.Reference)], [.. cancellations.Select(c => c.RecordedReason)], configVersion, now, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels the orders of <paramref name="references"/> that are still open (planned, issued, appointed), each with the
    /// recorded reason at the same position of <paramref name="reasons"/> (<c>code: detail</c>) and its <c>cancelled</c>
    /// audit row; returns the references actually cancelled. The apply's cancellation, for a writer that cancels without
    /// a plan (the gas booking's orders whose check was made).
    /// </summary>
    public static async Task<List<string>> CancelAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] references, string[] reasons, string configVersion, Instant now, CancellationToken cancellationToken)
    {
        if (references.Length == 0)
        {
            return [];
        }

        await using var command = new NpgsqlCommand(CancelSql, connection, transaction) { CommandTimeout = NoTimeout };
        command.Parameters.AddWithValue("references", references);
        command.Parameters.AddWithValue("reasons", reasons);
        command.Parameters.AddWithValue("at", now);
        command.Parameters.AddWithValue("config_version", configVersion);
        return await ReadStringsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the plan's new orders (each its own <c>created</c> event in <c>work_order_history</c>) and, for per-order contractors, their outbox
    /// notices. First the fast way (<see cref="OrderCopy"/>: COPY straight into the tables, which assumes — as the apply
    /// lock and the plan make likely — that no live order already has one of the keys); if a unique violation shows
    /// that one does, everything since the savepoint is rolled back and the orders go the idempotent way instead
    /// (staging table, <c>INSERT … SELECT … ON CONFLICT DO NOTHING</c>), which writes no notices: then
    /// <see cref="CreatedOrders.NoticesWritten"/> is false and the caller enqueues them
    /// (<see cref="Outbox.OutboxWriter.EnqueueForPlanAsync"/>). Either way the result names the rows really inserted,
    /// parents first. <paramref name="deadlineOf"/> gives a floating visit's deadline (<c>work_orders.deadline</c>).
    /// </summary>
    public static async Task<CreatedOrders> CreateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Domain.Occurrence> creates, EstateConfiguration config, Instant now,
        Func<Domain.Occurrence, LocalDate?> deadlineOf, CancellationToken cancellationToken)
    {
        if (creates.Count == 0)
        {
            return new CreatedOrders([], NoticesWritten: true);
        }

        await transaction.SaveAsync(CopySavepoint, cancellationToken).ConfigureAwait(false);
        try
        {
            var references = await OrderCopy.WriteAsync(connection, transaction, creates, config, now, deadlineOf, [], null, cancellationToken).ConfigureAwait(false);
            await transaction.ReleaseAsync(CopySavepoint, cancellationToken).ConfigureAwait(false);
            return new CreatedOrders(references, NoticesWritten: true);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync(CopySavepoint, cancellationToken).ConfigureAwait(false);
        }

        var created = await InsertIdempotentAsync(connection, transaction, creates, config, now, deadlineOf, cancellationToken).ConfigureAwait(false);
        return new CreatedOrders(created, NoticesWritten: false);
    }

    /// <summary>The idempotent path: staging table and <c>INSERT … SELECT … ON CONFLICT DO NOTHING</c>; orders only.</summary>
    public static async Task<List<string>> InsertIdempotentAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Domain.Occurrence> creates, EstateConfiguration config, Instant now,
        Func<Domain.Occurrence, LocalDate?> deadlineOf, CancellationToken cancellationToken)
    {
        var created = new List<string>();
        await using (var staging = new NpgsqlCommand(StagingSql, connection, transaction))
        {
            await staging.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await CopyAsync(connection, creates, config, deadlineOf, cancellationToken).ConfigureAwait(false);
        foreach (var parents in new[] { true, false })
        {
            if (!parents)
            {
                await using var resolve = new NpgsqlCommand(ResolveParentsSql, connection, transaction) { CommandTimeout = NoTimeout };
                await resolve.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var insert = new NpgsqlCommand(InsertSql, connection, transaction) { CommandTimeout = NoTimeout };
            insert.Parameters.AddWithValue("config_version", config.Version);
            insert.Parameters.AddWithValue("at", now);
            insert.Parameters.AddWithValue("parents", parents);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                created.Add(reader.GetString(0));
            }
        }

        return created;
    }

    private static async Task CopyAsync(
        NpgsqlConnection connection, IReadOnlyList<Domain.Occurrence> creates, EstateConfiguration config, Func<Domain.Occurrence, LocalDate?> deadlineOf, CancellationToken cancellationToken)
    {
        var kinds = config.Schedules.ToDictionary(s => s.Id, s => AssetKinds.ToText(s.AppliesTo), StringComparer.Ordinal);
        var prefixes = new Dictionary<int, string>();
        await using var writer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken).ConfigureAwait(false);
        writer.Timeout = TimeSpan.Zero;
        for (var i = 0; i < creates.Count; i++)
        {
            var o = creates[i];
            await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            var year = o.TargetDate.Year;
            if (!prefixes.TryGetValue(year, out var prefix))
            {
                prefix = string.Create(CultureInfo.InvariantCulture, $"WO-{year:0000}-");
                prefixes[year] = prefix;
            }

            await writer.WriteAsync(prefix, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(o.ScheduleId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(o.Service, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(o.AssetId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(kinds[o.ScheduleId], NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(o.Window.Start, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(o.Window.End, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(o.TargetDate, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
            await WriteNullableAsync(writer, o.ContractorId, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(o.Key, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await WriteNullableAsync(writer, o.Parent?.Key, cancellationToken).ConfigureAwait(false);
            if (deadlineOf(o) is { } deadline)
            {
                await writer.WriteAsync(deadline, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<string>> ReadStringsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
