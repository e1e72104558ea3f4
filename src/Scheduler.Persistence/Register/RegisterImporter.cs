using Microsoft.EntityFrameworkCore;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Estate;
using Scheduler.Domain.Planning;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Register;

/// <summary>
/// Imports an <see cref="EstateRegister"/> into the database in one transaction: rows are upserted by id and every
/// difference is recorded in <c>register_changes</c> under a new <c>import_runs</c> row. Nothing is ever deleted: a
/// row the register no longer lists becomes inactive, and the future unsent (planned) orders of an asset that became
/// inactive are cancelled with that reason. If anything fails, nothing is written.
/// </summary>
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
    /// <exception cref="RegisterImportException">The register refers to ids it does not contain; nothing was written.</exception>
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
        await using var db = EstateDatabase.CreateContext(connection);
        await db.Database.UseTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);

        var run = new ImportRun { StartedAt = now, Source = source, AsOf = asOf };
        db.ImportRuns.Add(run);
        var sync = new RegisterSync(db, run, now);
        await sync.SyncAsync(db.Areas, "area", register.Areas, a => a.Id,
            a => new AreaRow { Id = a.Id, Name = a.Name },
            (a, row) => row.Name = a.Name,
            cancellationToken).ConfigureAwait(false);
        await sync.SyncAsync(db.Sites, "site", register.Sites, s => s.Id,
            s => new SiteRow { Id = s.Id, Name = s.Name, AreaId = s.AreaId, Postcode = s.Postcode, Attributes = AttributesJson.Write(s.Attributes) },
            CopySite,
            cancellationToken).ConfigureAwait(false);
        await sync.SyncAsync(db.Blocks, "block", register.Blocks, b => b.Id,
            b => new BlockRow { Id = b.Id, SiteId = b.SiteId, Name = b.Name, AreaId = b.AreaId, Cleaning = RegisterText.Cleaning(b.Cleaning), Attributes = AttributesJson.Write(b.Attributes) },
            CopyBlock,
            cancellationToken).ConfigureAwait(false);
        await sync.SyncAsync(db.Homes, "home", register.Homes, h => h.Id,
            h => new HomeRow { Id = h.Id, Address = h.Address, Postcode = h.Postcode, AreaId = h.AreaId, Attributes = AttributesJson.Write(h.Attributes) },
            CopyHome,
            cancellationToken).ConfigureAwait(false);
        await sync.SyncAsync(db.Tenants, "tenant", register.Tenants, t => t.Id,
            t => new TenantRow { Id = t.Id, HomeId = t.PropertyId, Name = t.Name, Channel = RegisterText.Channel(t.Channel), Language = t.Language },
            CopyTenant,
            cancellationToken).ConfigureAwait(false);

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var cancelled = await CancelOrdersOfInactiveAssetsAsync(connection, transaction, sync.DeactivatedAssets, run.Id, asOf, now, cancellationToken).ConfigureAwait(false);
        run.CancelledOrders = cancelled.Count;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ImportSummary(run.Id, run.Added, run.Updated, run.Deactivated, run.Reactivated, run.Unchanged, cancelled);
    }

    private static void CopySite(Site s, SiteRow row)
    {
        row.Name = s.Name;
        row.AreaId = s.AreaId;
        row.Postcode = s.Postcode;
        row.Grass = s.Grass;
        row.Hedges = s.Hedges;
        row.Hardstanding = s.Hardstanding;
        row.Attributes = SameOrNew(row.Attributes, s.Attributes);
    }

    private static void CopyBlock(Block b, BlockRow row)
    {
        row.SiteId = b.SiteId;
        row.Name = b.Name;
        row.AreaId = b.AreaId;
        row.Cleaning = RegisterText.Cleaning(b.Cleaning);
        row.Attributes = SameOrNew(row.Attributes, b.Attributes);
    }

    private static void CopyHome(Home h, HomeRow row)
    {
        row.BlockId = h.BlockId;
        row.SiteId = h.SiteId;
        row.Address = h.Address;
        row.Postcode = h.Postcode;
        row.AreaId = h.AreaId;
        row.Gas = h.Gas;
        row.LastGasCheck = h.LastGasCheck;
        row.KitchenYear = h.KitchenYear;
        row.BathroomYear = h.BathroomYear;
        row.BoilerYear = h.BoilerYear;
        row.Attributes = SameOrNew(row.Attributes, h.Attributes);
    }

    private static void CopyTenant(Tenant t, TenantRow row)
    {
        row.HomeId = t.PropertyId;
        row.Name = t.Name;
        row.Email = t.Email;
        row.Phone = t.Phone;
        row.Channel = RegisterText.Channel(t.Channel);
        row.LargePrint = t.LargePrint;
        row.Language = t.Language;
    }

    /// <summary>The stored JSON when it holds the same pairs (jsonb reorders keys, so text is not compared), else new JSON.</summary>
    private static string SameOrNew(string? stored, IReadOnlyDictionary<string, string> attributes)
    {
        if (stored is not null)
        {
            var old = AttributesJson.Read(stored);
            if (old.Count == attributes.Count && attributes.All(a => old.TryGetValue(a.Key, out var v) && v == a.Value))
            {
                return stored;
            }
        }

        return AttributesJson.Write(attributes);
    }

    private static async Task<List<string>> CancelOrdersOfInactiveAssetsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(string Kind, string Id)> assets, long run, LocalDate asOf, Instant now, CancellationToken cancellationToken)
    {
        if (assets.Count == 0)
        {
            return [];
        }

        await using var command = new NpgsqlCommand(CancelSql, connection, transaction);
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

    /// <summary>Upserts one register table and records each change on the import run.</summary>
    private sealed class RegisterSync(EstateDbContext db, ImportRun run, Instant now)
    {
        private static readonly Dictionary<string, string> AssetKinds = new(StringComparer.Ordinal)
        {
            ["site"] = "site",
            ["block"] = "block",
            ["home"] = "property",
        };

        public List<(string Kind, string Id)> DeactivatedAssets { get; } = [];

        public async Task SyncAsync<TIn, TRow>(
            DbSet<TRow> table,
            string entity,
            IEnumerable<TIn> incoming,
            Func<TIn, string> idOf,
            Func<TIn, TRow> create,
            Action<TIn, TRow> copy,
            CancellationToken cancellationToken)
            where TRow : class, IRegisterRow
        {
            var stored = await table.ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in incoming)
            {
                var id = idOf(item);
                seen.Add(id);
                if (!stored.TryGetValue(id, out var row))
                {
                    row = create(item);
                    copy(item, row);
                    row.UpdatedAt = now;
                    table.Add(row);
                    Record(entity, id, "added", null);
                    run.Added++;
                    continue;
                }

                var wasActive = row.Active;
                copy(item, row);
                row.Active = true;
                var entry = db.Entry(row);
                entry.DetectChanges();
                var fields = entry.Properties
                    .Where(p => p.IsModified && p.Metadata.Name is not nameof(IRegisterRow.Active))
                    .Select(p => p.Metadata.GetColumnName())
                    .ToList();
                if (!wasActive)
                {
                    row.UpdatedAt = now;
                    Record(entity, id, "reactivated", fields.Count > 0 ? string.Join(',', fields) : null);
                    run.Reactivated++;
                }
                else if (fields.Count > 0)
                {
                    row.UpdatedAt = now;
                    Record(entity, id, "updated", string.Join(',', fields));
                    run.Updated++;
                }
                else
                {
                    run.Unchanged++;
                }
            }

            foreach (var row in stored.Values.Where(r => r.Active && !seen.Contains(r.Id)))
            {
                row.Active = false;
                row.UpdatedAt = now;
                Record(entity, row.Id, "deactivated", null);
                run.Deactivated++;
                if (AssetKinds.TryGetValue(entity, out var kind))
                {
                    DeactivatedAssets.Add((kind, row.Id));
                }
            }
        }

        private void Record(string entity, string id, string change, string? fields) =>
            run.Changes.Add(new RegisterChange { Entity = entity, EntityId = id, Change = change, Fields = fields });
    }
}
