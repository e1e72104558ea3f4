using Npgsql;

namespace Scheduler.Persistence.Bulk;

/// <summary>
/// PostgreSQL plans from a table's last ANALYZE, and autovacuum runs one only up to a minute after a commit. A bulk
/// writer that changed a tenth of a table or more (autovacuum's own scale factor: a new register, a first apply)
/// analyzes it inside its own transaction, so the statistics commit with the rows and the statements that follow at
/// once (the apply after an import, the gas booking after an apply) do not plan blind. Smaller changes are left to
/// autovacuum. Measured in session 22 (docs/benchmarks.md, "Register import"): without it the first apply after an
/// import walked the tenants once per letter, and at 300,000 homes the first apply's gas booking timed out.
/// </summary>
internal static class TableStatistics
{
    /// <summary>Whether <paramref name="changed"/> rows are a tenth or more of a table of <paramref name="rows"/> (counted after the change).</summary>
    public static bool ChangedEnough(long changed, long rows) => changed > 0 && changed * 10 >= rows;

    /// <summary>Runs <c>ANALYZE <paramref name="table"/></c> in <paramref name="transaction"/>.</summary>
    public static async Task AnalyzeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var analyze = new NpgsqlCommand("ANALYZE " + table, connection, transaction);
        await analyze.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
