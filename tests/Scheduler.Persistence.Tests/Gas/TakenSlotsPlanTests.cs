using NodaTime;
using Npgsql;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// The statement that reads gas appointments by area and day (the taken slots of the nightly booking's spans and of the
/// report routes' rebookings) uses the partial <c>ix_gas_appointments_taken</c> (migration <c>Book7</c>), on an
/// estate's worth of appointments; the plain <c>ix_gas_appointments_area_id_date</c> beside it, read by no statement,
/// is gone (migration <c>TakenSlotsIndexOnly</c>, branch rep32). The reference booking's read of every slot from a day on
/// (tests only) names no area: it reads what it reads by a scan, as before. The slots both return are every
/// appointment's but the cancelled ones.
/// </summary>
public sealed class TakenSlotsPlanTests
{
    [Fact]
    public async Task TakenSlots_OnAnEstatesAppointments_AreReadFromTheTakenIndex_TheAreaDayIndexIsGone()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        await FillAsync(database);

        var spans = await ExplainAsync(database, "EXPLAIN " + GasAppointmentStore.TakenSpansSql, Spans);

        Assert.Contains("ix_gas_appointments_taken", spans, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on gas_appointments", spans, StringComparison.Ordinal);
        Assert.Empty(await database.DataSource.RowsAsync("SELECT indexname FROM pg_indexes WHERE indexname = 'ix_gas_appointments_area_id_date'"));
        Assert.Equal(
            "CREATE INDEX ix_gas_appointments_taken ON public.gas_appointments USING btree (area_id, date) INCLUDE (slot) WHERE (status <> 'cancelled'::text)",
            await database.DataSource.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_gas_appointments_taken'"));
    }

    [Fact]
    public async Task TakenSlots_AreEveryAppointmentButTheCancelled_InTheSpansAndFromTheDay()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        await FillAsync(database);
        await using var connection = await database.DataSource.OpenConnectionAsync();

        var spans = await GasAppointmentStore.TakenAsync(
            connection, null, [("A03", new LocalDate(2027, 5, 1), new LocalDate(2027, 5, 20)), ("A07", new LocalDate(2027, 11, 1), new LocalDate(2027, 11, 30))], CancellationToken.None);
        var from = await GasAppointmentStore.TakenAsync(connection, null, new LocalDate(2027, 12, 20), CancellationToken.None);

        Assert.Equal(
            await database.DataSource.ScalarAsync<long>("""
                SELECT count(*) FROM gas_appointments WHERE status <> 'cancelled'
                  AND ((area_id = 'A03' AND date BETWEEN '2027-05-01' AND '2027-05-20') OR (area_id = 'A07' AND date BETWEEN '2027-11-01' AND '2027-11-30'))
                """),
            spans.Count);
        Assert.Equal(await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_appointments WHERE status <> 'cancelled' AND date >= '2027-12-20'"), from.Count);
        Assert.True(spans.Count > 100, $"only {spans.Count} slots in the spans");
        Assert.True(from.Count > 100, $"only {from.Count} slots from the day");
    }

    private static void Spans(NpgsqlCommand command)
    {
        command.Parameters.AddWithValue("areas", new[] { "A03", "A07" });
        command.Parameters.AddWithValue("froms", new[] { new LocalDate(2027, 5, 1), new LocalDate(2027, 11, 1) });
        command.Parameters.AddWithValue("throughs", new[] { new LocalDate(2027, 5, 20), new LocalDate(2027, 11, 30) });
    }

    /// <summary>100,000 homes in 20 areas, an appointment each over the year's weekdays, every tenth cancelled; analyzed.</summary>
    private static Task<int> FillAsync(EstateTestDatabase database) => database.DataSource.ExecuteAsync("""
        SELECT set_config('estate.gas_booking', 'on', false);
        INSERT INTO areas (id, name, active, updated_at) SELECT 'A' || lpad(a::text, 2, '0'), 'Area ' || a, true, '2027-01-01Z' FROM generate_series(0, 19) a;
        INSERT INTO homes (id, address, postcode, area_id, gas, attributes, active, updated_at)
        SELECT 'H' || lpad(n::text, 6, '0'), n || ' High Street', 'AB1 2CD', 'A' || lpad((n % 20)::text, 2, '0'), true, '{}', true, '2027-01-01Z'
        FROM generate_series(1, 100000) n;
        INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                 status, contractor_id, occurrence_key, config_version, created_at)
        SELECT 'WO-2027-' || lpad(n::text, 6, '0'), 'gas-safety', 'gas-safety', 'H' || lpad(n::text, 6, '0'), 'property',
               '2027-01-01', '2027-12-31', '2027-06-01', 'appointed', 'warmsafe', 'gas-safety/H' || lpad(n::text, 6, '0'), 'v0', '2027-01-01 02:30Z'
        FROM generate_series(1, 100000) n;
        INSERT INTO gas_appointments (work_order_id, home_id, area_id, deadline, attempt, date, slot, letter, letter_on, status, booked_at)
        SELECT w.id, w.asset_id, h.area_id, '2028-01-01', 1, DATE '2027-01-04' + (w.id % 360)::int, CASE WHEN w.id % 2 = 0 THEN 'AM' ELSE 'PM' END,
               'first', '2027-01-01', CASE WHEN w.id % 10 = 0 THEN 'cancelled' ELSE 'booked' END, '2027-01-01 02:30Z'
        FROM work_orders w JOIN homes h ON h.id = w.asset_id;
        ANALYZE areas, homes, work_orders, gas_appointments
        """);

    private static async Task<string> ExplainAsync(EstateTestDatabase database, string sql, Action<NpgsqlCommand> parameters)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        parameters(command);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
