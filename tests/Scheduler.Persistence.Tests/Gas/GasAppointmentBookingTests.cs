using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Compliance;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// Booking against the database: capacity per area and slot, working days only, the first half of the window, notice,
/// deadline order, a letter per appointment in the same transaction, and nothing booked twice.
/// </summary>
public class GasAppointmentBookingTests : GasTestBase
{
    /// <summary>Checked 10 June 2026: deadline 10 June 2027, booking window 11 April – 9 June 2027.</summary>
    private static readonly LocalDate LastCheck = new(2026, 6, 10);

    private static readonly LocalDate BookOn = new(2027, 3, 15);

    [Fact]
    public async Task BookAsync_ElevenNorthHomesOneEngineer_FillsTwoSlotsAWorkingDayFromTheWindowStart()
    {
        var ds = Database.DataSource;
        var north = Enumerable.Range(1, 11).Select(i => Home($"N{i:00}", "B1", "S1", LastCheck)).ToList();
        await ImportAsync(GasEstate([.. north, Home("S01", null, null, LastCheck, area: "south")]), BookOn);
        await ApplyAsync(BookOn, GasConfig());

        var result = await Booking().BookAsync(BookOn);

        // The window opens Sunday 11 April: Mon 12 – Fri 16 April take two a day, the 11th goes after the weekend.
        Assert.Equal(
            [
                "N01|2027-04-12|AM|1", "N02|2027-04-12|PM|1", "N03|2027-04-13|AM|1", "N04|2027-04-13|PM|1", "N05|2027-04-14|AM|1",
                "N06|2027-04-14|PM|1", "N07|2027-04-15|AM|1", "N08|2027-04-15|PM|1", "N09|2027-04-16|AM|1", "N10|2027-04-16|PM|1",
                "N11|2027-04-19|AM|1",
            ],
            await ds.RowsAsync("SELECT home_id, date::text, slot, attempt FROM gas_appointments WHERE status = 'booked' ORDER BY date, slot, home_id"));
        Assert.Equal(11, result.Booked.Count);
        Assert.All(result.Booked, b => Assert.True(b.InFirstHalf));
        var problem = Assert.Single(result.Unbooked);
        Assert.Equal(("S01", BookingProblemKind.NoEngineers), (problem.HomeId, problem.Kind));

        // Independently of the planner: working days, notice, first half of the window, capacity of 1 engineer × 2 slots.
        var deadline = LastCheck.PlusYears(1);
        var windowStart = deadline.PlusMonths(-2).PlusDays(1);
        var firstHalfEnd = windowStart.PlusDays((Period.Between(windowStart, deadline.PlusDays(-1), PeriodUnits.Days).Days) / 2);
        foreach (var booked in result.Booked)
        {
            Assert.True(Calendar.IsWorkingDay(booked.Date), $"{booked.Date} is not a working day");
            Assert.InRange(booked.Date, BookOn.PlusDays(14), firstHalfEnd);
            Assert.True(booked.Date >= windowStart && booked.Date < deadline);
        }

        Assert.Empty(await ds.RowsAsync("SELECT area_id, date, slot FROM gas_appointments GROUP BY area_id, date, slot HAVING count(*) > 1"));
        Assert.Equal(
            ["appointed|11", "planned|1"],
            await ds.RowsAsync("SELECT status, count(*)::text FROM work_orders GROUP BY status ORDER BY status"));
        Assert.Equal(11L, await ds.ScalarAsync<long>("SELECT count(*) FROM work_order_events WHERE kind = 'appointed' AND from_status = 'planned'"));
    }

    [Fact]
    public async Task BookAsync_EachAppointment_QueuesTheFirstLetterToTheTenantInTheSameRun()
    {
        var ds = Database.DataSource;
        await ImportAsync(GasEstate(Home("N01", "B1", "S1", LastCheck), Home("N02", "B1", "S1", LastCheck.PlusDays(3))), BookOn);
        await ApplyAsync(BookOn, GasConfig());

        await Booking().BookAsync(BookOn);

        var appointments = await ds.RowsAsync(
            "SELECT a.id, w.reference, a.home_id, a.date::text, a.slot, a.letter, a.letter_on::text FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id ORDER BY a.home_id");
        var letters = await ds.RowsAsync(
            "SELECT idempotency_key, recipient_kind, recipient_id, payload::text, status FROM outbox_messages WHERE kind = 'tenant-letter' ORDER BY recipient_id");
        Assert.Equal(2, letters.Count);
        for (var i = 0; i < 2; i++)
        {
            var a = appointments[i].Split('|');
            var m = letters[i].Split('|');
            Assert.Equal(("appointment-first", "2027-03-15"), (a[5], a[6]));
            Assert.Equal($"letter/{a[1]}/1/{a[0]}", m[0]);
            Assert.Equal(("tenant", $"T-{a[2]}", "pending"), (m[1], m[2], m[4]));
            var payload = TenantLetterPayload.FromJson(m[3]);
            Assert.Equal(
                new TenantLetterPayload(TenantLetterKinds.AppointmentFirst, a[2], a[1], "gas-safety", LocalDatePattern.Iso.Parse(a[3]).Value, a[4]),
                payload);

            // The letter goes at least the notice (14 days) before the visit.
            Assert.True(payload.Date >= BookOn.PlusDays(14));
        }
    }

    [Fact]
    public async Task BookAsync_RunTwice_BooksNothingTheSecondTime()
    {
        var ds = Database.DataSource;
        await ImportAsync(GasEstate([.. Enumerable.Range(1, 4).Select(i => Home($"N{i:00}", "B1", "S1", LastCheck))]), BookOn);
        await ApplyAsync(BookOn, GasConfig());
        var first = await Booking().BookAsync(BookOn);
        var before = await ds.RowsAsync("SELECT a::text FROM gas_appointments a ORDER BY id");
        var messages = await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages");

        await ApplyAsync(BookOn.PlusDays(1), GasConfig());
        var second = await Booking().BookAsync(BookOn.PlusDays(1));

        Assert.Equal(4, first.Booked.Count);
        Assert.Empty(second.Booked);
        Assert.Equal(before, await ds.RowsAsync("SELECT a::text FROM gas_appointments a ORDER BY id"));
        Assert.Equal(messages, await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));
    }

    [Fact]
    public async Task BookAsync_TwoRunsAtOnce_BookEachHomeOnceWithinCapacity()
    {
        var ds = Database.DataSource;
        await ImportAsync(GasEstate([.. Enumerable.Range(1, 6).Select(i => Home($"N{i:00}", "B1", "S1", LastCheck))]), BookOn);
        await ApplyAsync(BookOn, GasConfig());

        var runs = await Task.WhenAll(Booking().BookAsync(BookOn), Booking().BookAsync(BookOn));

        Assert.Equal(6, runs.Sum(r => r.Booked.Count));
        Assert.Equal(6L, await ds.ScalarAsync<long>("SELECT count(DISTINCT home_id) FROM gas_appointments"));
        Assert.Empty(await ds.RowsAsync("SELECT area_id, date, slot FROM gas_appointments GROUP BY area_id, date, slot HAVING count(*) > 1"));
    }

    [Fact]
    public async Task BookAsync_OrderCancelledByPlanning_CancelsItsAppointmentAndBooksTheReplacement()
    {
        var ds = Database.DataSource;
        await ImportAsync(GasEstate(Home("N01", "B1", "S1", LastCheck)), BookOn);
        await ApplyAsync(BookOn, GasConfig());
        await Booking().BookAsync(BookOn);
        await ds.ExecuteAsync("UPDATE work_orders SET status = 'cancelled', cancelled_reason = 'test: replaced'");
        await ds.ExecuteAsync(
            """
            INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date, status,
                                     occurrence_key, config_version, created_at, deadline)
            SELECT 'WO-2027-999999', schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date, 'planned',
                   occurrence_key, config_version, created_at, deadline FROM work_orders
            """);

        var result = await Booking().BookAsync(BookOn.PlusDays(1));

        Assert.Equal(
            ["1|2027-04-12|AM|cancelled", "1|2027-04-12|AM|booked"],
            await ds.RowsAsync("SELECT attempt, date::text, slot, status FROM gas_appointments ORDER BY id"));
        Assert.Equal("WO-2027-999999", Assert.Single(result.Booked).Reference);
    }

    [Fact]
    public async Task BookAsync_DeadlineOrder_TheMostUrgentHomeTakesTheFirstSlot()
    {
        var ds = Database.DataSource;

        // N02's deadline is 10 days earlier, so its window opens first and it is planned first.
        await ImportAsync(GasEstate(Home("N01", "B1", "S1", LastCheck), Home("N02", "B1", "S1", LastCheck.PlusDays(-10))), new LocalDate(2027, 3, 28));
        await ApplyAsync(new LocalDate(2027, 3, 28), GasConfig());

        await Booking().BookAsync(new LocalDate(2027, 3, 28));

        Assert.Equal(
            ["N02|2027-04-12|AM", "N01|2027-04-12|PM"],
            await ds.RowsAsync("SELECT home_id, date::text, slot FROM gas_appointments ORDER BY date, slot"));
    }
}
