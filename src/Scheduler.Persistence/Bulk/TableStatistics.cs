using Npgsql;

namespace Scheduler.Persistence.Bulk;

/// <summary>
/// PostgreSQL plans from a table's last ANALYZE, and autovacuum runs one only up to a minute after a commit. A bulk
/// writer that changed a tenth of a table or more (autovacuum's own scale factor: a new register, a first apply)
/// analyzes it inside its own transaction, so the statistics commit with the rows and the statements that follow at
/// once (the apply after an import, the gas booking after an apply, the first dispatch after the first apply) do not
/// plan blind. Smaller changes are left to autovacuum. Measured in session 22 (docs/benchmarks.md, "Register import"):
/// without it the first apply after an import walked the tenants once per letter, and at 300,000 homes the first
/// apply's gas booking timed out. Session 23's <c>first-run</c> drill (docs/reliability.md) found the outbox and the gas
/// appointments the first apply fills read blind by the steps after it (docs/benchmarks.md, branch firstrun23).
/// </summary>
internal static class TableStatistics
{
    /// <summary>Whether <paramref name="changed"/> rows are a tenth or more of a table of <paramref name="rows"/> (counted after the change).</summary>
    public static bool ChangedEnough(long changed, long rows) => changed > 0 && changed * 10 >= rows;

    /// <summary>
    /// What a writer that does not count its rows itself (the apply's notices, the booking's letters) needs to apply the
    /// rule: the rows the session had inserted into some tables when its transaction began
    /// (<c>pg_stat_get_xact_tuples_inserted</c>, which also holds what the session has not reported yet of its earlier
    /// transactions; nothing is reported while a transaction is open), so that at the end the difference is this
    /// transaction's. Read it in the writer's transaction before it writes.
    /// </summary>
    public sealed class Growth
    {
        private const string InsertedSql =
            "SELECT c.relname, pg_stat_get_xact_tuples_inserted(c.oid), c.reltuples::bigint FROM pg_class c WHERE c.oid = ANY(@tables::regclass[])";

        private readonly Dictionary<string, long> _before;

        private Growth(Dictionary<string, long> before) => _before = before;

        /// <summary>The session's inserts into <paramref name="tables"/> so far, read in <paramref name="transaction"/>.</summary>
        public static async Task<Growth> StartAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> tables, CancellationToken cancellationToken)
        {
            var before = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (table, inserted, _) in await ReadAsync(connection, transaction, tables, cancellationToken).ConfigureAwait(false))
            {
                before[table] = inserted;
            }

            return new Growth(before);
        }

        /// <summary>
        /// Analyzes <paramref name="table"/> in <paramref name="transaction"/> when the rows inserted into it since
        /// <see cref="StartAsync"/> are <see cref="ChangedEnough"/> of the table: the rows PostgreSQL last counted
        /// (<c>pg_class.reltuples</c>; none before the first ANALYZE or index build) plus those; true when it did. Where
        /// an index build in this transaction has counted the new rows already they are counted twice, so a change of
        /// between a tenth and a fifth may be left to autovacuum.
        /// </summary>
        public async Task<bool> AnalyzeIfEnoughAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
        {
            var (_, inserted, counted) = (await ReadAsync(connection, transaction, [table], cancellationToken).ConfigureAwait(false)).Single();
            var grew = inserted - _before.GetValueOrDefault(table);
            if (!ChangedEnough(grew, Math.Max(counted, 0) + grew))
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

    /// <summary>Runs <c>ANALYZE <paramref name="table"/></c> in <paramref name="transaction"/>.</summary>
    public static async Task AnalyzeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var analyze = new NpgsqlCommand("ANALYZE " + table, connection, transaction);
        await analyze.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
