using NodaTime;
using NodaTime.Text;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// The gas completion effect inside a completion's transaction: a check moves the deadline by reg. 36A (DOMAIN.md §1's
/// worked examples) and agrees with what generation counts from; no access rebooks with a firmer letter, and the third
/// no access escalates with the evidence.
/// </summary>
public class GasCompletionEffectTests : GasTestBase
{
    [Theory]
    [InlineData("2026-01-05", "2026-02-10", "2027-02-10", "2026-02-02")] // in the early window: anniversary kept
    [InlineData("2026-02-10", "2026-02-10", "2027-02-10", "2026-03-10")] // on the deadline day
    [InlineData("2025-12-11", "2026-02-10", "2027-02-10", "2026-01-08")] // first day of the early window
    [InlineData("2025-12-01", "2025-12-01", "2026-12-01", "2025-12-29")] // before the window: the anniversary moves earlier
    [InlineData("2026-02-20", "2026-02-20", "2027-02-20", "2026-03-20")] // late
    public async Task ApplyAsync_CheckDone_RecordsTheRegulationDatesAndGenerationAgrees(string completed, string effective, string next, string copyDue)
    {
        var ds = Database.DataSource;
        await ImportAsync(GasEstate(Home("H1", "B1", "S1", new LocalDate(2025, 2, 10))), new LocalDate(2025, 12, 1));
        await ApplyAsync(new LocalDate(2025, 12, 1), GasConfig(horizonWeeks: 8));
        var on = LocalDatePattern.Iso.Parse(completed).Value;

        await ReportAsync("H1", VisitOutcome.Done, on);

        Assert.Equal(
            [$"H1|2026-02-10|{completed}|{effective}|{next}|done|{copyDue}"],
            await ds.RowsAsync("SELECT home_id, previous_deadline::text, completed_on::text, effective_on::text, next_deadline::text, outcome, tenant_copy_due::text FROM gas_checks"));
        Assert.Equal(LocalDatePattern.Iso.Parse(effective).Value, await LastDoneAsync("H1"));
        var state = Assert.Single((await new GasComplianceReader(ds, GasConfig()).ReadAsync(on)).Homes);
        Assert.Equal(LocalDatePattern.Iso.Parse(next).Value, state.Deadline);

        // The next apply books the next check for the same deadline.
        await ApplyAsync(on.PlusDays(1), GasConfig(horizonWeeks: 60));
        Assert.Equal([next], await ds.RowsAsync("SELECT deadline::text FROM work_orders WHERE status = 'planned'"));
    }

    [Fact]
    public async Task ApplyAsync_Defect_IsACheckMadeAndMarksTheAppointmentAttended()
    {
        var ds = Database.DataSource;
        await ImportAsync(GasEstate(Home("N01", "B1", "S1", new LocalDate(2026, 6, 10))), new LocalDate(2027, 3, 15));
        await ApplyAsync(new LocalDate(2027, 3, 15), GasConfig());
        await Booking().BookAsync(new LocalDate(2027, 3, 15));

        await ReportAsync("N01", VisitOutcome.Defect, new LocalDate(2027, 4, 12));

        Assert.Equal(["defect|2027-06-10|2028-06-10|2027-05-10"], await ds.RowsAsync("SELECT outcome, effective_on::text, next_deadline::text, tenant_copy_due::text FROM gas_checks"));
        Assert.Equal(["1|attended|2027-04-12"], await ds.RowsAsync("SELECT attempt, status, outcome_on::text FROM gas_appointments"));
    }

    [Fact]
    public async Task ApplyAsync_ThreeNoAccess_RebooksWithFirmerLettersThenEscalatesWithTheEvidence()
    {
        var ds = Database.DataSource;
        await ImportAsync(GasEstate(Home("N01", "B1", "S1", new LocalDate(2026, 6, 10))), new LocalDate(2027, 3, 15));
        await ApplyAsync(new LocalDate(2027, 3, 15), GasConfig());
        await Booking().BookAsync(new LocalDate(2027, 3, 15));
        var reference = await ds.ScalarAsync<string>("SELECT reference FROM work_orders");

        await ReportAsync("N01", VisitOutcome.NoAccess, new LocalDate(2027, 4, 12));
        Assert.Equal(["appointed"], await ds.RowsAsync("SELECT status FROM work_orders"));
        await ReportAsync("N01", VisitOutcome.NoAccess, new LocalDate(2027, 4, 19));
        await ReportAsync("N01", VisitOutcome.NoAccess, new LocalDate(2027, 4, 26));

        // Each rebooking is at least 5 working days after the failed visit, announced by a firmer letter.
        Assert.Equal(
            [
                "1|2027-04-12|AM|appointment-first|2027-03-15|no-access|2027-04-12",
                "2|2027-04-19|AM|appointment-second|2027-04-12|no-access|2027-04-19",
                "3|2027-04-26|AM|appointment-third|2027-04-19|no-access|2027-04-26",
            ],
            await ds.RowsAsync("SELECT attempt, date::text, slot, letter, letter_on::text, status, outcome_on::text FROM gas_appointments ORDER BY attempt"));
        var letters = (await ds.RowsAsync("SELECT payload::text FROM outbox_messages WHERE kind = 'tenant-letter' ORDER BY id"))
            .Select(TenantLetterPayload.FromJson).ToList();
        Assert.Equal(
            [
                (TenantLetterKinds.AppointmentFirst, new LocalDate(2027, 4, 12)),
                (TenantLetterKinds.AppointmentSecond, new LocalDate(2027, 4, 19)),
                (TenantLetterKinds.AppointmentThird, new LocalDate(2027, 4, 26)),
            ],
            letters.Select(l => (l.Letter, l.Date!.Value)));
        Assert.All(letters, l => Assert.Equal((reference, "N01", "AM"), (l.Reference, l.HomeId, l.Slot)));
        Assert.Equal([null, new LocalDate(2027, 4, 12), new LocalDate(2027, 4, 19)], letters.Select(l => l.PreviousDate)); // the visit we could not get in on

        // The third no access escalates: the home is flagged and the manager gets the evidence.
        Assert.Equal(["no-access"], await ds.RowsAsync("SELECT status FROM work_orders"));
        Assert.Equal(["N01|2027-06-10|2027-04-26|3"], await ds.RowsAsync("SELECT home_id, deadline::text, escalated_on::text, attempts FROM gas_escalations WHERE resolved_on IS NULL"));
        var message = Assert.Single(await ds.RowsAsync(
            "SELECT idempotency_key, recipient_kind, recipient_id, payload::text FROM outbox_messages WHERE kind = 'manager-escalation'")).Split('|');
        Assert.Equal(("escalation/gas/N01/2027-06-10", "manager", "compliance"), (message[0], message[1], message[2]));
        var evidence = GasEscalationPayload.FromJson(message[3]);
        Assert.Equal(("N01", reference, new LocalDate(2027, 6, 10), new LocalDate(2027, 4, 26)), (evidence.HomeId, evidence.Reference, evidence.Deadline, evidence.EscalatedOn));
        // No dispatch ran: each letter was superseded when its visit was reported, and the evidence says it never went.
        const string NotSent = "not sent: its appointment was cancelled or changed before the letter went";
        Assert.Equal(
            [
                new GasAttemptEvidence(1, new LocalDate(2027, 4, 12), "AM", "appointment-first", new LocalDate(2027, 3, 15), "no-access", new LocalDate(2027, 4, 12), GasLetterStates.Superseded, null, NotSent),
                new GasAttemptEvidence(2, new LocalDate(2027, 4, 19), "AM", "appointment-second", new LocalDate(2027, 4, 12), "no-access", new LocalDate(2027, 4, 19), GasLetterStates.Superseded, null, NotSent),
                new GasAttemptEvidence(3, new LocalDate(2027, 4, 26), "AM", "appointment-third", new LocalDate(2027, 4, 19), "no-access", new LocalDate(2027, 4, 26), GasLetterStates.Superseded, null, NotSent),
            ],
            evidence.Attempts);

        // A flagged home is not booked again automatically, and the escalation is written once.
        var again = await Booking().BookAsync(new LocalDate(2027, 4, 27));
        Assert.Empty(again.Booked);
        Assert.Empty(again.Escalated);
        Assert.Equal(1L, await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE kind = 'manager-escalation'"));
    }

    [Fact]
    public async Task ApplyAsync_NoAccessReportedLate_RebooksFiveWorkingDaysAfterTheReport()
    {
        var ds = Database.DataSource;
        await ImportAsync(GasEstate(Home("N01", "B1", "S1", new LocalDate(2026, 6, 10))), new LocalDate(2027, 3, 15));
        await ApplyAsync(new LocalDate(2027, 3, 15), GasConfig());
        await Booking().BookAsync(new LocalDate(2027, 3, 15));

        // The visit was on Monday 12 April; the report (and the effect) runs on Thursday 15 April.
        SetClock(new LocalDate(2027, 4, 15));
        await ReportOnAsync(new LocalDate(2027, 4, 12), new LocalDate(2027, 4, 15));

        Assert.Equal(["2|2027-04-22|AM|booked"], await ds.RowsAsync("SELECT attempt, date::text, slot, status FROM gas_appointments WHERE attempt = 2"));
    }

    [Fact]
    public async Task ApplyAsync_CheckAfterEscalation_LiftsTheFlag()
    {
        var ds = Database.DataSource;
        await ImportAsync(GasEstate(Home("N01", "B1", "S1", new LocalDate(2026, 6, 10))), new LocalDate(2027, 3, 15));
        await ApplyAsync(new LocalDate(2027, 3, 15), GasConfig());
        await Booking().BookAsync(new LocalDate(2027, 3, 15));
        foreach (var day in new[] { 12, 19, 26 })
        {
            await ReportAsync("N01", VisitOutcome.NoAccess, new LocalDate(2027, 4, day));
        }

        // Arranged by hand (e.g. with a warrant): the manager reopens the order and the check is reported done.
        await ds.ExecuteAsync("UPDATE work_orders SET status = 'appointed', completed_on = NULL, completed_at = NULL");
        await ReportAsync("N01", VisitOutcome.Done, new LocalDate(2027, 5, 20));

        Assert.Equal(["2027-05-20"], await ds.RowsAsync("SELECT resolved_on::text FROM gas_escalations"));
        Assert.Equal(["2027-06-10|2028-06-10"], await ds.RowsAsync("SELECT effective_on::text, next_deadline::text FROM gas_checks"));
    }

    [Fact]
    public async Task ApplyAsync_OtherSchedule_ChangesNothing()
    {
        var ds = Database.DataSource;
        await ImportAsync(GasEstate(Home("N01", "B1", "S1", new LocalDate(2026, 6, 10))), new LocalDate(2027, 3, 15));
        await ApplyAsync(new LocalDate(2027, 3, 15), GasConfig());
        await using var db = Database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var id = await ds.ScalarAsync<long>("SELECT id FROM work_orders");

        await Effect().ApplyAsync(
            db,
            new RecordedCompletion(id, "WO-x", "clean-weekly", "block-clean", "N01", "warmfix", VisitOutcome.NoAccess, new LocalDate(2027, 4, 12), Instant.FromUtc(2027, 4, 12, 9, 0), "cli", null, null),
            CancellationToken.None);
        await transaction.CommitAsync();

        Assert.Equal(0L, await ds.ScalarAsync<long>("SELECT (SELECT count(*) FROM gas_appointments) + (SELECT count(*) FROM gas_checks) + (SELECT count(*) FROM gas_escalations)"));
    }

    /// <summary>Reports no access for a visit on <paramref name="visit"/>, recorded on <paramref name="reportedOn"/>.</summary>
    private async Task ReportOnAsync(LocalDate visit, LocalDate reportedOn)
    {
        await ReportAsync("N01", VisitOutcome.NoAccess, visit, clockDay: reportedOn);
    }
}
