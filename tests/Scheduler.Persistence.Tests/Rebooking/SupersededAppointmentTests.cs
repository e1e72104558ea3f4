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
/// A no-access visit reported on a gas order with no booked appointment of its own while the home still has an
/// appointment booked for the same deadline under another order: the other appointment is cancelled (its number and
/// slot freed, its letter still waiting superseded) and the visit is recorded as the attempt it is, by
/// <see cref="CompletionRecorder.RecordManyAsync"/> and <see cref="CompletionRecorder.RecordAsync"/> alike (two
/// databases, every row compared). Before the fix both routes failed with SQLSTATE 23505 on
/// <c>ix_gas_appointments_home_id_deadline_attempt</c>: the unbooked attempt was numbered 1 + the failed attempts, the
/// number the live appointment held.
/// </summary>
public class SupersededAppointmentTests : Gas.GasTestBase
{
    // The day the overdue home's second urgent order is made, booking nothing, and its visit reported.
    private static readonly LocalDate Urgent = new(2027, 3, 15);

    [Fact]
    public async Task Record_NoAccessOnTheNextUrgentOrderWhileTheOlderOnesVisitIsStillBooked_CancelsItAndRecordsAttemptOne()
    {
        // H1's deadline is 7 Feb 2027: overdue on 1 Mar 2027, when the apply gives it an urgent order (1–14 Mar), booked
        // (attempt 1, 8 Mar); its visit is never reported, and after its window the next apply gives the home another
        // urgent order, which the booking leaves alone (the home has an appointment for that deadline).
        await using var single = await EstateTestDatabase.CreateAsync();
        var singleClock = TestEstate.Clock();
        await SetUpAsync(single, singleClock, new LocalDate(2026, 2, 7), new LocalDate(2027, 3, 1), GasConfig(), Urgent, GasConfig(), bookAgain: true);
        var (older, newer) = await TwoOrdersAsync("2027-03-08");

        var results = await RecordBothWaysAsync(single, singleClock, newer, Urgent, GasConfig());

        Assert.All(results, r => Assert.Equal(CompletionStatus.Recorded, r.Status));
        await AssertSameAsync(single);
        Assert.Equal(
            [$"{older}|1|2027-03-08|booked→cancelled", $"{newer}|1|2027-03-15|no-access", $"{newer}|2|booked"],
            await HistoryAsync(Database));
    }

    [Fact]
    public async Task Record_DoneOnTheNextUrgentOrderWhileTheOlderOnesVisitIsStillBooked_CancelsIt()
    {
        // As above, but the check is made on the second urgent order: the deadline needs no other visit, so the first
        // order's appointment (never reported) is cancelled, by both routes alike; the check moves the deadline.
        await using var single = await EstateTestDatabase.CreateAsync();
        var singleClock = TestEstate.Clock();
        await SetUpAsync(single, singleClock, new LocalDate(2026, 2, 7), new LocalDate(2027, 3, 1), GasConfig(), Urgent, GasConfig(), bookAgain: true);
        var (older, newer) = await TwoOrdersAsync("2027-03-08");

        var results = await RecordBothWaysAsync(single, singleClock, newer, Urgent, GasConfig(), outcome: VisitOutcome.Done);

        Assert.All(results, r => Assert.Equal(CompletionStatus.Recorded, r.Status));
        await AssertSameAsync(single);
        Assert.Equal([$"{older}|1|2027-03-08|booked→cancelled"], await HistoryAsync(Database));
        Assert.Equal(["2027-02-07|2028-03-15"], await Database.DataSource.RowsAsync("SELECT previous_deadline::text || '|' || next_deadline::text FROM gas_checks"));
    }

    [Fact]
    public async Task Record_NoAccessOnTheReplacementOfAnOrderAConfigChangeCancelled_CancelsItsStaleAppointment()
    {
        // H1 due 10 Jun 2027, booked on 15 Mar; on 1 Apr a changed configuration (another gas contractor) is applied,
        // which cancels the booked order and creates its replacement, and the replacement's visit is reported before
        // any booking has run since (the booking's first step would have cancelled the old appointment).
        var changed = Config([GasSafety() with { Appointment = Policy }], [GasEngineer() with { Id = "warmfix2" }], "v2", horizonWeeks: 20);
        await using var single = await EstateTestDatabase.CreateAsync();
        var singleClock = TestEstate.Clock();
        await SetUpAsync(single, singleClock, new LocalDate(2026, 6, 10), new LocalDate(2027, 3, 15), GasConfig(), new LocalDate(2027, 4, 1), changed, bookAgain: false);
        var (older, newer) = await TwoOrdersAsync(null);
        Assert.Equal("cancelled", await Database.DataSource.ScalarAsync<string>($"SELECT status FROM work_orders WHERE reference = '{older}'"));
        var visit = NodaTime.Text.LocalDatePattern.Iso.Parse(await Database.DataSource.ScalarAsync<string>("SELECT date::text FROM gas_appointments")).Value;

        var results = await RecordBothWaysAsync(single, singleClock, newer, visit, changed, "warmfix2");

        Assert.All(results, r => Assert.Equal(CompletionStatus.Recorded, r.Status));
        await AssertSameAsync(single);
        Assert.Equal(
            [$"{older}|1|{visit:uuuu-MM-dd}|booked→cancelled", $"{newer}|1|{visit:uuuu-MM-dd}|no-access", $"{newer}|2|booked"],
            await HistoryAsync(Database));
    }

    private async Task SetUpAsync(
        EstateTestDatabase single, FakeClock singleClock, LocalDate lastCheck, LocalDate first, EstateConfiguration firstConfig, LocalDate second,
        EstateConfiguration secondConfig, bool bookAgain)
    {
        foreach (var (database, clock) in new[] { (Database, Clock), (single, singleClock) })
        {
            await new RegisterImporter(database.DataSource, clock).ImportAsync(GasEstate(Home("H1", "B1", "S1", lastCheck)), "test", first);
            await new WorkOrderGeneration(database.DataSource, firstConfig, TestEstate.Calendar, clock).ApplyAsync(first);
            await new GasAppointmentBooking(database.DataSource, firstConfig, TestEstate.Calendar, clock).BookAsync(first);
            await new WorkOrderGeneration(database.DataSource, secondConfig, TestEstate.Calendar, clock).ApplyAsync(second);
            if (bookAgain)
            {
                await new GasAppointmentBooking(database.DataSource, secondConfig, TestEstate.Calendar, clock).BookAsync(second);
            }
        }
    }

    /// <summary>The older order (its appointment still booked, attempt 1 on <paramref name="date"/> when given) and the newer one (no appointment).</summary>
    private async Task<(string Older, string Newer)> TwoOrdersAsync(string? date)
    {
        var orders = await Database.DataSource.RowsAsync("SELECT reference FROM work_orders WHERE asset_id = 'H1' ORDER BY id");
        Assert.Equal(2, orders.Count);
        var appointments = await Database.DataSource.RowsAsync("SELECT w.reference, a.attempt, a.date::text, a.status FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id ORDER BY a.id");
        Assert.Single(appointments);
        Assert.StartsWith($"{orders[0]}|1|{date}", appointments[0], StringComparison.Ordinal);
        Assert.EndsWith("|booked", appointments[0], StringComparison.Ordinal);
        return (orders[0], orders[1]);
    }

    private async Task<List<CompletionResult>> RecordBothWaysAsync(
        EstateTestDatabase single, FakeClock singleClock, string reference, LocalDate on, EstateConfiguration config, string contractor = "warmfix",
        VisitOutcome outcome = VisitOutcome.NoAccess)
    {
        var now = on.At(new LocalTime(20, 0)).InZoneLeniently(DateTimeZoneProviders.Tzdb["Europe/London"]).ToInstant();
        var (many, expected) = await RecordedTwice.RecordBothWaysAsync(
            [new CompletionReport(reference, contractor, outcome, on, CompletionSources.Csv, null, outcome == VisitOutcome.NoAccess ? "no answer" : null)],
            now,
            (Database, Clock),
            (single, singleClock),
            (database, clock) => new CompletionRecorder(database.DataSource, clock, config.Organisation.Zone, [new GasCompletionEffect(config, TestEstate.Calendar, clock)]));
        Assert.Equal(RecordedTwice.Describe(expected), RecordedTwice.Describe(many));
        return many;
    }

    private async Task AssertSameAsync(EstateTestDatabase single)
    {
        foreach (var table in new[] { "work_orders", "gas_appointments" })
        {
            await RecordedTwice.AssertSameRowsAsync(single, Database, $"SELECT t::text FROM {table} t ORDER BY id", mayBeEmpty: false, table);
        }

        foreach (var table in new[] { "work_order_events", "outbox_messages" })
        {
            await RecordedTwice.AssertSameRowsAsync(single, Database, $"SELECT (to_jsonb(t) - 'id')::text AS row FROM {table} t ORDER BY row", mayBeEmpty: false, table);
        }
    }

    /// <summary>Each appointment of H1: order, attempt, date (for a visit made or missed) and status.</summary>
    private static Task<List<string>> HistoryAsync(EstateTestDatabase database) =>
        database.DataSource.RowsAsync(
            """
            SELECT w.reference || '|' || a.attempt || '|' ||
                   CASE WHEN a.status = 'booked' THEN 'booked'
                        WHEN a.status = 'cancelled' THEN a.date::text || '|booked→cancelled'
                        ELSE a.date::text || '|' || a.status END
            FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id
            WHERE a.home_id = 'H1' ORDER BY a.id
            """);
}
