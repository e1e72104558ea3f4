using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Sla;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Completions;

/// <summary>
/// <see cref="CompletionRecorder.RecordManyAsync"/> against <see cref="CompletionRecorder.RecordAsync"/> one report at a
/// time, on two databases with the same estate, bookings and clock: a week of gas visits (done, no access with the
/// rebooking and its firmer letter, a defect raising a heating repair, a defect refused for want of a contractor) and
/// the awkward rows (the same report twice, a different report of the same order, an unknown reference, another
/// contractor's order, a date in the future, a visit reported done and then a defect of the same day, then a further
/// defect of another category, then one no contractor would repair, and another day's defect after a done). Every answer must be the same, and every row of the orders, appointments,
/// checks, escalations, audit events and outbox (the last two and the checks compared without their surrogate ids), and
/// the change logs the generation and the booking read.
/// </summary>
public class CompletionBatchTests : Gas.GasTestBase
{
    private static readonly LocalDate BookOn = new(2027, 3, 15);

    private static readonly AppointmentPolicy WeekPolicy = new(["AM", "PM"], Period.FromDays(14), 3)
    {
        Engineers = new Dictionary<string, int> { ["north"] = 3 },
    };

    /// <summary>Gas safety and heating repairs by warmfix; no contractor for other repairs.</summary>
    private static EstateConfiguration WeekConfig() =>
        Config(
            [GasSafety() with { Appointment = WeekPolicy }],
            [new Contractor("warmfix", "Warmfix Heating", "jobs@warmfix.example", ["gas-safety", "gas-repair"], ["north", "south"], DispatchMode.PerOrder)],
            horizonWeeks: 20);

    [Fact]
    public async Task RecordManyAsync_AWeekOfGasVisits_GivesTheAnswersAndRowsOfOneReportAtATime()
    {
        var homes = Enumerable.Range(1, 30).Select(i => Home($"N{i:00}", "B1", "S1", new LocalDate(2026, 6, 10))).ToArray();
        await using var single = await EstateTestDatabase.CreateAsync();
        var singleClock = TestEstate.Clock();
        await RecordedTwice.ImportApplyBookAsync(GasEstate(homes), WeekConfig(), BookOn, (Database, Clock), (single, singleClock));

        var appointments = await Database.DataSource.RowsAsync(
            "SELECT w.reference, a.date::text FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE a.date <= '2027-04-16' ORDER BY a.date, a.slot, a.home_id");
        Assert.Equal(30, appointments.Count);
        var reports = new List<CompletionReport>();
        for (var i = 0; i < appointments.Count; i++)
        {
            var (reference, date) = (appointments[i].Split('|')[0], NodaTime.Text.LocalDatePattern.Iso.Parse(appointments[i].Split('|')[1]).Value);
            reports.Add(i switch
            {
                3 or 13 or 23 => Visit(reference, VisitOutcome.NoAccess, date),
                5 => Visit(reference, VisitOutcome.Defect, date, SlaIds.GasHeatingAttend),
                7 => Visit(reference, VisitOutcome.Defect, date, SlaIds.RepairsRoutine),
                28 => Visit(reference, VisitOutcome.Done, date) with { ContractorId = "sparkle" },
                29 => Visit(reference, VisitOutcome.Done, new LocalDate(2027, 4, 21)),
                _ => Visit(reference, VisitOutcome.Done, date),
            });
        }

        reports.Add(reports[0] with { Note = "uploaded again" });
        reports.Add(reports[1] with { Outcome = VisitOutcome.NoAccess });
        reports.Add(Visit("WO-2027-999999", VisitOutcome.Done, new LocalDate(2027, 4, 12)));

        // Defects found on visits already reported done (branch defect36): the same day's is recorded and raises its
        // repair, and so does a further one of another category; one no contractor serves is refused, and so is another
        // day's defect.
        reports.Add(reports[2] with { Outcome = VisitOutcome.Defect, DefectCategory = SlaIds.GasHeatingNonUrgent, Note = "found after the check" });
        reports.Add(reports[2] with { Outcome = VisitOutcome.Defect, DefectCategory = SlaIds.GasHeatingAttend, Note = "and a smell of gas by the meter" });
        reports.Add(reports[2] with { Outcome = VisitOutcome.Defect, DefectCategory = SlaIds.RepairsRoutine, Note = "handrail" });
        reports.Add(reports[4] with { Outcome = VisitOutcome.Defect, DefectCategory = SlaIds.GasHeatingNonUrgent, On = reports[4].On.PlusDays(-1) });
        reports.Insert(10, reports[3] with { Note = "twice in the upload" });

        // Evening of Tuesday 20 April: every visit of the week is in the past, the 21st in the future.
        var now = new LocalDate(2027, 4, 20).At(new LocalTime(20, 0)).InZoneLeniently(DateTimeZoneProviders.Tzdb["Europe/London"]).ToInstant();
        var (many, expected) = await RecordedTwice.RecordBothWaysAsync(reports, now, (Database, Clock), (single, singleClock), Recorder);

        Assert.Equal(RecordedTwice.Describe(expected), RecordedTwice.Describe(many));

        // The no-access row uploaded twice is recorded once, one at a time as in the batch: the first rebooked the order
        // (appointed again), and the second is the same report, already recorded, not a failed visit to the new appointment.
        Assert.Equal(
            [(CompletionStatus.Recorded, 29), (CompletionStatus.AlreadyRecorded, 2), (CompletionStatus.Refused, 7)],
            many.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())));
        Assert.Equal(3, many.Count(r => r.CreatedReferences.Count == 1));
        Assert.Equal(2, many.Count(r => r.Refusal == CompletionRefusal.NoRepairContractor));
        Assert.Equal(
            [CompletionStatus.Recorded, CompletionStatus.Recorded, CompletionStatus.Recorded, CompletionStatus.Refused, CompletionStatus.Refused],
            new[] { 2, 34, 35, 36, 37 }.Select(i => many[i].Status));
        Assert.Equal([CompletionRefusal.NoRepairContractor, CompletionRefusal.AlreadyReported], new[] { many[36].Refusal, many[37].Refusal });
        Assert.Equal(1L, await Database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM gas_checks WHERE work_order_id = (SELECT id FROM work_orders WHERE reference = '{reports[2].Reference}')"));
        Assert.Equal(3L, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_appointments WHERE attempt >= 2 AND status = 'booked'"));

        await AssertSameAsync(single, RecordedTwice.OrdersSql);
        await AssertSameAsync(single, "SELECT t::text FROM gas_appointments t ORDER BY id");

        foreach (var table in new[] { "gas_checks", "gas_escalations", "work_order_events", "outbox_messages" })
        {
            await AssertSameAsync(single, $"SELECT (to_jsonb(t) - 'id')::text AS row FROM {table} t ORDER BY row");
        }

        await RecordedTwice.AssertSameChangeLogsAsync(single, Database, "the week's reports");
    }

    private static CompletionReport Visit(string reference, VisitOutcome outcome, LocalDate on, string? category = null) =>
        new(reference, "warmfix", outcome, on, CompletionSources.Csv, category, "simulated");

    private static CompletionRecorder Recorder(EstateTestDatabase database, FakeClock clock) =>
        new(database.DataSource, clock, TestEstate.Zone,
        [
            new GasCompletionEffect(WeekConfig(), TestEstate.Calendar, clock),
            new RepairFromDefectEffect(WeekConfig(), TestEstate.Calendar, clock),
        ]);

    private Task AssertSameAsync(EstateTestDatabase single, string sql) =>
        RecordedTwice.AssertSameRowsAsync(single, Database, sql, mayBeEmpty: sql.Contains("escalations", StringComparison.Ordinal), sql);
}
