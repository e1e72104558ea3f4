using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Compliance;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// Overdue homes (deadline passed) are booked, not only reported: imported already overdue, or overdue after the allowed
/// no-access attempts ran out (the escalation stands, and the landlord keeps trying and documenting each attempt).
/// </summary>
public class OverdueBookingTests : GasTestBase
{
    private static readonly LocalDate BookOn = new(2027, 3, 15); // a Monday

    [Fact]
    public async Task BookAsync_HomeImportedOverdue_IsBookedAtTheEarliestFreeSlotAfterFiveWorkingDays()
    {
        var ds = Database.DataSource;
        await ImportAsync(GasEstate(Home("N01", "B1", "S1", new LocalDate(2025, 12, 1))), BookOn);
        await ApplyAsync(BookOn, GasConfig());

        var result = await Booking().BookAsync(BookOn);

        // Deadline 1 Dec 2026 passed: Mon 22 March, 5 working days on (not the routine 14 days' notice), the first letter.
        var booked = Assert.Single(result.Booked);
        Assert.Equal(("N01", 1, new LocalDate(2027, 3, 22), "AM", new LocalDate(2026, 12, 1)), (booked.HomeId, booked.Attempt, booked.Date, booked.Slot, booked.Deadline));
        Assert.Equal(["N01|1|2027-03-22|AM|appointment-first|2027-03-15|booked"],
            await ds.RowsAsync("SELECT home_id, attempt, date::text, slot, letter, letter_on::text, status FROM gas_appointments"));
        var letter = TenantLetterPayload.FromJson(await ds.ScalarAsync<string>("SELECT payload::text FROM outbox_messages WHERE kind = 'tenant-letter'"));
        Assert.Equal((TenantLetterKinds.AppointmentFirst, "N01", new LocalDate(2027, 3, 22)), (letter.Letter, letter.HomeId, letter.Date));
        Assert.Empty(result.Unbooked); // a home with no check known is booked too (NoKnownCheckBookingTests)

        // Generation gives the overdue home a new urgent order once the old order's window has passed; the home already has
        // its appointment for that deadline, so it is not booked twice.
        SetClock(new LocalDate(2027, 4, 12));
        await ApplyAsync(new LocalDate(2027, 4, 12), GasConfig());
        var later = await Booking().BookAsync(new LocalDate(2027, 4, 12));
        Assert.DoesNotContain(later.Booked, b => b.HomeId == "N01");
        Assert.Equal(1L, await ds.ScalarAsync<long>("SELECT count(*) FROM gas_appointments WHERE home_id = 'N01'"));
    }

    [Fact]
    public async Task BookAsync_EscalatedHomeOnceOverdue_IsBookedAgainWithTheThirdLetterAndTheEscalationStands()
    {
        // Checked 20 May 2026: deadline 20 May 2027, window 21 March – 19 May.
        var ds = Database.DataSource;
        await ImportAsync(GasEstate(Home("N01", "B1", "S1", new LocalDate(2026, 5, 20))), BookOn);
        await ApplyAsync(BookOn, GasConfig());
        await Booking().BookAsync(BookOn);
        for (var i = 0; i < 3; i++)
        {
            await ReportAsync("N01", VisitOutcome.NoAccess, await BookedDateAsync());
        }

        Assert.Equal(["N01|2027-05-20|3"], await ds.RowsAsync("SELECT home_id, deadline::text, attempts FROM gas_escalations WHERE resolved_on IS NULL"));

        // In date, an escalated home is the manager's case: not booked automatically.
        SetClock(new LocalDate(2027, 5, 10));
        Assert.Empty((await Booking().BookAsync(new LocalDate(2027, 5, 10))).Booked);

        // Overdue from 21 May: booked again, attempt 4 with the firmest letter naming the visit we could not get in on.
        var overdueOn = new LocalDate(2027, 5, 25);
        SetClock(overdueOn);
        await ApplyAsync(overdueOn, GasConfig());
        var result = await Booking().BookAsync(overdueOn);

        var booked = Assert.Single(result.Booked);
        Assert.Equal((4, Calendar.AddWorkingDays(overdueOn, GasAppointmentPlanner.OverdueNoticeWorkingDays)), (booked.Attempt, booked.Date));
        Assert.Empty(result.Escalated); // escalated once, already
        var letter = TenantLetterPayload.FromJson(await ds.ScalarAsync<string>("SELECT payload::text FROM outbox_messages WHERE kind = 'tenant-letter' ORDER BY id DESC LIMIT 1"));
        Assert.Equal(TenantLetterKinds.AppointmentThird, letter.Letter);
        Assert.NotNull(letter.PreviousDate);

        // No access again: rebooked at once by the completion effect (attempt 5, 5 working days on); one escalation throughout.
        await ReportAsync("N01", VisitOutcome.NoAccess, booked.Date);
        var fifth = LocalDatePattern.Iso.Parse(await ds.ScalarAsync<string>("SELECT date::text FROM gas_appointments WHERE attempt = 5 AND status = 'booked'")).Value;
        Assert.Equal(Calendar.AddWorkingDays(booked.Date, GasAppointmentPlanner.RebookWorkingDays), fifth);
        Assert.Equal(["N01|2027-05-20|3"], await ds.RowsAsync("SELECT home_id, deadline::text, attempts FROM gas_escalations WHERE resolved_on IS NULL"));
        Assert.Equal(1L, await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE kind = 'manager-escalation'"));

        // The check is finally made: the escalation is lifted and the next deadline counts from that day (late: no 36A).
        await ReportAsync("N01", VisitOutcome.Done, fifth);
        Assert.Empty(await ds.RowsAsync("SELECT home_id FROM gas_escalations WHERE resolved_on IS NULL"));
        var rule = GasSchedule.All(GasConfig()).Single().Rule;
        Assert.Equal(fifth.PlusYears(1), rule.Deadline((await LastDoneAsync("N01"))!.Value));
    }

    private async Task<LocalDate> BookedDateAsync() =>
        LocalDatePattern.Iso.Parse(await Database.DataSource.ScalarAsync<string>("SELECT date::text FROM gas_appointments WHERE status = 'booked'")).Value;
}
