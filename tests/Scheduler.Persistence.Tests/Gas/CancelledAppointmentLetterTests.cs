using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// A tenant told of a gas visit (their letter sent) whose visit is cancelled while its day is still to come, with nothing
/// booked instead that says so, gets the cancelled-appointment letter at once (docs/gas-safety.md, When a visit the tenant
/// was told of is cancelled): the check made elsewhere (recorded in the register; reported on another order), the order
/// cancelled for good (the home no longer has gas). Not when the letter was still waiting (superseded, as before), nor
/// when the day has passed, nor twice, nor when the home and its tenant left the register. A rebooking after no access
/// that cancels a visit the tenant was told of under another order says so in its second letter instead. H1 and H2 as
/// <see cref="ToldVisitTestBase"/> (booked for Monday 22 March 2027). Real PostgreSQL.
/// </summary>
public class CancelledAppointmentLetterTests : ToldVisitTestBase
{
    private static readonly LocalDate Imported = new(2027, 3, 12);

    /// <summary>Each cancelled letter of the home's tenant: status, release, its day and slot, the check's day, and its key (its visit's letter's, and <c>/cancelled</c>).</summary>
    private Task<List<string>> CancelledAsync(string home) => Database.DataSource.RowsAsync(
        $$"""
        SELECT o.status, coalesce(to_char(o.release_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD'), 'now'), o.payload->>'date', o.payload->>'slot',
               coalesce(o.payload->>'checkedOn', '-'), replace(o.idempotency_key, 'letter/' || w.reference || '/' || a.attempt || '/' || a.id, '{its letter}')
        FROM outbox_messages o JOIN work_orders w ON w.id = ANY(o.work_order_ids) JOIN gas_appointments a ON a.work_order_id = w.id AND a.date::text = o.payload->>'date'
        WHERE o.kind = 'tenant-letter' AND o.recipient_id = 'T-{{home}}' AND o.payload->>'letter' = 'appointment-cancelled' ORDER BY o.id
        """);

    /// <summary>The register says H1's check was made on 10 March (H2 unchanged), imported, applied and booked on <paramref name="day"/>.</summary>
    private async Task CheckRecordedInTheRegisterAsync(LocalDate day)
    {
        await ImportAsync(GasEstate(Home("H1", "B1", "S1", new LocalDate(2027, 3, 10)), Home("H2", "B1", "S1", new LocalDate(2026, 5, 20))), day);
        SetClock(day);
        var config = GasConfig(horizonWeeks: 60);
        await ApplyAsync(day, config);
        await Booking(config).BookAsync(day);
    }

    [Fact]
    public async Task CheckRecordedInTheRegisterAfterTheLetterWent_OneCancelledLetterAtOnceNamingTheDayAndTheCheck()
    {
        await BookedAndToldAsync("H1");

        await CheckRecordedInTheRegisterAsync(Imported);

        Assert.Equal("cancelled", await Database.DataSource.ScalarAsync<string>("SELECT status FROM gas_appointments WHERE home_id = 'H1' AND date = '2027-03-22'"));
        Assert.Equal(["pending|now|2027-03-22|AM|2027-03-10|{its letter}/cancelled"], await CancelledAsync("H1"));
        Assert.Equal(
            $$"""{"date": "2027-03-22", "slot": "AM", "homeId": "H1", "letter": "appointment-cancelled", "service": "gas-safety", "checkedOn": "2027-03-10", "reference": "{{await Database.DataSource.ScalarAsync<string>("SELECT reference FROM work_orders WHERE asset_id = 'H1' ORDER BY id LIMIT 1")}}"}""",
            await Database.DataSource.ScalarAsync<string>("SELECT payload::text FROM outbox_messages WHERE payload->>'letter' = 'appointment-cancelled'"));

        // The next night, and the same night again: nothing more.
        await Booking(GasConfig(horizonWeeks: 60)).BookAsync(Imported);
        SetClock(Imported.PlusDays(1));
        await ApplyAsync(Imported.PlusDays(1), GasConfig(horizonWeeks: 60));
        await Booking(GasConfig(horizonWeeks: 60)).BookAsync(Imported.PlusDays(1));
        Assert.Single(await CancelledAsync("H1"));
        Assert.Empty(await CancelledAsync("H2"));
    }

    [Fact]
    public async Task CheckRecordedWhileTheLetterWasStillWaiting_ItIsSupersededAndNoCancelledLetterGoes()
    {
        await BookedAndToldAsync();

        await CheckRecordedInTheRegisterAsync(Imported);

        Assert.Equal(
            ["superseded|2027-03-22"],
            await Database.DataSource.RowsAsync("SELECT status || '|' || (payload->>'date') FROM outbox_messages WHERE recipient_id = 'T-H1' AND payload->>'date' < '2027-12-31'"));
        Assert.Empty(await CancelledAsync("H1"));
    }

    [Fact]
    public async Task CheckRecordedAfterTheVisitsDay_NoCancelledLetter()
    {
        await BookedAndToldAsync("H1");

        // The visit of 22 March was never reported; the register says on 24 March that the check was made on the 10th.
        await CheckRecordedInTheRegisterAsync(new LocalDate(2027, 3, 24));

        Assert.Equal("cancelled", await Database.DataSource.ScalarAsync<string>("SELECT status FROM gas_appointments WHERE home_id = 'H1' AND date = '2027-03-22'"));
        Assert.Empty(await CancelledAsync("H1"));
    }

    [Fact]
    public async Task HomeNoLongerHasGas_TheVisitsOrderCancelledForGood_CancelledLetterWithoutACheck()
    {
        await BookedAndToldAsync("H1", "H2");

        await ImportAsync(GasEstate(Home("H1", "B1", "S1", new LocalDate(2026, 5, 20), gas: false), Home("H2", "B1", "S1", new LocalDate(2026, 5, 20))), Imported);
        SetClock(Imported);
        await ApplyAsync(Imported, Before);
        await Booking(Before).BookAsync(Imported);

        Assert.StartsWith("asset-no-longer-matches", await Database.DataSource.ScalarAsync<string>("SELECT cancelled_reason FROM work_orders WHERE asset_id = 'H1'"), StringComparison.Ordinal);
        Assert.Equal(["pending|now|2027-03-22|AM|-|{its letter}/cancelled"], await CancelledAsync("H1"));
        Assert.Empty(await CancelledAsync("H2"));
    }

    [Fact]
    public async Task HomeAndTenantLeftTheRegister_NoCancelledLetter()
    {
        await BookedAndToldAsync("H1", "H2");

        await ImportAsync(GasEstate(Home("H2", "B1", "S1", new LocalDate(2026, 5, 20))), Imported);
        SetClock(Imported);
        await ApplyAsync(Imported, Before);
        await Booking(Before).BookAsync(Imported);

        Assert.Equal("cancelled", await Database.DataSource.ScalarAsync<string>("SELECT status FROM gas_appointments WHERE home_id = 'H1'"));
        Assert.Empty(await CancelledAsync("H1"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CheckReportedOnAnotherOrderOfTheHome_TheOtherOrdersToldVisitGetsTheCancelledLetter(bool many)
    {
        // The contractor changes on 16 March; before the booking cancels H1's old visit, the new contractor reports the
        // check made on the new order on 16 March: the old visit (22 March, told) is cancelled by the report.
        await BookedAndToldAsync("H1", "H2");
        SetClock(Changed);
        await ApplyAsync(Changed, After);

        await ReportAsync("H1", VisitOutcome.Done, Changed, After, many: many);

        Assert.Equal(["pending|now|2027-03-22|AM|2027-03-16|{its letter}/cancelled"], await CancelledAsync("H1"));

        // The booking's step 1 that night finds nothing more to cancel or tell.
        await Booking(After).BookAsync(Changed);
        Assert.Single(await CancelledAsync("H1"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NoAccessReportedOnAnotherOrderOfTheHome_TheSecondLetterNamesTheToldVisitItCancels_NoCancelledLetter(bool many)
    {
        // As above, but the new contractor found nobody in on 16 March: the old visit (22 March, told) is cancelled, the
        // visit recorded as attempt 1, and the home rebooked (attempt 2) with the second letter, at once, naming both the
        // visit we could not get in on and the one it cancels.
        await BookedAndToldAsync("H1", "H2");
        SetClock(Changed);
        await ApplyAsync(Changed, After);

        await ReportAsync("H1", VisitOutcome.NoAccess, Changed, After, many: many);

        Assert.Equal(
            [
                "sent|now|appointment-first|False|2027-03-22|AM|-|-",
                "pending|now|appointment-second|True|2027-03-23|AM|2027-03-22|AM",
            ],
            await LettersAsync("H1"));
        Assert.Equal(
            "2027-03-16",
            await Database.DataSource.ScalarAsync<string>("SELECT payload->>'previousDate' FROM outbox_messages WHERE payload->>'letter' = 'appointment-second'"));
        Assert.Empty(await CancelledAsync("H1"));
    }
}
