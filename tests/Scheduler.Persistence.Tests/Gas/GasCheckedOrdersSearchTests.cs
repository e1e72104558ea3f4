using NodaTime;
using Npgsql;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// <see cref="GasCheckedOrders.FindSql"/>, the booking's nightly search for gas orders left open after their window
/// although their deadline's check is known (0–1 rows a night at 300,000 homes). What it finds: only the open orders of
/// homes of the gas schedules given, without a parent, whose window ended, whose check is known, in id order. How it
/// reads: the open orders whose window ended from <c>ix_work_orders_open_window_end</c> alone, never the whole
/// <c>ix_work_orders_asset_id_schedule_id</c> for the schedule (branch rep32: 2,216 of the statement's 2,244 buffers at
/// 300,000 homes on day 150, to find 3 orders). The planner chose that from the statistics of a year's orders; this
/// test's 100,000 orders do not lead the old statement there, so the plan test guards the form (the ended orders read
/// first, alone) rather than reproducing the old plan.
/// </summary>
public sealed class GasCheckedOrdersSearchTests
{
    private static readonly LocalDate AsOf = new(2027, 3, 15);

    [Fact]
    public async Task FindSql_FindsOnlyTheGasSchedulesOpenEndedOrdersWhoseCheckIsKnown_InIdOrder()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var ds = database.DataSource;
        await ds.ExecuteAsync("""
            INSERT INTO areas (id, name, active, updated_at) VALUES ('a1', 'Area', true, now());
            INSERT INTO homes (id, address, postcode, area_id, gas, last_gas_check, attributes, active, updated_at) VALUES
                ('H1', '1 Road', 'AB1 1AA', 'a1', true, '2026-06-01', '{}', true, now()),
                ('H2', '2 Road', 'AB1 1AA', 'a1', true, NULL, '{}', true, now()),
                ('H9', '9 Road', 'AB1 1AA', 'a1', true, '2026-09-01', '{}', true, now());
            """);
        // Window ended on 28 Feb; H1's register check (1 Jun 2026) and H9's (1 Sep 2026) cover a deadline of 1 Feb 2027.
        await InsertAsync(ds, "WO-2027-000001", "gas-safety", "H9", "issued", "2027-02-28", "'2027-02-01'");  // found
        await InsertAsync(ds, "WO-2027-000002", "gas-safety", "H1", "appointed", "2027-02-28", "'2027-02-01'"); // found
        await InsertAsync(ds, "WO-2027-000003", "grounds", "H1", "planned", "2027-02-28", "NULL");           // not a gas schedule
        await InsertAsync(ds, "WO-2027-000004", "gas-safety", "H2", "issued", "2027-02-28", "'2027-02-01'"); // no check known
        await InsertAsync(ds, "WO-2027-000005", "gas-safety", "H1", "issued", "2027-03-15", "'2027-02-01'"); // window not ended
        await InsertAsync(ds, "WO-2027-000006", "gas-safety", "H1", "completed", "2027-02-28", "'2027-02-01'"); // not open
        await InsertAsync(ds, "WO-2027-000007", "gas-safety", "H1", "no-access", "2027-02-28", "'2027-02-01'"); // not open
        await InsertAsync(ds, "WO-2027-000008", "gas-safety", "H1", "issued", "2027-02-28", "'2027-06-01'"); // the check is not later than this deadline's basis (1 Jun 2026)
        await InsertAsync(ds, "WO-2027-000009", "gas-safety", "H1", "issued", "2027-02-28", "'2027-02-01'");
        await ds.ExecuteAsync("UPDATE work_orders SET parent_id = (SELECT id FROM work_orders WHERE reference = 'WO-2027-000001') WHERE reference = 'WO-2027-000009'"); // a follow-up

        await using var connection = await ds.OpenConnectionAsync();
        await using var command = Command(connection, string.Empty);
        var found = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                found.Add($"{reader.GetString(0)} {reader.GetString(1)}");
            }
        }

        Assert.Equal(["WO-2027-000001 H9", "WO-2027-000002 H1"], found);
    }

    [Fact]
    public async Task FindSql_ReadsTheEndedOpenOrdersFromTheirOwnIndex_NeverEveryOrderOfTheSchedule()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        // 100,000 orders of four schedules (a quarter gas), open with windows ahead or completed, and five gas orders open
        // after their window: what a night sees, analyzed.
        await database.DataSource.ExecuteAsync("""
            INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                     status, contractor_id, occurrence_key, config_version, created_at, deadline)
            SELECT 'WO-2027-' || lpad(n::text, 6, '0'), (ARRAY['gas-safety', 'grounds', 'windows', 'lifts'])[1 + n % 4], 's', 'P' || (n / 4), 'property',
                   CASE WHEN n <= 5 THEN DATE '2027-02-01' ELSE DATE '2027-04-01' END,
                   CASE WHEN n <= 5 THEN DATE '2027-02-28' ELSE DATE '2027-12-31' END,
                   '2027-04-01', CASE WHEN n <= 5 OR n % 2 = 0 THEN 'appointed' ELSE 'completed' END, 'c', 'k' || n, 'v0', '2027-01-01 02:30Z', '2027-12-31'
            FROM generate_series(1, 100000) n;
            UPDATE work_orders SET schedule_id = 'gas-safety' WHERE window_end = '2027-02-28';
            ANALYZE work_orders
            """);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = Command(connection, "EXPLAIN ");
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        var plan = string.Join('\n', lines);
        Assert.Contains("ix_work_orders_open_window_end", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("ix_work_orders_asset_id_schedule_id", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on work_orders", plan, StringComparison.Ordinal);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string prefix)
    {
        var command = new NpgsqlCommand(prefix + GasCheckedOrders.FindSql, connection);
        command.Parameters.AddWithValue("as_of", AsOf);
        command.Parameters.AddWithValue("schedules", new[] { "gas-safety" });
        command.Parameters.AddWithValue("afters", new[] { Period.FromMonths(12) });
        return command;
    }

    private static Task<int> InsertAsync(NpgsqlDataSource ds, string reference, string schedule, string home, string status, string windowEnd, string deadline) =>
        ds.ExecuteAsync($"""
            INSERT INTO config_versions (id, first_applied_at) VALUES ('v1', now()) ON CONFLICT DO NOTHING;
            INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                     status, contractor_id, occurrence_key, config_version, created_at, deadline)
            VALUES ('{reference}', '{schedule}', '{schedule}', '{home}', 'property', '2027-02-01', '{windowEnd}', '2027-02-10',
                    '{status}', 'c', '{reference}', 'v1', now(), {deadline})
            """);
}
