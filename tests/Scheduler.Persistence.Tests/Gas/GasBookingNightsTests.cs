using System.Globalization;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// The nightly booking over many nights against the reference booking (<see cref="GasAppointmentBooking.Reference"/>:
/// every slot taken from the day of planning on, as the booking read before branch <c>book7</c>), run in a second
/// database through the same nights: generation, booking, the day's visits reported (done or no access, some homes never
/// in, so they escalate), and a register change that cancels orders with appointments booked. Every night both must
/// book, refuse and escalate the same homes with the same words, and leave the same rows.
/// </summary>
public class GasBookingNightsTests : GasTestBase
{
    private const int Homes = 150;

    private static readonly LocalDate FirstNight = new(2027, 3, 1);

    private static readonly AppointmentPolicy NightsPolicy = new(["AM", "PM"], Period.FromDays(14), 3)
    {
        Engineers = new Dictionary<string, int> { ["north"] = 1, ["east"] = 1 },
    };

    private static EstateConfiguration NightsConfig() =>
        Config([GasSafety() with { Appointment = NightsPolicy }], [GasEngineer() with { Areas = ["north", "south", "east"] }], horizonWeeks: 60);

    /// <summary>
    /// 150 homes: 100 in north and 40 in east (one engineer each: two visits a day), 10 in south (none); every 25th with no
    /// check known; the others checked between 1 Jan and 30 Apr 2026, so about half are overdue on the first night and
    /// more homes want the next weeks than the engineers can visit. <paramref name="changed"/>: the register of a later
    /// import, one home gone (its orders and appointment cancelled), one moved to east, one new home already overdue.
    /// </summary>
    private static EstateRegister NightsEstate(bool changed = false)
    {
        var homes = new List<Home>();
        for (var i = 0; i < Homes; i++)
        {
            var id = HomeId(i);
            if (changed && i == 7)
            {
                continue;
            }

            var area = (i % 15) switch { 14 => "south", >= 10 => "east", _ => "north" };
            if (changed && i == 21)
            {
                area = "east";
            }

            LocalDate? last = i % 25 == 0 ? null : new LocalDate(2026, 1, 1).PlusDays(i * 7 % 120);
            homes.Add(Home(id, null, null, last, area: area));
        }

        if (changed)
        {
            homes.Add(Home(HomeId(Homes), null, null, new LocalDate(2025, 11, 20)));
        }

        return new EstateRegister(
            [new Area("north", "North patch"), new Area("south", "South patch"), new Area("east", "East patch")],
            [Site("S1")],
            [],
            homes,
            // Every third tenant gets letters by post (branch rebook29): a night reading what changed probes each changed
            // home's tenant, the reference's full read joins every home's first tenant at once; both must book them alike.
            [.. homes.Where((_, i) => i % 10 != 3).Select((h, i) => Tenant($"T-{h.Id}", h.Id, i % 3 == 1 ? ContactChannel.Post : ContactChannel.Email))]);
    }

    private static string HomeId(int i) => string.Create(CultureInfo.InvariantCulture, $"H{i:000}");

    [Fact]
    public async Task BookAsync_SeventyNights_SameAsTheBookingThatReadEveryTakenSlot()
    {
        await using var reference = await EstateTestDatabase.CreateAsync();
        await new RegisterImporter(reference.DataSource, Clock).ImportAsync(TestEstate.Estate(), "test", AsOf); // as the base did for Database
        var databases = new[] { Database, reference };
        foreach (var db in databases)
        {
            await new RegisterImporter(db.DataSource, Clock).ImportAsync(NightsEstate(), "test", FirstNight);
        }

        var kinds = new HashSet<BookingProblemKind>();
        var booked = 0;
        var incremental = new List<int>();

        // Two nodes: the second books a few nights between the first's (each keeps its own snapshot).
        var (first, second) = (Booking(NightsConfig()), Booking(NightsConfig()));
        for (var night = FirstNight; night < FirstNight.PlusDays(70); night = night.PlusDays(1))
        {
            var n = Period.Between(FirstNight, night, PeriodUnits.Days).Days;
            SetClock(night);
            if (night == FirstNight.PlusDays(30))
            {
                foreach (var db in databases)
                {
                    await new RegisterImporter(db.DataSource, Clock).ImportAsync(NightsEstate(changed: true), "test", night);
                }
            }

            foreach (var db in databases)
            {
                await new WorkOrderGeneration(db.DataSource, NightsConfig(), TestEstate.Calendar, Clock).ApplyAsync(night);
                if (n % 20 == 10)
                {
                    // Another writer cancels two appointed orders (as planning does when it no longer wants them): the
                    // booking cancels their appointments, and the homes are booked again on their next open order.
                    await db.DataSource.ExecuteAsync(
                        """
                        UPDATE work_orders SET status = 'cancelled' WHERE id IN (
                            SELECT work_order_id FROM gas_appointments WHERE status = 'booked' ORDER BY date DESC, id LIMIT 2)
                        """);
                }
            }

            var node = n is 45 or 47 or 48 ? second : first;
            var actual = await node.BookAsync(night);
            if (node.LastWasIncremental)
            {
                incremental.Add(n);
            }

            var expected = await new GasAppointmentBooking(reference.DataSource, NightsConfig(), TestEstate.Calendar, Clock) { Reference = true }.BookAsync(night);
            Assert.Equal(expected.Booked, actual.Booked);
            Assert.Equal(expected.Unbooked, actual.Unbooked);
            Assert.Equal(expected.Escalated, actual.Escalated);
            booked += actual.Booked.Count;
            kinds.UnionWith(actual.Unbooked.Select(p => p.Kind));

            foreach (var db in databases)
            {
                await ReportTheDayAsync(db, night);
            }

            await AssertSameRowsAsync(reference, night);
        }

        // Read from the kept snapshot every night but the first, the register change's and each node's first night after
        // the other booked (its snapshot no longer holds); the second node's second night in a row was incremental.
        Assert.Equal([.. Enumerable.Range(1, 69).Where(n => n is not 30 and not 45 and not 46 and not 47 and not 49)], incremental);

        // The nights meant something: homes booked and refused for every reason, escalations, cancelled appointments.
        Assert.InRange(booked, 100, 1_000);
        Assert.Superset(new HashSet<BookingProblemKind> { BookingProblemKind.NoCapacity, BookingProblemKind.NoEngineers }, kinds);
        Assert.True(
            await Database.DataSource.ScalarAsync<long>(string.Create(CultureInfo.InvariantCulture, $"SELECT count(*) FROM gas_appointments WHERE deadline = '{GasSafetyRecord.NoKnownCheck:uuuu-MM-dd}'")) > 0,
            "no home with no gas check known was booked");
        Assert.True(await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_escalations") > 0, "no home was escalated");
        Assert.True(await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_appointments WHERE attempt > 3") > 0, "no escalated home was booked again once overdue");
        Assert.True(await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_appointments WHERE status = 'cancelled'") > 0, "no appointment was cancelled");
        Assert.True(await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_appointments WHERE status = 'no-access'") > 10, "too few no-access visits");
    }

    /// <summary>
    /// Reports every visit booked for <paramref name="day"/> as the completion recorder does: no access for every 13th
    /// home (so it escalates) and one visit in five otherwise, the check made for the rest.
    /// </summary>
    private async Task ReportTheDayAsync(EstateTestDatabase db, LocalDate day)
    {
        var visits = await db.DataSource.RowsAsync(
            $"SELECT w.id || '|' || w.reference || '|' || w.asset_id FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id " +
            $"WHERE a.status = 'booked' AND a.date = '{day:uuuu-MM-dd}' ORDER BY a.id");
        foreach (var visit in visits)
        {
            var parts = visit.Split('|');
            var home = int.Parse(parts[2].AsSpan(1), CultureInfo.InvariantCulture);
            var noAccess = home % 13 == 0 || (home * 31 + day.DayOfYear) % 5 == 0;
            await ReportAsync(db, long.Parse(parts[0], CultureInfo.InvariantCulture), parts[1], parts[2], noAccess ? VisitOutcome.NoAccess : VisitOutcome.Done, day);
        }
    }

    private async Task ReportAsync(EstateTestDatabase database, long id, string reference, string homeId, VisitOutcome outcome, LocalDate on)
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var at = on.AtStartOfDayInZone(DateTimeZoneProviders.Tzdb["Europe/London"]).ToInstant();
        await using (var update = new NpgsqlCommand(
            "UPDATE work_orders SET status = @status, completed_on = @on, completed_at = @at WHERE id = @id",
            (NpgsqlConnection)Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(db.Database),
            (NpgsqlTransaction)Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(transaction)))
        {
            update.Parameters.AddWithValue("status", outcome == VisitOutcome.NoAccess ? "no-access" : "completed");
            update.Parameters.AddWithValue("on", on);
            update.Parameters.AddWithValue("at", at);
            update.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        await Effect(NightsConfig()).ApplyAsync(
            db, new RecordedCompletion(id, reference, "gas-safety", "gas-safety", homeId, "warmfix", outcome, on, at, "cli", null, null), CancellationToken.None);
        await transaction.CommitAsync();
    }

    private async Task AssertSameRowsAsync(EstateTestDatabase reference, LocalDate night)
    {
        foreach (var table in new[] { "gas_appointments", "gas_escalations", "work_orders", "outbox_messages" })
        {
            var sql = $"SELECT t::text FROM {table} t ORDER BY id";
            var expected = await reference.DataSource.RowsAsync(sql);
            var actual = await Database.DataSource.RowsAsync(sql);
            Assert.True(expected.Count == actual.Count, $"{night}, {table}: {actual.Count} rows, expected {expected.Count}");
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.True(expected[i] == actual[i], $"{night}, {table}, row {i}:\nexpected {expected[i]}\nactual   {actual[i]}");
            }
        }
    }
}
