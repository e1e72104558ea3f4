using Npgsql;

namespace Scheduler.Persistence.Bulk;

/// <summary>
/// Indexes of one table dropped inside a transaction before a bulk write and created again after it, in the same
/// transaction: PostgreSQL builds an index over rows already written in one sorted pass (on up to
/// <c>max_parallel_maintenance_workers</c> more cores), which costs much less than adding each row's entry as it is
/// written. Each index is created again from its own definition as the server gave it (<c>pg_get_indexdef</c>) just
/// before the drop, so what comes back is exactly what was there. Everything is transactional: a rollback (to any
/// savepoint taken before <see cref="TryDropAsync"/>, or of the transaction) brings the indexes back as they were.
/// </summary>
/// <remarks>
/// The drop takes an <c>ACCESS EXCLUSIVE</c> lock on the table until the transaction ends: every other reader and writer
/// of the table waits for the commit. When that lock is not granted within <see cref="LockTimeout"/> (another
/// transaction is using the table), or the role may not drop an index, or a deadlock is detected, nothing is dropped
/// and the caller writes as usual. A unique index created again over rows that break it fails with SQLSTATE 23505, as
/// the write itself would have with the index in place.
/// </remarks>
internal sealed class DeferredIndexes
{
    /// <summary>How long a drop waits for the table's lock before giving up (and the write goes on as usual).</summary>
    public const string LockTimeout = BoundedDrop.LockTimeout;

    private const string Savepoint = "deferred_indexes";

    // The table's indexes that may be dropped: not the primary key (foreign keys and the writes' own lookups use it),
    // not one that backs a constraint (DROP INDEX refuses those). In name order, so the rebuild order is stable.
    private const string DefinitionsSql = """
        SELECT c.relname, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = @table::regclass
          AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
          AND (@names::text[] IS NULL OR c.relname = ANY(@names))
        ORDER BY c.relname
        """;

    private readonly IReadOnlyList<(string Name, string Reference, string Definition)> _indexes;

    private DeferredIndexes(IReadOnlyList<(string Name, string Reference, string Definition)> indexes) => _indexes = indexes;

    /// <summary>The dropped indexes' names, in the order they are created again.</summary>
    public IEnumerable<string> Names => _indexes.Select(i => i.Name);

    /// <summary>
    /// <see cref="TryDropAsync"/>, but only when fewer than <paramref name="bound"/> rows of <paramref name="table"/>
    /// match <paramref name="rowsWhere"/> (a SQL condition; counted up to the bound, so the count is cheap whatever the
    /// table holds): a build sorts every such row, so for a table that already holds as many as the write brings,
    /// adding the write's entries costs less.
    /// </summary>
    public static async Task<DeferredIndexes?> TryDropWhenFewerAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string table, IReadOnlyCollection<string>? names, string rowsWhere, int bound,
        CancellationToken cancellationToken)
    {
        await using (var count = new NpgsqlCommand($"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {rowsWhere} LIMIT @n) s", connection, transaction))
        {
            count.Parameters.AddWithValue("n", bound);
            if ((long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! >= bound)
            {
                return null;
            }
        }

        return await TryDropAsync(connection, transaction, table, names, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops <paramref name="table"/>'s indexes named in <paramref name="names"/> (null: every index but the primary key
    /// and those backing constraints) inside <paramref name="transaction"/>; null when nothing was dropped (none found,
    /// or the lock, a privilege or a deadlock stopped it: the transaction goes on as it was). The caller must call
    /// <see cref="CreateAsync"/> after its write, in the same transaction.
    /// </summary>
    public static async Task<DeferredIndexes?> TryDropAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string table, IReadOnlyCollection<string>? names, CancellationToken cancellationToken)
    {
        var indexes = new List<(string Name, string Reference, string Definition)>();
        await using (var read = new NpgsqlCommand(DefinitionsSql, connection, transaction))
        {
            read.Parameters.AddWithValue("table", table);
            read.Parameters.Add(new NpgsqlParameter<string[]?>("names", names?.ToArray()) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                indexes.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        if (indexes.Count == 0)
        {
            return null;
        }

        var dropped = await BoundedDrop.TryAsync(
            connection, transaction, Savepoint, string.Concat(indexes.Select(i => $"DROP INDEX {i.Reference};")), cancellationToken).ConfigureAwait(false);
        return dropped ? new DeferredIndexes(indexes) : null;
    }

    /// <summary>Creates every dropped index again from its definition (one sorted build each), in the drop's transaction.</summary>
    /// <exception cref="PostgresException">SQLSTATE 23505 when the rows written break a unique index.</exception>
    public async Task CreateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var (_, _, definition) in _indexes)
        {
            await using var create = new NpgsqlCommand(definition, connection, transaction) { CommandTimeout = 0 };
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
