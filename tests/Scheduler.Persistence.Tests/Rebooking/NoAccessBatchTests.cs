using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Completions;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Rebooking;

/// <summary>
/// The no-access rebooking of <see cref="CompletionRecorder.RecordManyAsync"/> (set-based per batch: each area's taken
/// slots and each home's failed attempts read once, the rebookings planned in memory) against
/// <see cref="CompletionRecorder.RecordAsync"/> one report at a time, on two databases with the same estate and bookings:
/// many no-access visits in one area with one engineer (two slots a day, the weeks after the rebooking gap nearly full),
/// three rounds (the second and third attempts, then the escalation), and unbooked visits in an area with no engineer
/// (the visit added as an attempt, nothing to rebook). Every row must be the same, ids included; the notices are sent
/// first, so each rebooking also writes the contractor's changed-appointment notice (branch <c>rebook26</c>).
/// </summary>
public class NoAccessBatchTests : Gas.GasTestBase
{
    private static readonly LocalDate BookOn = new(2027, 3, 15);

    [Fact]
    public async Task RecordManyAsync_ManyNoAccessVisitsInOneArea_BooksWhatOneAtATimeBooks()
    {
        // 36 homes due on the same day in north (one engineer: 72 slots in their 8-week window), 3 in south (no engineer).
        var homes = Enumerable.Range(1, 36).Select(i => Home($"N{i:00}", "B1", "S1", new LocalDate(2026, 6, 10)))
            .Concat(Enumerable.Range(1, 3).Select(i => Home($"S{i}", "B1", "S1", new LocalDate(2026, 6, 10), area: "south")))
            .ToArray();
        await using var single = await EstateTestDatabase.CreateAsync();
        var singleClock = TestEstate.Clock();
        foreach (var (database, clock) in new[] { (Database, Clock), (single, singleClock) })
        {
            await new RegisterImporter(database.DataSource, clock).ImportAsync(GasEstate(homes), "test", BookOn);
            await new WorkOrderGeneration(database.DataSource, GasConfig(), TestEstate.Calendar, clock).ApplyAsync(BookOn);
            await new GasAppointmentBooking(database.DataSource, GasConfig(), TestEstate.Calendar, clock).BookAsync(BookOn);

            // The notices went (as the dispatcher marks them): each rebooking also tells the contractor (branch rebook26).
            await database.DataSource.ExecuteAsync("UPDATE outbox_messages SET status = 'sent', sent_at = created_at WHERE kind = 'contractor-order'");
        }

        foreach (var (day, round) in new[] { (new LocalDate(2027, 4, 23), 1), (new LocalDate(2027, 5, 14), 2), (new LocalDate(2027, 5, 28), 3) })
        {
            // Every booked visit up to the day reported no access; in the first round the south homes' unbooked visits too.
            var reports = (await Database.DataSource.RowsAsync(
                $"""
                SELECT w.reference, a.date::text FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id
                WHERE a.status = 'booked' AND a.date <= '{day:uuuu-MM-dd}' ORDER BY a.date DESC, a.slot DESC, a.home_id
                """))
                .Select(r => Report(r.Split('|')[0], NodaTime.Text.LocalDatePattern.Iso.Parse(r.Split('|')[1]).Value))
                .ToList();
            if (round == 1)
            {
                var south = await Database.DataSource.RowsAsync("SELECT reference FROM work_orders WHERE asset_id LIKE 'S%' AND status IN ('planned', 'issued') ORDER BY reference");
                Assert.Equal(3, south.Count);
                reports.InsertRange(2, south.Select(reference => Report(reference, day.PlusDays(-1))));
            }

            Assert.True(reports.Count >= 6, $"round {round}: only {reports.Count} visits to report");
            var now = day.At(new LocalTime(20, 0)).InZoneLeniently(DateTimeZoneProviders.Tzdb["Europe/London"]).ToInstant();
            var (many, expected) = await RecordedTwice.RecordBothWaysAsync(reports, now, (Database, Clock), (single, singleClock), Recorder);

            Assert.All(many, r => Assert.Equal(CompletionStatus.Recorded, r.Status));
            Assert.Equal(RecordedTwice.Describe(expected), RecordedTwice.Describe(many));

            foreach (var table in new[] { "work_orders", "gas_appointments", "gas_checks" })
            {
                await AssertSameAsync(single, $"SELECT t::text FROM {table} t ORDER BY id", round);
            }

            foreach (var table in new[] { "gas_escalations", "work_order_events", "outbox_messages" })
            {
                await AssertSameAsync(single, $"SELECT (to_jsonb(t) - 'id')::text AS row FROM {table} t ORDER BY row", round);
            }

            await RecordedTwice.AssertSameChangeLogsAsync(single, Database, $"round {round}");

            // Each rebooking of the round wrote a changed-appointment notice, one higher than the order's last, in both routes.
            var changes = await Database.DataSource.ScalarAsync<long>(
                $"SELECT count(*) FROM outbox_messages WHERE idempotency_key LIKE 'order/%/appointment/%' AND sequence = {round}");
            Assert.True(round == 3 || changes >= 6, $"round {round}: {changes} changed-appointment notices");
        }

        // The batches rebooked many visits of one area, with one engineer: no slot taken twice, and the third round escalated.
        var rebooked = await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_appointments WHERE area_id = 'north' AND attempt >= 2");
        Assert.True(rebooked >= 12, $"only {rebooked} visits rebooked");
        Assert.Equal(0L, await Database.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT 1 FROM gas_appointments WHERE status <> 'cancelled' AND area_id = 'north' GROUP BY date, slot HAVING count(*) > 1) d"));
        Assert.True(await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_escalations") > 0, "no home escalated");
        Assert.Equal(3L, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_appointments WHERE area_id = 'south' AND status = 'no-access' AND letter IS NULL"));
    }

    private static CompletionReport Report(string reference, LocalDate on) =>
        new(reference, "warmfix", VisitOutcome.NoAccess, on, CompletionSources.Csv, null, "simulated");

    private static CompletionRecorder Recorder(EstateTestDatabase database, FakeClock clock) =>
        new(database.DataSource, clock, TestEstate.Zone, [new GasCompletionEffect(GasConfig(), TestEstate.Calendar, clock)]);

    private Task AssertSameAsync(EstateTestDatabase single, string sql, int round) =>
        RecordedTwice.AssertSameRowsAsync(
            single,
            Database,
            sql,
            mayBeEmpty: sql.Contains("checks", StringComparison.Ordinal) || (round < 3 && sql.Contains("escalations", StringComparison.Ordinal)),
            $"round {round}, {sql}");
}
