using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Bulk;

namespace Scheduler.Persistence.Register;

/// <summary>
/// Imports an <see cref="EstateRegister"/> into the database in one transaction: rows are upserted by id and every
/// difference is recorded in <c>register_changes</c> under a new <c>import_runs</c> row. Nothing is ever deleted: a
/// row the register no longer lists becomes inactive, and the future unsent (planned) orders of an asset that became
/// inactive are cancelled with that reason. A contractor already sent an open order whose address, name or postcode the
/// import changed gets a changed-address notice, written in the same transaction (<see cref="AddressChangeNotices"/>).
/// If anything fails, nothing is written.
/// </summary>
/// <remarks>
/// A register can be 300,000 homes, so this is a bulk path like apply: each table is binary-COPYed into a temp
/// staging table and compared, recorded, upserted and deactivated with one statement each (no EF change tracking).
/// </remarks>
public sealed class RegisterImporter
{
    private const string CancelSql = """
        WITH target AS (
            SELECT w.id
            FROM work_orders w
            JOIN unnest(@kinds, @ids) AS a(kind, id) ON a.kind = w.asset_kind AND a.id = w.asset_id
            WHERE w.target_date >= @as_of AND w.status = 'planned'
            FOR UPDATE OF w
        ), cancelled AS (
            UPDATE work_orders w
            SET status = 'cancelled',
                cancelled_reason = 'asset-inactive: asset ''' || w.asset_id || ''' is no longer in the estate register (import ' || @run || ')'
            FROM target t WHERE w.id = t.id
            RETURNING w.id, w.reference, w.cancelled_reason, w.target_date
        ), audit AS (
            INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason, config_version)
            SELECT c.id, @at, 'cancelled', 'planned', 'cancelled', c.cancelled_reason, NULL FROM cancelled c
        )
        SELECT reference FROM cancelled ORDER BY target_date, reference
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IClock _clock;

    /// <summary>Creates an importer writing through <paramref name="dataSource"/> and stamping rows with <paramref name="clock"/>.</summary>
    public RegisterImporter(NpgsqlDataSource dataSource, IClock clock)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>Imports <paramref name="register"/>.</summary>
    /// <param name="register">The whole register; anything it does not list becomes inactive.</param>
    /// <param name="source">Where it came from (e.g. the folder), recorded on the import run.</param>
    /// <param name="asOf">Today: orders aimed on or after it are "future" for cancellation.</param>
    /// <param name="cancellationToken">Cancels the import; nothing is written.</param>
    /// <exception cref="RegisterImportException">The register repeats an id or refers to ids it does not contain; nothing was written.</exception>
    public async Task<ImportSummary> ImportAsync(EstateRegister register, string source, LocalDate asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(source);
        var problems = RegisterReferences.Check(register);
        if (problems.Count > 0)
        {
            throw new RegisterImportException(problems);
        }

        var now = _clock.GetCurrentInstant();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var batch = new ImportBatch(connection, transaction, now, cancellationToken);
        var run = await batch.ScalarAsync<long>(
            "INSERT INTO import_runs (started_at, source, as_of, added, updated, deactivated, reactivated, unchanged, cancelled_orders) "
            + "VALUES (@now, @source, @as_of, 0, 0, 0, 0, 0, 0) RETURNING id",
            ("source", source),
            ("as_of", asOf)).ConfigureAwait(false);

        // Where each asset whose address this import changes was before it, for its changed-address notices (AddressChangeNotices).
        await batch.ExecuteAsync(AddressChangeNotices.CreatePreviousSql).ConfigureAwait(false);
        var deactivated = new List<(string Kind, string Id)>();
        await batch.SyncAsync(RegisterTable.Areas, run, register.Areas, a => [a.Id, a.Name], deactivated).ConfigureAwait(false);
        await batch.SyncAsync(RegisterTable.Sites, run, register.Sites,
            s => [s.Id, s.Name, s.AreaId, s.Postcode, s.Grass, s.Hedges, s.Hardstanding, AttributesJson.Write(s.Attributes)], deactivated).ConfigureAwait(false);
        await batch.SyncAsync(RegisterTable.Blocks, run, register.Blocks,
            b => [b.Id, b.SiteId, b.Name, b.AreaId, RegisterText.Cleaning(b.Cleaning), AttributesJson.Write(b.Attributes)], deactivated).ConfigureAwait(false);
        await batch.SyncAsync(RegisterTable.Homes, run, register.Homes,
            h => [h.Id, h.BlockId, h.SiteId, h.Address, h.Postcode, h.AreaId, h.Gas, h.LastGasCheck, h.KitchenYear, h.BathroomYear, h.BoilerYear,
                .. HomeComponentColumns.Values(h), AttributesJson.Write(h.Attributes)], deactivated).ConfigureAwait(false);
        await batch.SyncAsync(RegisterTable.Tenants, run, register.Tenants,
            t => [t.Id, t.PropertyId, t.Name, t.Email, t.Phone, RegisterText.Channel(t.Channel), t.LargePrint, t.Language], deactivated).ConfigureAwait(false);

        var cancelled = await CancelOrdersOfInactiveAssetsAsync(connection, transaction, deactivated, run, asOf, now, cancellationToken).ConfigureAwait(false);
        var counts = await batch.CountChangesAsync(run).ConfigureAwait(false);

        // A contractor already sent an open order whose address this import changed is told (AddressChangeNotices). Only an
        // import that updated or reactivated a row can have changed one: a new register (every row added) or an unchanged
        // one reads nothing more.
        var (addressNotices, _, _) = counts.GetValueOrDefault("updated") + counts.GetValueOrDefault("reactivated") > 0
            ? await AddressChangeNotices.WriteAsync(connection, transaction, run, now, cancellationToken).ConfigureAwait(false)
            : (0, 0, 0);
        var incoming = register.Areas.Count + register.Sites.Count + register.Blocks.Count + register.Homes.Count + register.Tenants.Count;
        var summary = new ImportSummary(
            run,
            counts.GetValueOrDefault("added"),
            counts.GetValueOrDefault("updated"),
            counts.GetValueOrDefault("deactivated"),
            counts.GetValueOrDefault("reactivated"),
            incoming - counts.GetValueOrDefault("added") - counts.GetValueOrDefault("updated") - counts.GetValueOrDefault("reactivated"),
            cancelled,
            addressNotices);
        await batch.ExecuteAsync(
            "UPDATE import_runs SET added = @added, updated = @updated, deactivated = @deactivated, reactivated = @reactivated, "
            + "unchanged = @unchanged, cancelled_orders = @cancelled WHERE id = @run",
            ("added", summary.Added),
            ("updated", summary.Updated),
            ("deactivated", summary.Deactivated),
            ("reactivated", summary.Reactivated),
            ("unchanged", summary.Unchanged),
            ("cancelled", cancelled.Count),
            ("run", run)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return summary;
    }

    private static async Task<List<string>> CancelOrdersOfInactiveAssetsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(string Kind, string Id)> assets, long run, LocalDate asOf, Instant now, CancellationToken cancellationToken)
    {
        if (assets.Count == 0)
        {
            return [];
        }

        await using var command = new NpgsqlCommand(CancelSql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("kinds", assets.Select(a => a.Kind).ToArray());
        command.Parameters.AddWithValue("ids", assets.Select(a => a.Id).ToArray());
        command.Parameters.AddWithValue("as_of", asOf);
        command.Parameters.AddWithValue("run", run.ToString(System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("at", now);
        var references = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            references.Add(reader.GetString(0));
        }

        return references;
    }

    /// <summary>The statements of one import, on one connection and transaction.</summary>
    private sealed class ImportBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, Instant now, CancellationToken cancellationToken)
    {
        /// <summary>Copies one table's rows into staging, records the differences, upserts and deactivates.</summary>
        public async Task SyncAsync<T>(RegisterTable table, long run, IEnumerable<T> rows, Func<T, object?[]> values, List<(string Kind, string Id)> deactivated)
        {
            await ExecuteAsync(table.CreateStagingSql).ConfigureAwait(false);
            var incoming = 0;
            await using (var writer = await connection.BeginBinaryImportAsync(table.CopySql, cancellationToken).ConfigureAwait(false))
            {
                writer.Timeout = TimeSpan.Zero;
                foreach (var row in rows)
                {
                    incoming++;
                    var cells = values(row);
                    await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    for (var i = 0; i < cells.Length; i++)
                    {
                        if (cells[i] is null)
                        {
                            await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            await writer.WriteAsync(cells[i], table.Columns[i].Type, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync("ANALYZE " + table.Staging).ConfigureAwait(false);
            var changed = await ExecuteAsync(table.RecordChangesSql, ("run", run)).ConfigureAwait(false);
            if (changed > 0 && table.KeepPreviousShownSql is { } keep)
            {
                await ExecuteAsync(keep).ConfigureAwait(false);
            }
            var gone = 0;
            await using (var command = Command(table.DeactivateSql, ("run", run)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    gone++;
                    if (table.AssetKind is { } kind)
                    {
                        deactivated.Add((kind, reader.GetString(0)));
                    }
                }
            }

            await ExecuteAsync(table.UpsertSql).ConfigureAwait(false);

            // A new register (or a tenth of a table changed) is analyzed now, with the rows: the apply that follows an
            // import at once otherwise plans the tenant letters' lookup blind (Bulk.TableStatistics).
            if (TableStatistics.ChangedEnough(changed + gone, incoming + gone))
            {
                await TableStatistics.AnalyzeAsync(connection, transaction, table.Table, cancellationToken).ConfigureAwait(false);
            }
        }

        public async Task<Dictionary<string, int>> CountChangesAsync(long run)
        {
            await using var command = Command("SELECT change, count(*)::int FROM register_changes WHERE import_run_id = @run GROUP BY change", ("run", run));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetString(0)] = reader.GetInt32(1);
            }

            return counts;
        }

        public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
        {
            await using var command = Command(sql, parameters);
            return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        /// <summary>Runs <paramref name="sql"/>; returns the rows it affected.</summary>
        public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
        {
            await using var command = Command(sql, parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        private NpgsqlCommand Command(string sql, params (string Name, object Value)[] parameters)
        {
            var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("now", now);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            return command;
        }
    }
}
