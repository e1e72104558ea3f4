using NodaTime;
using Npgsql;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// How PostgreSQL finds the orders of a home's appointments for a deadline when the home is escalated
/// (<see cref="GasEscalationStore.OrdersSql"/>: their letters still waiting are superseded before the evidence is read),
/// on an estate's worth of appointments. Asked of <c>gas_appointments</c> alone by <c>(home_id, deadline)</c>, whose only
/// index is partial (<c>status &lt;&gt; 'cancelled'</c>), it scanned every appointment for each escalation: ~215,000
/// from the first night at 300,000 homes, ~65 ms a call, and the reports step's server CPU grew with the escalations
/// from mid-June of the year run (branch rep30, docs/benchmarks-history.md). It goes through the home's orders instead.
/// </summary>
public sealed class GasEscalationPlanTests
{
    private static readonly LocalDate Deadline = new(2027, 6, 1);

    [Fact]
    public async Task OrdersOfAnEscalatedHome_OnAnEstatesAppointments_AreFoundByIndexNotByScanningThemAll()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        await FillAsync(database);

        var plan = await ExplainAsync(database, "H050000", Deadline);

        Assert.DoesNotContain("Seq Scan on gas_appointments", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on work_orders", plan, StringComparison.Ordinal);
        Assert.Contains("ix_gas_appointments_work_order_id", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrdersOfAnEscalatedHome_AreTheOrdersOfItsAppointmentsForTheDeadline_CancelledOnesToo()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        await FillAsync(database);

        // H000042: its first order's attempt 1 (no access, from the fill); a second order whose booked attempt was
        // cancelled and whose attempt 2 is a no-access visit; and a third order's attempt 1 under the next deadline (every
        // other home has its own order and attempt under 2027-06-01). The escalation for 2027-06-01 concerns the first two
        // orders, whatever their appointments' status, and no other home's.
        await database.DataSource.ExecuteAsync("""
            INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                     status, contractor_id, occurrence_key, config_version, created_at)
            VALUES ('WO-2027-900001', 'gas-safety', 'gas-safety', 'H000042', 'property', '2027-05-01', '2027-06-01', '2027-05-20',
                    'appointed', 'warmsafe', 'gas-safety/H000042/urgent-1', 'v0', '2027-05-01 02:30Z'),
                   ('WO-2027-900002', 'gas-safety', 'gas-safety', 'H000042', 'property', '2028-04-01', '2028-06-01', '2028-05-20',
                    'appointed', 'warmsafe', 'gas-safety/H000042/2028', 'v0', '2027-05-01 02:30Z');
            INSERT INTO gas_appointments (work_order_id, home_id, area_id, deadline, attempt, date, slot, letter, letter_on, status, booked_at)
            SELECT w.id, a.home, 'north', a.deadline::date, a.attempt, a.date::date, 'AM', NULL, a.date::date, a.status, '2027-05-01 02:30Z'
            FROM (VALUES ('WO-2027-900001', 'H000042', '2027-06-01', 2, '2027-05-10', 'cancelled'),
                         ('WO-2027-900001', 'H000042', '2027-06-01', 2, '2027-05-12', 'no-access'),
                         ('WO-2027-900002', 'H000042', '2028-06-01', 1, '2028-05-10', 'booked'))
                 AS a(reference, home, deadline, attempt, date, status)
            JOIN work_orders w ON w.reference = a.reference
            """);

        var orders = await OrdersAsync(database, "H000042", Deadline);

        var expected = await database.DataSource.RowsAsync(
            "SELECT id FROM work_orders WHERE reference IN ('WO-2027-000042', 'WO-2027-900001') ORDER BY id");
        Assert.Equal(expected, orders.Select(o => o.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());
    }

    // 100,000 homes with a gas order each and its first attempt reported no access, analyzed as a night leaves them.
    private static Task<int> FillAsync(EstateTestDatabase database) => database.DataSource.ExecuteAsync("""
        SELECT set_config('estate.gas_booking', 'on', false);
        INSERT INTO areas (id, name, active, updated_at) VALUES ('north', 'North patch', true, '2027-01-01Z');
        INSERT INTO homes (id, address, postcode, area_id, gas, attributes, active, updated_at)
        SELECT 'H' || lpad(n::text, 6, '0'), n || ' High Street', 'AB1 2CD', 'north', true, '{}', true, '2027-01-01Z'
        FROM generate_series(1, 100000) n;
        INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                 status, contractor_id, occurrence_key, config_version, created_at)
        SELECT 'WO-2027-' || lpad(n::text, 6, '0'), 'gas-safety', 'gas-safety', 'H' || lpad(n::text, 6, '0'), 'property',
               '2027-04-01', '2027-06-01', '2027-05-01', 'no-access', 'warmsafe', 'gas-safety/H' || lpad(n::text, 6, '0'), 'v0', '2027-01-01 02:30Z'
        FROM generate_series(1, 100000) n;
        INSERT INTO gas_appointments (work_order_id, home_id, area_id, deadline, attempt, date, slot, letter, letter_on, status, booked_at, outcome_on)
        SELECT w.id, w.asset_id, 'north', '2027-06-01', 1, '2027-05-03', 'AM', 'first', '2027-04-19', 'no-access', '2027-04-01 02:30Z', '2027-05-03'
        FROM work_orders w;
        ANALYZE areas, homes, work_orders, gas_appointments
        """);

    private static async Task<string> ExplainAsync(EstateTestDatabase database, string home, LocalDate deadline)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("EXPLAIN " + GasEscalationStore.OrdersSql, connection);
        command.Parameters.AddWithValue("home", home);
        command.Parameters.AddWithValue("deadline", deadline);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    private static async Task<List<long>> OrdersAsync(EstateTestDatabase database, string home, LocalDate deadline)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(GasEscalationStore.OrdersSql + " ORDER BY 1", connection);
        command.Parameters.AddWithValue("home", home);
        command.Parameters.AddWithValue("deadline", deadline);
        var orders = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            orders.Add(reader.GetInt64(0));
        }

        return orders;
    }
}
