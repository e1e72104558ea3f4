using NodaTime;
using Npgsql;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Completions;

/// <summary>
/// How PostgreSQL runs the bulk recorder's orders update (<see cref="CompletionRecorder.UpdateOrdersStatement"/>) for a
/// batch of a day's reports on an estate's worth of orders. The first-run drill's second night (branch night24,
/// docs/benchmarks-history.md) found it hashing every work order for each batch of 5,000 reports (a sequential scan of
/// 140,807 orders, the hash spilled to disk, ~90–125 ms of a 350–460 ms statement at 300,000 homes), growing with the
/// table instead of the batch. The batch's orders are found through the primary key instead.
/// </summary>
public sealed class CompletionBatchPlanTests
{
    [Fact]
    public async Task UpdateOrdersStatement_ABatchOfADaysReports_FindsTheOrdersByTheirKey()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        // 100,000 orders (the table's fillfactor 50: ~5,000 pages), analyzed as a night's apply leaves them.
        await database.DataSource.ExecuteAsync("""
            INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                     status, contractor_id, occurrence_key, config_version, created_at)
            SELECT 'WO-2026-' || lpad(n::text, 6, '0'), 'gas-safety', 'gas-safety', 'P' || n, 'property', '2026-11-01', '2026-12-31',
                   '2026-11-27', 'planned', 'warmsafe', 'gas-safety/P' || n, 'v0', '2026-11-27 02:30Z'
            FROM generate_series(1, 100000) n;
            ANALYZE work_orders
            """);
        // A batch of 5,000 reports, on orders spread over the whole table (a day's visits are).
        var ids = await database.DataSource.ScalarAsync<long[]>("SELECT array_agg(id ORDER BY id) FROM work_orders WHERE id % 20 = 0");
        Assert.Equal(5_000, ids.Length);

        var plan = await ExplainAsync(database, ids);

        Assert.DoesNotContain("Seq Scan on work_orders", plan, StringComparison.Ordinal);
        Assert.Contains("pk_work_orders", plan, StringComparison.Ordinal);
    }

    private static async Task<string> ExplainAsync(EstateTestDatabase database, long[] ids)
    {
        var day = new LocalDate(2026, 11, 27);
        var at = Instant.FromUtc(2026, 11, 27, 0, 0);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("EXPLAIN " + CompletionRecorder.UpdateOrdersStatement, connection);
        command.Parameters.AddWithValue("ids", ids);
        command.Parameters.AddWithValue("statuses", ids.Select(_ => "completed").ToArray());
        command.Parameters.AddWithValue("ons", ids.Select(_ => day).ToArray());
        command.Parameters.AddWithValue("ats", ids.Select(_ => at).ToArray());
        command.Parameters.AddWithValue("old_statuses", ids.Select(_ => "planned").ToArray());
        command.Parameters.Add(new NpgsqlParameter<LocalDate?[]>("old_ons", ids.Select(_ => (LocalDate?)null).ToArray()));
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
