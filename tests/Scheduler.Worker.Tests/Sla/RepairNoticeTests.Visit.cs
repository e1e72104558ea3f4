using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Sla;

/// <summary>
/// One visit, several defects: each repair's notice carries its own defect's description. A visit already reported done
/// with a defect may report another defect of another category for the same day (a broken handrail for the repairs
/// contractor, a leaking radiator valve for the gas one); each raises its own repair, linked to the report that raised it
/// (<c>work_orders.raised_by_event_id</c>), and each notice reads that report's note. Until branch notes35 the second
/// defect was refused ("already reported"), and the dispatcher read the note of the visited order's latest defect report,
/// which would have given both repairs the second note. The same report again raises nothing; a repair without the link
/// (raised before migration <c>RaisedByEvent</c>, its report not found) reads its visit's latest defect report, as before.
/// Real recorder (with the gas effect), PostgreSQL, dispatcher and SMTP server.
/// </summary>
public sealed partial class RepairNoticeTests
{
    private const string Handrail = "Stair handrail loose at the top, two brackets pulled out";

    private const string Radiator = "Radiator valve leaking in the back bedroom";

    private static readonly Instant Thursday10 = Instant.FromUtc(2027, 3, 4, 10, 0);

    private static readonly LocalDate Thursday = new(2027, 3, 4);

    private CompletionRecorder Recorder() => new(
        Database.DataSource, Clock, TestEstate.Zone, [new RepairFromDefectEffect(Config(), TestEstate.Calendar, Clock), new GasCompletionEffect(GasBooked(), TestEstate.Calendar, Clock)]);

    // The same configuration with gas safety booked with tenants (the gas effect's schedules).
    private static Scheduler.Domain.Configuration.EstateConfiguration GasBooked()
    {
        var policy = new Scheduler.Domain.Configuration.AppointmentPolicy(["AM", "PM"], Period.FromDays(14), 3) { Engineers = new Dictionary<string, int> { ["north"] = 1 } };
        var config = Config();
        return config with { Schedules = [.. config.Schedules.Select(s => s.Id == "gas-safety" ? s with { Appointment = policy } : s)] };
    }

    private async Task<CompletionResult> ReportAsync(string category, string? note, bool imported, LocalDate? on = null, VisitOutcome outcome = VisitOutcome.Defect)
    {
        var report = new CompletionReport(Visited, "warmfix", outcome, on ?? Thursday, imported ? CompletionSources.Csv : CompletionSources.Api, outcome == VisitOutcome.Defect ? category : null, note);
        return imported ? Assert.Single(await Recorder().RecordManyAsync([report])) : await Recorder().RecordAsync(report);
    }

    /// <summary>The notices each contractor got, after one dispatch.</summary>
    private async Task<List<MimeKit.MimeMessage>> DispatchAsync()
    {
        await using var server = TestSmtpServer.Start();
        await Dispatcher(Config(), Smtp(server.Port)).DispatchDueAsync(50);
        return [.. server.Messages];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OneVisit_TwoDefectsOfDifferentCategories_TwoRepairs_EachNoticeShowsItsOwnNote(bool imported)
    {
        await InsertIssuedGasOrderAsync(Visited);
        Clock.Reset(Thursday10);

        var first = await ReportAsync("repairs-routine", Handrail, imported);
        Clock.Advance(Duration.FromMinutes(5));
        var second = await ReportAsync("gas-heating-non-urgent", Radiator, imported);

        Assert.Equal(CompletionStatus.Recorded, first.Status);
        Assert.Equal(CompletionStatus.Recorded, second.Status);
        var handrailRepair = Assert.Single(first.CreatedReferences);
        var radiatorRepair = Assert.Single(second.CreatedReferences);
        Assert.NotEqual(handrailRepair, radiatorRepair);
        Assert.Equal($"Recorded: work order {Visited} done with a defect found on 2027-03-04. Raised {radiatorRepair}.", second.Message);

        // Each repair is linked to its own report, under a key of its own; the visit stays as its first report made it.
        Assert.Equal(
            [
                $"{handrailRepair} repairs repair/{Visited} repairs-routine {Handrail}",
                $"{radiatorRepair} gas-repair repair/{Visited}/gas-heating-non-urgent gas-heating-non-urgent {Radiator}",
            ],
            await Database.DataSource.RowsAsync($"""
                SELECT r.reference || ' ' || r.service || ' ' || r.occurrence_key || ' ' || e.defect_category || ' ' || e.note
                FROM work_orders r JOIN work_order_events e ON e.id = r.raised_by_event_id
                WHERE r.parent_id = (SELECT id FROM work_orders WHERE reference = '{Visited}') ORDER BY r.id
                """));
        Assert.Equal(
            ["completed 2027-03-04 2027-03-04T00:00:00Z"],
            await Database.DataSource.RowsAsync($"SELECT status || ' ' || completed_on || ' ' || to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM work_orders WHERE reference = '{Visited}'"));
        Assert.Equal(
            [
                $"issued completed reported defect on 2027-03-04 by warmfix ({(imported ? "csv" : "api")})",
                $"completed completed reported defect on 2027-03-04 by warmfix ({(imported ? "csv" : "api")}), another defect of the visit",
            ],
            await Database.DataSource.RowsAsync($"""
                SELECT from_status || ' ' || to_status || ' ' || reason FROM work_order_events
                WHERE work_order_id = (SELECT id FROM work_orders WHERE reference = '{Visited}') AND outcome IS NOT NULL ORDER BY id
                """));

        // The gas check was made once, by the visit: the further defect records no second check.
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM gas_checks WHERE work_order_id = (SELECT id FROM work_orders WHERE reference = '{Visited}')"));

        // Each contractor is sent its own repair with its own defect's words, and not the other's.
        var messages = await DispatchAsync();
        var fixit = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "jobs@fixit.example");
        var warmfix = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "jobs@warmfix.example");
        AssertHas(fixit.TextBody, handrailRepair, $"Defect:       {Handrail}");
        Assert.DoesNotContain("Radiator", fixit.TextBody + fixit.HtmlBody + IcsOf(fixit) + CsvOf(fixit), StringComparison.Ordinal);
        Assert.Equal(Handrail, RepairRow(fixit)[16]);
        AssertHas(warmfix.TextBody, radiatorRepair, $"Defect:       {Radiator}");
        Assert.DoesNotContain("handrail", warmfix.TextBody + warmfix.HtmlBody + IcsOf(warmfix) + CsvOf(warmfix), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Radiator, RepairRow(warmfix)[16]);

        // Either report sent again raises nothing more.
        Assert.Equal(CompletionStatus.AlreadyRecorded, (await ReportAsync("repairs-routine", "again", imported)).Status);
        Assert.Equal(CompletionStatus.AlreadyRecorded, (await ReportAsync("gas-heating-non-urgent", null, !imported)).Status);
        Assert.Equal(2, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE sla_category IS NOT NULL"));
    }

    [Fact]
    public async Task TheSameDefectTwice_RaisesNothingMore_TheNoticeKeepsTheFirstNote()
    {
        await InsertIssuedGasOrderAsync(Visited);
        Clock.Reset(Thursday10);

        var first = await ReportAsync("repairs-routine", Handrail, imported: false);
        var again = await ReportAsync("repairs-routine", "Handrail again, written differently", imported: false);
        var imported = await ReportAsync("repairs-routine", "From the CSV", imported: true);

        Assert.Equal(CompletionStatus.Recorded, first.Status);
        Assert.Equal([CompletionStatus.AlreadyRecorded, CompletionStatus.AlreadyRecorded], new[] { again.Status, imported.Status });
        Assert.Empty(again.CreatedReferences);
        Assert.Empty(imported.CreatedReferences);
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE sla_category IS NOT NULL"));
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_order_events WHERE outcome = 'defect'"));
        var notice = Assert.Single(await DispatchAsync(), m => m.To.Mailboxes.Single().Address == "jobs@fixit.example");
        AssertHas(notice.TextBody, $"Defect:       {Handrail}");
    }

    [Fact]
    public async Task AfterADefect_AnotherDaysDefectOrADone_IsStillRefused()
    {
        await InsertIssuedGasOrderAsync(Visited);
        Clock.Reset(Thursday10);
        Assert.Equal(CompletionStatus.Recorded, (await ReportAsync("repairs-routine", Handrail, imported: false)).Status);

        var otherDay = await ReportAsync("repairs-external", "Gutter", imported: false, on: Thursday.PlusDays(-1));
        var done = await ReportAsync(string.Empty, null, imported: true, outcome: VisitOutcome.Done);

        Assert.Equal(CompletionRefusal.AlreadyReported, otherDay.Refusal);
        Assert.Equal(CompletionRefusal.AlreadyReported, done.Refusal);
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE sla_category IS NOT NULL"));
    }

    [Fact]
    public async Task ARepairWithoutTheLink_ReadsItsVisitsLatestDefectReport()
    {
        // A repair raised before migration RaisedByEvent whose report the migration could not find keeps a null link.
        await InsertIssuedGasOrderAsync(Visited);
        Clock.Reset(Thursday10);
        var repair = Assert.Single((await ReportAsync("repairs-routine", Handrail, imported: false)).CreatedReferences);
        await Database.DataSource.ExecuteAsync($"UPDATE work_orders SET raised_by_event_id = NULL WHERE reference = '{repair}'");

        var notice = Assert.Single(await DispatchAsync(), m => m.To.Mailboxes.Single().Address == "jobs@fixit.example");

        AssertHas(notice.TextBody, repair, $"Defect:       {Handrail}");
        Assert.Equal(Handrail, RepairRow(notice)[16]);
    }
}
