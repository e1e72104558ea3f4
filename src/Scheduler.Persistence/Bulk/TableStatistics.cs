using Npgsql;

namespace Scheduler.Persistence.Bulk;

/// <summary>
/// PostgreSQL plans from a table's last ANALYZE, and autovacuum runs one only up to a minute after a commit. A bulk
/// writer that changed a tenth of a table or more (autovacuum's own scale factor: a new register, a first apply)
/// analyzes it inside its own transaction, so the statistics commit with the rows and the statements that follow at
/// once (the apply after an import, the gas booking after an apply, the first dispatch after the first apply) do not
/// plan blind. Smaller changes are left to autovacuum. Measured in session 22 (docs/benchmarks-history.md, "Register
/// import"): without it the first apply after an import walked the tenants once per letter, and at 300,000 homes the
/// first apply's gas booking timed out. Session 23's <c>first-run</c> drill (docs/reliability.md) found the outbox and
/// the gas appointments the first apply fills read blind by the steps after it (docs/benchmarks-history.md, branch
/// firstrun23).
/// </summary>
internal static class TableStatistics
{
    /// <summary>Whether <paramref name="changed"/> rows are a tenth or more of a table of <paramref name="rows"/> (counted after the change).</summary>
    public static bool ChangedEnough(long changed, long rows) => changed > 0 && changed * 10 >= rows;

    /// <summary>
    /// What a writer that does not count its rows itself (the apply's orders and notices, the booking's appointments and
    /// letters) needs to apply the rule: for some tables, the rows the session had inserted into each when its
    /// transaction began (<c>pg_stat_get_xact_tuples_inserted</c>, which also holds what the session has not reported yet
    /// of its earlier transactions; nothing is reported while a transaction is open), so that at the end the difference
    /// is this transaction's; and the rows PostgreSQL had counted in each then (<c>pg_class.reltuples</c>: the last
    /// ANALYZE, VACUUM or index build; none before the first), before an index build of this transaction counts the new
    /// rows too. Read it in the writer's transaction, under its lock, before it writes.
    /// </summary>
    public sealed class Growth
    {
        private const string InsertedSql =
            "SELECT c.relname, pg_stat_get_xact_tuples_inserted(c.oid), c.reltuples::bigint FROM pg_class c WHERE c.oid = ANY(@tables::regclass[])";

        private readonly Dictionary<string, (long Inserted, long Counted)> _before;

        private Growth(Dictionary<string, (long Inserted, long Counted)> before) => _before = before;

        /// <summary>The session's inserts into <paramref name="tables"/> so far, and their rows as counted, read in <paramref name="transaction"/>.</summary>
        public static async Task<Growth> StartAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> tables, CancellationToken cancellationToken)
        {
            var before = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
            foreach (var (table, inserted, counted) in await ReadAsync(connection, transaction, tables, cancellationToken).ConfigureAwait(false))
            {
                before[table] = (inserted, Math.Max(counted, 0));
            }

            return new Growth(before);
        }

        /// <summary>
        /// Analyzes <paramref name="table"/> (one of those given to <see cref="StartAsync"/>) in
        /// <paramref name="transaction"/> when the rows inserted into it since then are <see cref="ChangedEnough"/> of the
        /// table: the rows counted then plus those; true when it did.
        /// </summary>
        public async Task<bool> AnalyzeIfEnoughAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
        {
            var (_, inserted, _) = (await ReadAsync(connection, transaction, [table], cancellationToken).ConfigureAwait(false)).Single();
            var (insertedBefore, counted) = _before[table];
            var grew = inserted - insertedBefore;
            if (!ChangedEnough(grew, counted + grew))
            {
                return false;
            }

            await AnalyzeAsync(connection, transaction, table, cancellationToken).ConfigureAwait(false);
            return true;
        }

        private static async Task<List<(string Table, long Inserted, long Counted)>> ReadAsync(
            NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> tables, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(InsertedSql, connection, transaction);
            command.Parameters.AddWithValue("tables", tables.ToArray());
            var rows = new List<(string, long, long)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }

            return rows.Count == tables.Count ? rows : throw new InvalidOperationException($"Not every one of these is a table: {string.Join(", ", tables)}.");
        }
    }

    /// <summary>The rows PostgreSQL counted in <paramref name="table"/> at its last ANALYZE, VACUUM or index build (<c>pg_class.reltuples</c>); 0 before the first.</summary>
    public static async Task<long> CountedAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = @table::regclass", connection);
        command.Parameters.AddWithValue("table", table);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Runs <c>ANALYZE <paramref name="table"/></c> in <paramref name="transaction"/>.</summary>
    public static async Task AnalyzeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var analyze = new NpgsqlCommand("ANALYZE " + table, connection, transaction);
        await analyze.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
