using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Worker.Tests.Sla;

/// <summary>
/// A defect found on a visit already reported done (the same visit date): the gas engineer reports the check done, then
/// sees the fence panel down on the way out. The defect is recorded (an audit row of its own) and raises its repair,
/// linked to this report and sent with its note, and the visit stays as its done report left it: the order, its
/// moment, the gas record. Until branch defect36 the defect was refused <c>already-reported</c>, so the repair was
/// never raised unless someone phoned. A <c>done</c> after a defect, another day's defect, a no-access after done and a
/// second done on another day are still refused (a done after a defect too: RepairNoticeTests.Visit.cs). By the API (one at a time) and by CSV (<c>RecordManyAsync</c>).
/// </summary>
public sealed partial class RepairNoticeTests
{
    private const string Fence = "Fence panel down by the back gate, posts rotten at the base";

    private const string TheCheck = "Annual check made, all appliances safe";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AVisitReportedDone_ThenADefectTheSameDay_RaisesItsRepair_TheNoticeCarriesItsNote_TheVisitStaysAsDone(bool imported)
    {
        await InsertIssuedGasOrderAsync(Visited);
        Clock.Reset(Thursday10);
        var route = imported ? "csv" : "api";

        var done = await ReportAsync(string.Empty, TheCheck, imported, outcome: VisitOutcome.Done);
        Assert.Equal(CompletionStatus.Recorded, done.Status);
        Assert.Empty(done.CreatedReferences);
        var visitAfterDone = await Database.DataSource.RowsAsync($"SELECT w::text FROM work_orders w WHERE reference = '{Visited}'");
        var gasAfterDone = await Database.DataSource.RowsAsync("SELECT t::text FROM gas_checks t ORDER BY id");
        Assert.Single(gasAfterDone);

        // Two hours later the same visit's defect arrives, by the same route.
        Clock.Advance(Duration.FromHours(2));
        var defect = await ReportAsync("repairs-external", Fence, imported);

        Assert.Equal(CompletionStatus.Recorded, defect.Status);
        var repair = Assert.Single(defect.CreatedReferences);
        Assert.Equal($"Recorded: work order {Visited} done with a defect found on 2027-03-04. Raised {repair}.", defect.Message);
        Assert.True(defect.Completion!.AfterDone);
        Assert.False(defect.Completion.FurtherDefect);

        // The repair: the visit's first, under the visit's key, linked to this report (its note), its clock started when
        // the defect was reported (12:00), not when the visit was.
        Assert.Equal(
            [$"{repair} repairs repair/{Visited} repairs-external planned 2027-03-04T12:00:00Z defect {Fence}"],
            await Database.DataSource.RowsAsync($"""
                SELECT r.reference || ' ' || r.service || ' ' || r.occurrence_key || ' ' || r.sla_category || ' ' || r.status || ' '
                       || to_char(r.reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' ' || e.outcome || ' ' || e.note
                FROM work_orders r JOIN work_order_events e ON e.id = r.raised_by_event_id
                WHERE r.parent_id = (SELECT id FROM work_orders WHERE reference = '{Visited}') ORDER BY r.id
                """));

        // The visit as its done report left it (completed on the 4th at the start of the day), and the gas record: the
        // check's date and the next deadline are not moved again, nor a second check recorded.
        Assert.Equal(visitAfterDone, await Database.DataSource.RowsAsync($"SELECT w::text FROM work_orders w WHERE reference = '{Visited}'"));
        Assert.Equal(
            ["completed 2027-03-04 2027-03-04T00:00:00Z"],
            await Database.DataSource.RowsAsync($"SELECT status || ' ' || completed_on || ' ' || to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM work_orders WHERE reference = '{Visited}'"));
        Assert.Equal(gasAfterDone, await Database.DataSource.RowsAsync("SELECT t::text FROM gas_checks t ORDER BY id"));

        // Each report has its audit row: outcome, category, note, contractor, source.
        Assert.Equal(
            [
                $"issued completed done - {TheCheck} warmfix {route} reported done on 2027-03-04 by warmfix ({route})",
                $"completed completed defect repairs-external {Fence} warmfix {route} reported defect on 2027-03-04 by warmfix ({route}), after the visit was reported done",
            ],
            await Database.DataSource.RowsAsync($"""
                SELECT from_status || ' ' || to_status || ' ' || outcome || ' ' || coalesce(defect_category, '-') || ' ' || coalesce(note, '-') || ' '
                       || contractor_id || ' ' || source || ' ' || reason
                FROM work_order_events
                WHERE work_order_id = (SELECT id FROM work_orders WHERE reference = '{Visited}') AND outcome IS NOT NULL ORDER BY id
                """));

        // The repairs contractor is sent the repair with the defect's words; a second dispatch sends nothing more.
        var messages = await DispatchAsync();
        var fixit = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "jobs@fixit.example");
        AssertHas(fixit.TextBody, repair, $"Defect:       {Fence}");
        Assert.DoesNotContain(TheCheck, fixit.TextBody + fixit.HtmlBody + IcsOf(fixit) + CsvOf(fixit), StringComparison.Ordinal);
        Assert.Equal(Fence, RepairRow(fixit)[16]);
        var outbox = await Database.DataSource.RowsAsync("SELECT id || ' ' || idempotency_key || ' ' || status FROM outbox_messages ORDER BY id");
        Assert.Contains($" order/{repair}/0 sent", string.Join("\n", outbox), StringComparison.Ordinal);
        Assert.Empty(await DispatchAsync());
        Assert.Equal(outbox, await Database.DataSource.RowsAsync("SELECT id || ' ' || idempotency_key || ' ' || status FROM outbox_messages ORDER BY id"));

        // The same defect again (by either route, whatever its note), and the done again: already recorded, nothing raised.
        Assert.Equal(CompletionStatus.AlreadyRecorded, (await ReportAsync("repairs-external", "The fence again", imported)).Status);
        Assert.Equal(CompletionStatus.AlreadyRecorded, (await ReportAsync("repairs-external", null, !imported)).Status);
        Assert.Equal(CompletionStatus.AlreadyRecorded, (await ReportAsync(string.Empty, null, !imported, outcome: VisitOutcome.Done)).Status);
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE sla_category IS NOT NULL"));
        Assert.Equal(2, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_order_events WHERE outcome IS NOT NULL"));

        // Another defect of another category is a further defect of the visit, as after a defect report.
        var radiator = await ReportAsync("gas-heating-non-urgent", Radiator, imported);
        Assert.Equal(CompletionStatus.Recorded, radiator.Status);
        Assert.True(radiator.Completion!.FurtherDefect);
        Assert.Equal(
            $"{Assert.Single(radiator.CreatedReferences)} repair/{Visited}/gas-heating-non-urgent {Radiator}",
            Assert.Single(await Database.DataSource.RowsAsync($"""
                SELECT r.reference || ' ' || r.occurrence_key || ' ' || e.note
                FROM work_orders r JOIN work_order_events e ON e.id = r.raised_by_event_id WHERE r.sla_category = 'gas-heating-non-urgent'
                """)));
        Assert.Equal(visitAfterDone, await Database.DataSource.RowsAsync($"SELECT w::text FROM work_orders w WHERE reference = '{Visited}'"));
        Assert.Equal(gasAfterDone, await Database.DataSource.RowsAsync("SELECT t::text FROM gas_checks t ORDER BY id"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AfterADone_AnotherDaysDefectANoAccessOrAnotherDaysDone_AreStillRefused_TheSameDaysDefectIsNot(bool imported)
    {
        await InsertIssuedGasOrderAsync(Visited);
        Clock.Reset(Thursday10);
        Assert.Equal(CompletionStatus.Recorded, (await ReportAsync(string.Empty, null, imported, outcome: VisitOutcome.Done)).Status);
        var visit = await Database.DataSource.RowsAsync("SELECT w::text FROM work_orders w ORDER BY id");

        var otherDay = await ReportAsync("repairs-external", Fence, imported, on: Thursday.PlusDays(-1));
        var noAccess = await ReportAsync(string.Empty, null, imported, outcome: VisitOutcome.NoAccess);
        var doneAgain = await ReportAsync(string.Empty, null, imported, on: Thursday.PlusDays(-1), outcome: VisitOutcome.Done);

        Assert.All(new[] { otherDay, noAccess, doneAgain }, r => Assert.Equal(CompletionRefusal.AlreadyReported, r.Refusal));
        Assert.Equal(
            $"Work order {Visited} was already reported done on 2027-03-04; a different report cannot replace it (ask the landlord to correct it).",
            otherDay.Message);
        Assert.Equal(visit, await Database.DataSource.RowsAsync("SELECT w::text FROM work_orders w ORDER BY id"));
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_order_events"));

        // The same day's defect is recorded, after all three.
        Assert.Equal(CompletionStatus.Recorded, (await ReportAsync("repairs-external", Fence, imported)).Status);
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE sla_category IS NOT NULL"));
    }
}
