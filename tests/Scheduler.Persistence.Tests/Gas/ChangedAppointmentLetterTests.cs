using Npgsql;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// A tenant whose booked gas visit moves to another day after their letter for the old day went gets the
/// changed-appointment letter, naming both days, instead of a second first letter (docs/gas-safety.md, When the tenant's
/// visit moves). The path here is the apply replacing the order (another contractor: <c>contractor-changed</c>): the booking
/// cancels the old visit and books the new order. H1 and H2 (deadline 20 May 2027, window 21 March - 19 May) are applied
/// and booked on Monday 1 March 2027 for Monday 22 March, their letters going at once; on Tuesday 16 March the gas
/// contractor changes, and the new orders are booked for Tuesday 30 March (14 days' notice). H1's letter had gone, H2's was
/// still waiting (<see cref="ToldVisitTestBase"/>). The gas37 path (a home's next order brought to the legal window) is in
/// <see cref="NextOrderMovedTests"/>. Real PostgreSQL.
/// </summary>
public class ChangedAppointmentLetterTests : ToldVisitTestBase
{
    [Fact]
    public async Task OrderReplacedAfterTheLetterWent_OneChangedLetterNamingBothDaysAtOnce_NoSecondFirstLetter()
    {
        await BookedAndToldAsync("H1");

        await ContractorChangesAsync();

        // The old visits cancelled with their orders, the new ones booked on 30 March.
        Assert.Equal(
            ["H1|2027-03-22|AM|cancelled", "H1|2027-03-30|AM|booked", "H2|2027-03-22|PM|cancelled", "H2|2027-03-30|PM|booked"],
            await Database.DataSource.RowsAsync("SELECT home_id, date::text, slot, status FROM gas_appointments ORDER BY home_id, id"));

        // H1, told of 22 March: the changed letter, at once, naming the day it replaces; no first letter for the new order.
        // H2, whose letter had not gone: it is superseded and the tenant gets the first letter, as before.
        await AssertH1ChangedH2FirstAsync();

        // Its key names its cause, the new appointment (the key every letter of an appointment has); the appointment's
        // letter day is the day of booking.
        Assert.Equal(
            ["H1|letter/{ref}/1/{id}|2027-03-16"],
            (await Database.DataSource.RowsAsync(
                """
                SELECT a.home_id, replace(replace(o.idempotency_key, w.reference, '{ref}'), a.id::text, '{id}'), a.letter_on::text
                FROM outbox_messages o JOIN work_orders w ON w.id = ANY(o.work_order_ids)
                JOIN gas_appointments a ON a.work_order_id = w.id AND a.status = 'booked'
                WHERE o.payload->>'letter' = 'appointment-changed'
                """)));

        // A second booking of the same day writes nothing more.
        await Booking(After).BookAsync(Changed);
        Assert.Equal(4, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE kind = 'tenant-letter'"));
    }

    [Fact]
    public async Task ChangedLetterNotYetSentWhenTheVisitMovesAgain_ItIsSupersededAndTheNextNamesTheDayTheTenantWasToldOf()
    {
        await BookedAndToldAsync("H1");
        await ContractorChangesAsync();

        // Before the changed letter goes, the contractor changes back: the order is replaced again and booked on 1 April.
        var back = new LocalDate(2027, 3, 18);
        SetClock(back);
        var config = Before with { Version = "v3" };
        await ApplyAsync(back, config);
        await Booking(config).BookAsync(back);

        // The tenant only ever holds the letter for 22 March: the new letter names that day, the unsent one never goes.
        Assert.Equal(
            [
                "sent|now|appointment-first|False|2027-03-22|AM|-|-",
                "superseded|now|appointment-changed|False|2027-03-30|AM|2027-03-22|AM",
                "pending|now|appointment-changed|True|2027-04-01|AM|2027-03-22|AM",
            ],
            await LettersAsync("H1"));

        // Once that letter has gone, a further move names the day it gave (1 April), the latest the tenant was told of.
        await Database.DataSource.ExecuteAsync("UPDATE outbox_messages SET status = 'sent', sent_at = now() WHERE kind = 'tenant-letter' AND status = 'pending' AND recipient_id = 'T-H1'");
        var again = new LocalDate(2027, 3, 19);
        SetClock(again);
        await ApplyAsync(again, After with { Version = "v4" });
        await Booking(After with { Version = "v4" }).BookAsync(again);
        Assert.Equal(
            "appointment-changed|2027-04-02|2027-04-01|AM",
            await Database.DataSource.ScalarAsync<string>(
                "SELECT payload->>'letter' || '|' || (payload->>'date') || '|' || (payload->>'replacesDate') || '|' || (payload->>'replacesSlot') FROM outbox_messages WHERE kind = 'tenant-letter' AND recipient_id = 'T-H1' ORDER BY id DESC LIMIT 1"));
    }

    [Fact]
    public async Task VisitCancelledBecauseItsCheckWasMade_TheNextChecksBookingGetsTheFirstLetter()
    {
        await BookedAndToldAsync("H1", "H2");

        // H1's check is recorded in the register (made elsewhere, 10 March): its order is cancelled check-made and the
        // next check (deadline 10 March 2028) is planned and booked; that is another check, not the visit moved.
        var imported = new LocalDate(2027, 3, 12);
        await ImportAsync(GasEstate(Home("H1", "B1", "S1", new LocalDate(2027, 3, 10)), Home("H2", "B1", "S1", new LocalDate(2026, 5, 20))), imported);
        SetClock(imported);
        var config = GasConfig(horizonWeeks: 60);
        await ApplyAsync(imported, config);
        await Booking(config).BookAsync(imported);

        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_appointments WHERE home_id = 'H1' AND status = 'cancelled' AND date = '2027-03-22'"));
        Assert.Equal(
            ["appointment-first|-"],
            await Database.DataSource.RowsAsync(
                "SELECT payload->>'letter' || '|' || coalesce(payload->>'replacesDate', '-') FROM outbox_messages WHERE kind = 'tenant-letter' AND recipient_id = 'T-H1' AND payload->>'date' > '2027-12-31'"));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE payload->>'letter' = 'appointment-changed'"));
    }

    [Fact]
    public async Task WrittenOneAtATimeOrInBulk_TheSameRows()
    {
        await BookedAndToldAsync("H1");
        SetClock(Changed);
        await ApplyAsync(Changed, After);

        // The booking's step 1 and 2 by hand, the writer run in bulk (from one booking): the same letters as the test above.
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var cancel = new NpgsqlCommand(
                "UPDATE gas_appointments a SET status = 'cancelled', outcome_at = now() FROM work_orders w WHERE NOT w.is_live AND a.work_order_id = w.id AND a.status = 'booked'", connection, transaction))
            {
                await cancel.ExecuteNonQueryAsync();
            }

            var bookings = new List<(GasOrder, GasBooking)>();
            foreach (var (home, slot) in new[] { ("H1", "AM"), ("H2", "PM") })
            {
                var (id, reference) = (
                    await Database.DataSource.ScalarAsync<long>($"SELECT id FROM work_orders WHERE asset_id = '{home}' AND is_live"),
                    await Database.DataSource.ScalarAsync<string>($"SELECT reference FROM work_orders WHERE asset_id = '{home}' AND is_live"));
                var deadline = new LocalDate(2027, 5, 20);
                bookings.Add((
                    new GasOrder(id, reference, "gas-safety", "gas-safety", home, "north", "planned", deadline),
                    new GasBooking(home, "north", deadline, new AccessAttempt(1, new LocalDate(2027, 3, 30), slot, LetterKind.First, Changed, AccessOutcome.Pending), true) { LetterReaches = Changed }));
            }

            await GasBookingWriter.WriteAsync(connection, transaction, bookings, "v2", Changed, Clock.GetCurrentInstant(), Zone, CancellationToken.None, bulkFrom: 1);
            await PendingLetters.SupersedeUnbookedAsync(connection, transaction, [.. bookings.Select(b => b.Item1.Id)], CancellationToken.None);
            await transaction.CommitAsync();
        }

        await AssertH1ChangedH2FirstAsync();
    }

    /// <summary>
    /// H1's tenant, whose letter for 22 March went, holds it and gets the changed letter for 30 March; H2's, whose letter
    /// had not gone, has it superseded and gets the first letter for 30 March.
    /// </summary>
    private async Task AssertH1ChangedH2FirstAsync()
    {
        Assert.Equal(
            ["sent|now|appointment-first|False|2027-03-22|AM|-|-", "pending|now|appointment-changed|True|2027-03-30|AM|2027-03-22|AM"],
            await LettersAsync("H1"));
        Assert.Equal(
            ["superseded|now|appointment-first|False|2027-03-22|PM|-|-", "pending|now|appointment-first|True|2027-03-30|PM|-|-"],
            await LettersAsync("H2"));
    }
}
