using NpgsqlTypes;

namespace Scheduler.Persistence.Register;

/// <summary>
/// One register table as the bulk importer sees it: its name, the entity word recorded in <c>register_changes</c>,
/// the <c>work_orders.asset_kind</c> of its rows when they are assets, and its data columns (id first; the
/// <c>active</c> and <c>updated_at</c> bookkeeping columns are the importer's).
/// </summary>
internal sealed record RegisterTable(string Table, string Entity, string? AssetKind, IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns)
{
    public static readonly RegisterTable Areas = new("areas", "area", null, [("id", NpgsqlDbType.Text), ("name", NpgsqlDbType.Text)]);

    public static readonly RegisterTable Sites = new("sites", "site", "site",
    [
        ("id", NpgsqlDbType.Text), ("name", NpgsqlDbType.Text), ("area_id", NpgsqlDbType.Text), ("postcode", NpgsqlDbType.Text),
        ("grass", NpgsqlDbType.Boolean), ("hedges", NpgsqlDbType.Boolean), ("hardstanding", NpgsqlDbType.Boolean), ("attributes", NpgsqlDbType.Jsonb),
    ])
    {
        Shown = ["name", "postcode"],
    };

    public static readonly RegisterTable Blocks = new("blocks", "block", "block",
    [
        ("id", NpgsqlDbType.Text), ("site_id", NpgsqlDbType.Text), ("name", NpgsqlDbType.Text), ("area_id", NpgsqlDbType.Text),
        ("cleaning", NpgsqlDbType.Text), ("attributes", NpgsqlDbType.Jsonb),
    ])
    {
        Shown = ["name", "site_id"],
    };

    public static readonly RegisterTable Homes = new("homes", "home", "property",
    [
        ("id", NpgsqlDbType.Text), ("block_id", NpgsqlDbType.Text), ("site_id", NpgsqlDbType.Text), ("address", NpgsqlDbType.Text),
        ("postcode", NpgsqlDbType.Text), ("area_id", NpgsqlDbType.Text), ("gas", NpgsqlDbType.Boolean), ("last_gas_check", NpgsqlDbType.Date),
        ("kitchen_year", NpgsqlDbType.Integer), ("bathroom_year", NpgsqlDbType.Integer), ("boiler_year", NpgsqlDbType.Integer),
        ("heating_distribution_year", NpgsqlDbType.Integer), ("windows_year", NpgsqlDbType.Integer), ("external_doors_year", NpgsqlDbType.Integer),
        ("roof_year", NpgsqlDbType.Integer), ("electrics_year", NpgsqlDbType.Integer), ("home_mot_year", NpgsqlDbType.Integer),
        ("condition", NpgsqlDbType.Integer),
        ("attributes", NpgsqlDbType.Jsonb),
    ])
    {
        Shown = ["address", "postcode"],
    };

    public static readonly RegisterTable Tenants = new("tenants", "tenant", null,
    [
        ("id", NpgsqlDbType.Text), ("home_id", NpgsqlDbType.Text), ("name", NpgsqlDbType.Text), ("email", NpgsqlDbType.Text),
        ("phone", NpgsqlDbType.Text), ("channel", NpgsqlDbType.Text), ("large_print", NpgsqlDbType.Boolean), ("language", NpgsqlDbType.Text),
    ]);

    /// <summary>
    /// The columns of an asset table that a message shows as where the order is (<c>OutboxStore</c>'s orders read: a
    /// home's address and postcode, a block's name and site, a site's name and postcode); empty for other tables.
    /// </summary>
    public IReadOnlyList<string> Shown { get; init; } = [];

    /// <summary>
    /// Keeps the values of <see cref="Shown"/> as they were before this import, for each row whose shown columns the
    /// import is about to change (<see cref="AddressChangeNotices.PreviousTable"/>); run after staging, before the upsert.
    /// Null for a table whose rows show no address.
    /// </summary>
    public string? KeepPreviousShownSql => Shown.Count == 0 ? null : $"""
        INSERT INTO {AddressChangeNotices.PreviousTable} (entity, id, {string.Join(", ", Shown)})
        SELECT '{Entity}', t.id, {string.Join(", ", Shown.Select(c => "t." + c))}
        FROM {Staging} i JOIN {Table} t ON t.id = i.id
        WHERE ({string.Join(", ", Shown.Select(c => "i." + c))}) IS DISTINCT FROM ({string.Join(", ", Shown.Select(c => "t." + c))})
        """;

    /// <summary>The temp table the rows are copied into.</summary>
    public string Staging => "import_" + Table;

    /// <summary>The data columns other than id, in name order (so recorded field lists read the same every time).</summary>
    public IReadOnlyList<string> Compared => [.. Columns.Skip(1).Select(c => c.Name).Order(StringComparer.Ordinal)];

    private string ColumnList => string.Join(", ", Columns.Select(c => c.Name));

    public string CreateStagingSql => $"CREATE TEMP TABLE {Staging} ON COMMIT DROP AS SELECT {ColumnList} FROM {Table} WITH NO DATA";

    public string CopySql => $"COPY {Staging} ({ColumnList}) FROM STDIN (FORMAT BINARY)";

    /// <summary>Records added, updated (with the columns that changed) and reactivated rows.</summary>
    public string RecordChangesSql
    {
        get
        {
            var fields = string.Join(", ", Compared.Select(c => $"CASE WHEN t.id IS NOT NULL AND i.{c} IS DISTINCT FROM t.{c} THEN '{c}' END"));
            return $"""
                INSERT INTO register_changes (import_run_id, entity, entity_id, change, fields)
                SELECT @run, '{Entity}', i.id,
                       CASE WHEN t.id IS NULL THEN 'added' WHEN NOT t.active THEN 'reactivated' ELSE 'updated' END,
                       CASE WHEN t.id IS NULL THEN NULL ELSE NULLIF(concat_ws(',', {fields}), '') END
                FROM {Staging} i LEFT JOIN {Table} t ON t.id = i.id
                WHERE t.id IS NULL OR NOT t.active OR {Row("i")} IS DISTINCT FROM {Row("t")}
                """;
        }
    }

    /// <summary>Inserts new rows and rewrites only those that differ or were inactive.</summary>
    public string UpsertSql => $"""
        INSERT INTO {Table} ({ColumnList}, active, updated_at)
        SELECT {ColumnList}, true, @now FROM {Staging}
        ON CONFLICT (id) DO UPDATE SET {string.Join(", ", Compared.Select(c => $"{c} = EXCLUDED.{c}"))}, active = true, updated_at = EXCLUDED.updated_at
        WHERE NOT {Table}.active OR {Row(Table)} IS DISTINCT FROM {Row("EXCLUDED")}
        """;

    /// <summary>Marks active rows the register no longer lists inactive, records each, and returns their ids.</summary>
    public string DeactivateSql => $"""
        WITH gone AS (
            UPDATE {Table} t SET active = false, updated_at = @now
            WHERE t.active AND NOT EXISTS (SELECT 1 FROM {Staging} i WHERE i.id = t.id)
            RETURNING t.id
        ), recorded AS (
            INSERT INTO register_changes (import_run_id, entity, entity_id, change, fields)
            SELECT @run, '{Entity}', id, 'deactivated', NULL FROM gone
        )
        SELECT id FROM gone
        """;

    private string Row(string alias) => "(" + string.Join(", ", Compared.Select(c => $"{alias}.{c}")) + ")";
}
