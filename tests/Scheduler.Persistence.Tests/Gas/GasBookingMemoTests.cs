using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// When the nightly booking may read from its kept snapshot (<see cref="GasBookingMemo"/>) and when it books in full, and
/// what other writers leave it in <c>gas_booking_changes</c>. That the two ways book the same is
/// <see cref="GasBookingNightsTests"/>.
/// </summary>
public class GasBookingMemoTests : GasTestBase
{
    private static readonly LocalDate BookOn = new(2027, 3, 15); // a Monday

    private async Task SetUpAsync()
    {
        // N01 in date (deadline 20 May 2027), N02 overdue, N03 in date but too late to book (deadline 20 March 2027, inside
        // the 14 days' notice): never booked, so kept in the snapshot. (Until branch nocheck26 N03 was a home with no check
        // known, reported every night; such a home is booked now.)
        await ImportAsync(
            GasEstate(
                Home("N01", "B1", "S1", new LocalDate(2026, 5, 20)), Home("N02", "B1", "S1", new LocalDate(2025, 12, 1)),
                Home("N03", "B1", "S1", new LocalDate(2026, 3, 20))),
            BookOn);
        await ApplyAsync(BookOn, GasConfig());
    }

    [Fact]
    public async Task BookAsync_FirstRunThenNextDay_FullThenFromTheSnapshot()
    {
        await SetUpAsync();
        var booking = Booking();

        var first = await booking.BookAsync(BookOn);
        Assert.False(booking.LastWasIncremental);
        Assert.Equal(["N01", "N02"], first.Booked.Select(b => b.HomeId).Order(StringComparer.Ordinal));

        var next = await booking.BookAsync(BookOn.PlusDays(1));
        Assert.True(booking.LastWasIncremental);
        Assert.Empty(next.Booked);
        Assert.Equal(["N03"], next.Unbooked.Select(p => p.HomeId));
    }

    [Fact]
    public async Task BookAsync_SameDayAgain_BooksInFullAndNothingTwice()
    {
        await SetUpAsync();
        var booking = Booking();
        await booking.BookAsync(BookOn);

        var again = await booking.BookAsync(BookOn);

        Assert.False(booking.LastWasIncremental);
        Assert.Empty(again.Booked);
        Assert.Equal(2L, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_appointments"));
    }

    [Fact]
    public async Task BookAsync_AnotherConfigVersion_BooksInFull()
    {
        await SetUpAsync();
        var memo = new GasBookingMemo();
        await new GasAppointmentBooking(Database.DataSource, GasConfig(), Calendar, Clock, memo).BookAsync(BookOn);

        var other = new GasAppointmentBooking(Database.DataSource, GasConfig() with { Version = "v2" }, Calendar, Clock, memo);
        await other.BookAsync(BookOn.PlusDays(1));
        Assert.False(other.LastWasIncremental);

        // Its own snapshot holds for the next night (the memo is shared, as the worker's singleton is).
        await other.BookAsync(BookOn.PlusDays(2));
        Assert.True(other.LastWasIncremental);
    }

    [Fact]
    public async Task BookAsync_AnotherNodeBookedSince_BooksInFull()
    {
        await SetUpAsync();
        var (first, second) = (Booking(), Booking());
        await first.BookAsync(BookOn);
        await second.BookAsync(BookOn.PlusDays(1));

        await first.BookAsync(BookOn.PlusDays(2));

        Assert.False(first.LastWasIncremental);
        Assert.Equal(3L, await Database.DataSource.ScalarAsync<long>("SELECT version FROM gas_booking_state"));
    }

    [Fact]
    public async Task BookAsync_RegisterWritten_BooksInFull()
    {
        await SetUpAsync();
        var booking = Booking();
        await booking.BookAsync(BookOn);
        await Database.DataSource.ExecuteAsync("UPDATE homes SET area_id = 'south' WHERE id = 'N03'");

        var next = await booking.BookAsync(BookOn.PlusDays(1));

        Assert.False(booking.LastWasIncremental);
        Assert.Equal("south", Assert.Single(next.Unbooked).AreaId);
    }

    [Fact]
    public async Task BookAsync_OwnWritesNotRecorded_OtherWritersHomesRecordedAndTaken()
    {
        await SetUpAsync();
        var booking = Booking();
        await booking.BookAsync(BookOn);
        Assert.Empty(await Database.DataSource.RowsAsync("SELECT home_id FROM gas_booking_changes"));

        var visit = await Database.DataSource.ScalarAsync<LocalDate>("SELECT date FROM gas_appointments WHERE home_id = 'N02'");
        await ReportAsync("N02", VisitOutcome.NoAccess, visit);
        Assert.Equal(["N02"], (await Database.DataSource.RowsAsync("SELECT DISTINCT home_id FROM gas_booking_changes")));

        await booking.BookAsync(visit.PlusDays(1));
        Assert.True(booking.LastWasIncremental);
        Assert.Empty(await Database.DataSource.RowsAsync("SELECT home_id FROM gas_booking_changes"));
    }
    [Fact]
    public async Task BookAsync_EscalatedHomesDeadlinePassesBetweenNights_BookedAgainFromTheSnapshot()
    {
        // Checked 20 May 2026: deadline 20 May 2027. Three visits without access: escalated, not booked while in date.
        await ImportAsync(GasEstate(Home("N01", "B1", "S1", new LocalDate(2026, 5, 20))), BookOn);
        await ApplyAsync(BookOn, GasConfig());
        var booking = Booking();
        await booking.BookAsync(BookOn);
        for (var i = 0; i < 3; i++)
        {
            var visit = await Database.DataSource.ScalarAsync<LocalDate>("SELECT date FROM gas_appointments WHERE status = 'booked'");
            await ReportAsync("N01", VisitOutcome.NoAccess, visit);
        }

        foreach (var inDate in new[] { new LocalDate(2027, 5, 19), new LocalDate(2027, 5, 20) })
        {
            SetClock(inDate);
            Assert.Empty((await booking.BookAsync(inDate)).Booked);
        }

        // Nothing was written since; the night passed the deadline: the home is read again and booked (attempt 4).
        SetClock(new LocalDate(2027, 5, 21));
        var overdue = await booking.BookAsync(new LocalDate(2027, 5, 21));
        Assert.True(booking.LastWasIncremental);
        Assert.Equal(("N01", 4), (Assert.Single(overdue.Booked).HomeId, overdue.Booked[0].Attempt));
    }
}
