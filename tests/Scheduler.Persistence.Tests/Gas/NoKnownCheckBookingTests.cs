using System.Globalization;
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
/// A home with no gas check known (no <c>last_gas_check</c>, no check completed) is booked as urgently as an overdue
/// home, against <see cref="GasSafetyRecord.NoKnownCheck"/> (branch <c>nocheck26</c>; before, it was reported
/// <c>DeadlinePassed</c> every night and nobody was sent): the earliest slot 5 working days on, inside its urgent order's
/// window when there is room, with the tenant's first letter; then the no-access rebooking, escalation and the next
/// deadline from the check made, as any other visit.
/// </summary>
public class NoKnownCheckBookingTests : GasTestBase
{
    private static readonly LocalDate BookOn = new(2027, 3, 15); // a Monday

    private static readonly string NoKnownCheck = LocalDatePattern.Iso.Format(GasSafetyRecord.NoKnownCheck);

    [Fact]
    public async Task BookAsync_HomeWithNoKnownCheck_IsBookedOnTheEarliestAllowedDayInsideItsUrgentWindow_WithTheFirstLetter()
    {
        var ds = Database.DataSource;
        var result = await BookOneHomeWithNoKnownCheckAsync();

        // Generation's urgent order: a 14-day window from the day of apply, no deadline.
        Assert.Equal(["2027-03-15|2027-03-28|"], await ds.RowsAsync("SELECT window_start::text || '|' || window_end::text || '|' || coalesce(deadline::text, '') FROM work_orders"));
        // Mon 22 March: 5 working days on (the overdue notice), inside that window; the first letter today.
        var booked = Assert.Single(result.Booked);
        Assert.Equal(("N01", 1, new LocalDate(2027, 3, 22), "AM", GasSafetyRecord.NoKnownCheck), (booked.HomeId, booked.Attempt, booked.Date, booked.Slot, booked.Deadline));
        Assert.Empty(result.Unbooked);
        Assert.Equal([$"N01|{NoKnownCheck}|1|2027-03-22|AM|appointment-first|2027-03-15|booked"],
            await ds.RowsAsync("SELECT home_id, deadline::text, attempt, date::text, slot, letter, letter_on::text, status FROM gas_appointments"));
        Assert.Equal(["appointed"], await ds.RowsAsync("SELECT status FROM work_orders"));
        var letter = TenantLetterPayload.FromJson(await ds.ScalarAsync<string>("SELECT payload::text FROM outbox_messages WHERE kind = 'tenant-letter'"));
        Assert.Equal((TenantLetterKinds.AppointmentFirst, "N01", new LocalDate(2027, 3, 22)), (letter.Letter, letter.HomeId, letter.Date));
        Assert.Equal(["gas appointment 1 booked for 2027-03-22 AM; no gas check known"],
            await ds.RowsAsync("SELECT reason FROM work_order_events WHERE kind = 'appointed'"));

        // Still Overdue (no known check) until a check is recorded, with its visit shown.
        var state = Assert.Single((await new GasComplianceReader(ds, GasConfig()).ReadAsync(BookOn)).Homes);
        Assert.Equal(((LocalDate?)null, GasComplianceStatus.Overdue, (LocalDate?)new LocalDate(2027, 3, 22)), (state.Deadline, state.Status, state.Appointment));

        // The next night books nothing more for it.
        SetClock(BookOn.PlusDays(1));
        await ApplyAsync(BookOn.PlusDays(1), GasConfig());
        Assert.Empty((await Booking().BookAsync(BookOn.PlusDays(1))).Booked);
    }

    [Fact]
    public async Task NoAccess_IsRebookedWithTheSecondLetter_ThreeFailuresEscalate_AndTheCheckMadeGivesTheNextDeadline()
    {
        var ds = Database.DataSource;
        await BookOneHomeWithNoKnownCheckAsync();

        // No access on Mon 22 March: rebooked at once, 5 working days on (Wed 31 March: Good Friday and Easter Monday
        // skipped), with the firmer letter naming the missed visit.
        await ReportAsync("N01", VisitOutcome.NoAccess, new LocalDate(2027, 3, 22));
        Assert.Equal([$"1|{NoKnownCheck}|2027-03-22|no-access", $"2|{NoKnownCheck}|2027-03-31|booked"],
            await ds.RowsAsync("SELECT attempt, deadline::text, date::text, status FROM gas_appointments ORDER BY attempt"));
        var second = TenantLetterPayload.FromJson(await ds.ScalarAsync<string>("SELECT payload::text FROM outbox_messages WHERE kind = 'tenant-letter' ORDER BY id DESC LIMIT 1"));
        Assert.Equal((TenantLetterKinds.AppointmentSecond, new LocalDate(2027, 3, 31), (LocalDate?)new LocalDate(2027, 3, 22)), (second.Letter, second.Date, second.PreviousDate));
        Assert.Equal(["appointed"], await ds.RowsAsync("SELECT status FROM work_orders"));

        // Two more failures: escalated once, with the three attempts as evidence; still overdue, so booked again (third letter).
        await ReportAsync("N01", VisitOutcome.NoAccess, new LocalDate(2027, 3, 31));
        var third = await BookedDateAsync();
        await ReportAsync("N01", VisitOutcome.NoAccess, third);
        Assert.Equal([$"N01|{NoKnownCheck}|3"], await ds.RowsAsync("SELECT home_id, deadline::text, attempts FROM gas_escalations WHERE resolved_on IS NULL"));
        var escalation = GasEscalationPayload.FromJson(await ds.ScalarAsync<string>("SELECT payload::text FROM outbox_messages WHERE kind = 'manager-escalation'"));
        Assert.Null(escalation.Deadline);
        Assert.Equal([1, 2, 3], escalation.Attempts.Select(a => a.Number));
        Assert.EndsWith("; no gas check known: escalated to the compliance manager", escalation.Reason, StringComparison.Ordinal);
        Assert.Equal(["escalation/gas/N01/no-known-check"], await ds.RowsAsync("SELECT idempotency_key FROM outbox_messages WHERE kind = 'manager-escalation'"));
        var fourth = await BookedDateAsync();
        Assert.Equal(TestEstate.Calendar.AddWorkingDays(third, GasAppointmentPlanner.RebookWorkingDays), fourth);
        Assert.Equal(["appointment-third"], await ds.RowsAsync("SELECT letter FROM gas_appointments WHERE attempt = 4 AND status = 'booked'"));
        var state = Assert.Single((await new GasComplianceReader(ds, GasConfig()).ReadAsync(third)).Homes);
        Assert.Equal((GasComplianceStatus.Overdue, 3, true), (state.Status, state.FailedAttempts, state.Escalated));

        // The check is made on the fourth visit: recorded with no previous deadline, the next deadline 12 months after it,
        // the escalation lifted; the next night books no further urgent visit.
        await ReportAsync("N01", VisitOutcome.Done, fourth);
        Assert.Equal([$"|{fourth:uuuu-MM-dd}|{fourth.PlusYears(1):uuuu-MM-dd}"],
            await ds.RowsAsync("SELECT coalesce(previous_deadline::text, '') || '|' || completed_on::text || '|' || next_deadline::text FROM gas_checks"));
        Assert.Empty(await ds.RowsAsync("SELECT home_id FROM gas_escalations WHERE resolved_on IS NULL"));
        var rule = GasSchedule.All(GasConfig()).Single().Rule;
        Assert.Equal(fourth.PlusYears(1), rule.Deadline((await LastDoneAsync("N01"))!.Value));
        var next = fourth.PlusDays(1);
        SetClock(next);
        await ApplyAsync(next, GasConfig());
        var later = await Booking().BookAsync(next);
        Assert.Empty(later.Booked);
        Assert.Empty(later.Unbooked);
        Assert.Equal(0L, await ds.ScalarAsync<long>("SELECT count(*) FROM gas_appointments WHERE status = 'booked'"));
        var after = Assert.Single((await new GasComplianceReader(ds, GasConfig()).ReadAsync(next)).Homes);
        Assert.Equal(((LocalDate?)fourth.PlusYears(1), GasComplianceStatus.Compliant), (after.Deadline, after.Status));
    }

    [Fact]
    public async Task TheNextUrgentOrder_LeftOpenWhenTheCheckIsMadeOnTheFirst_IsCancelledOnceItsWindowEnds()
    {
        // Booked for Mon 22 March; the visit is not reported by the end of the urgent window (28 March), so the next
        // apply makes a second urgent order; the home keeps its one appointment, which is not booked twice.
        var ds = Database.DataSource;
        await BookOneHomeWithNoKnownCheckAsync();
        var second = new LocalDate(2027, 3, 29);
        SetClock(second);
        await ApplyAsync(second, GasConfig());
        Assert.Empty((await Booking().BookAsync(second)).Booked);
        Assert.Equal(["appointed|2027-03-28", "planned|2027-04-11"], await ds.RowsAsync("SELECT status || '|' || window_end::text FROM work_orders ORDER BY id"));

        // The visit is then reported done on the first order: the check is the home's first; the second order is history.
        await ReportAsync("N01", VisitOutcome.Done, new LocalDate(2027, 3, 30));
        var reference = await ds.ScalarAsync<string>("SELECT reference FROM work_orders WHERE status = 'completed'");

        // While its window is open it is left to its contractor; the night after it ends, the booking cancels it.
        SetClock(new LocalDate(2027, 4, 11));
        Assert.Empty((await Booking().BookAsync(new LocalDate(2027, 4, 11))).Closed);
        SetClock(new LocalDate(2027, 4, 12));
        var closed = await Booking().BookAsync(new LocalDate(2027, 4, 12));
        Assert.Single(closed.Closed);
        Assert.Equal([$"cancelled|check-made: the home's first known gas check was made on order {reference}"],
            await ds.RowsAsync("SELECT status || '|' || cancelled_reason FROM work_orders WHERE status <> 'completed'"));
        Assert.Empty(closed.Booked);
    }

    [Fact]
    public async Task BookAsync_NoCapacityOrNoEngineers_IsReportedWithTheReason_NotAsADeadlinePassed()
    {
        // North: 1 engineer, AM and PM. The no-check homes are planned first (the earliest "deadline"), so an overdue home
        // with a known deadline does not take a slot from them. From the 5th working day on (Mon 22 March), the 56 days to
        // 16 May hold 37 working days (Good Friday, Easter Monday and the early May bank holiday out): 74 slots.
        Assert.Equal(37, Enumerable.Range(0, 56).Count(d => TestEstate.Calendar.IsWorkingDay(new LocalDate(2027, 3, 22).PlusDays(d))));
        var homes = Enumerable.Range(1, 75).Select(i => Home(string.Create(CultureInfo.InvariantCulture, $"N{i:000}"), "B1", "S1", null)).ToList();
        homes.Add(Home("O01", "B1", "S1", new LocalDate(2025, 12, 1)));
        homes.Add(Home("S01", "B1", "S1", null, area: "south"));
        await ImportAsync(GasEstate([.. homes]), BookOn);
        await ApplyAsync(BookOn, GasConfig());

        var result = await Booking().BookAsync(BookOn);

        Assert.Equal(74, result.Booked.Count);
        Assert.All(result.Booked, b => Assert.StartsWith("N", b.HomeId, StringComparison.Ordinal));
        // Eight of them inside the urgent window (22–25 March, its working days from the 5-working-day notice), then on.
        Assert.Equal(8, result.Booked.Count(b => b.Date <= new LocalDate(2027, 3, 28)));
        var problems = result.Unbooked.OrderBy(p => p.HomeId, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [("N075", BookingProblemKind.NoCapacity), ("O01", BookingProblemKind.NoCapacity), ("S01", BookingProblemKind.NoEngineers)],
            problems.Select(p => (p.HomeId, p.Kind)));
        Assert.Equal(
            "no capacity: every slot on the 37 working days from 2027-03-22 to 2027-05-16 is booked (1 engineers × 2 slots a day in area north); " +
            "no gas check is known for the home, so it is overdue: arrange the check by hand now",
            problems[0].Reason);
        Assert.Equal("no gas engineers are configured for area south; no gas check is known for the home, so it is overdue: arrange the check by hand now", problems[2].Reason);
    }

    /// <summary>Imports N01 (north, no gas check known), applies and books on <see cref="BookOn"/>.</summary>
    private async Task<GasBookingResult> BookOneHomeWithNoKnownCheckAsync()
    {
        await ImportAsync(GasEstate(Home("N01", "B1", "S1", null)), BookOn);
        await ApplyAsync(BookOn, GasConfig());
        return await Booking().BookAsync(BookOn);
    }

    private async Task<LocalDate> BookedDateAsync() =>
        LocalDatePattern.Iso.Parse(await Database.DataSource.ScalarAsync<string>("SELECT date::text FROM gas_appointments WHERE status = 'booked'")).Value;
}
