using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Completions;

public sealed class RepairFromDefectEffectTests : CompletionTestBase
{
    private const string Ref = "WO-2027-900001";

    private const string RepairSql = """
        SELECT r.service, r.schedule_id, r.asset_id, r.asset_kind, r.status, r.contractor_id, p.reference, r.sla_category,
               to_char(r.reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), to_char(r.sla_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),
               r.window_start::text, r.window_end::text, r.target_date::text, r.occurrence_key
        FROM work_orders r JOIN work_orders p ON p.id = r.parent_id
        """;

    [Fact]
    public async Task Defect_Routine_RaisesARepairDue17CalendarDaysLater()
    {
        await InsertOrderAsync(Ref);

        var result = await RecorderWithRepairs().RecordAsync(Report(Ref, VisitOutcome.Defect, category: "repairs-routine", note: "Cracked window pane"));

        // Reported Thu 4 Mar 2027 10:00 GMT: day 0; 17 days on is Sun 21 Mar (not moved off the weekend), due by its end.
        Assert.Equal(CompletionStatus.Recorded, result.Status);
        var repair = Assert.Single(result.CreatedReferences);
        Assert.Matches("^WO-2027-[0-9]{6}$", repair);
        Assert.Equal($"Recorded: work order {Ref} done with a defect found on 2027-03-03. Raised {repair}.", result.Message);
        Assert.Equal(
            [$"repairs|repairs|H1|property|planned|fixit|{Ref}|repairs-routine|2027-03-04 10:00|2027-03-22 00:00|2027-03-04|2027-03-21|2027-03-21|repair/{Ref}"],
            await RowsAsync(RepairSql));
        Assert.Equal(["completed"], await RowsAsync($"SELECT status FROM work_orders WHERE reference = '{Ref}'"));
        Assert.Equal(
            [$"created|planned|defect (repairs-routine) reported on {Ref}|v1"],
            await RowsAsync($"SELECT e.kind, e.to_status, e.reason, e.config_version FROM work_order_events e JOIN work_orders w ON w.id = e.work_order_id WHERE w.reference = '{repair}'"));

        // The repairs contractor is per-order: its notice waits in the outbox, written in the same transaction.
        Assert.Equal(
            [$"contractor-order|contractor|fixit|order/{repair}/0|pending"],
            await RowsAsync("SELECT kind, recipient_kind, recipient_id, idempotency_key, status FROM outbox_messages"));
    }

    [Fact]
    public async Task Defect_EmergencyAcrossTheOctoberClockChange_IsDueFourElapsedHoursLater()
    {
        // 00:30 BST on Sun 31 Oct 2027 is 23:30 UTC on the 30th; 4 elapsed hours later is 03:30 GMT (the wall clock moved 3).
        Clock.Reset(Instant.FromUtc(2027, 10, 30, 23, 30));
        await InsertOrderAsync(Ref, windowStart: new LocalDate(2027, 10, 1), windowEnd: new LocalDate(2027, 11, 30));

        var result = await RecorderWithRepairs().RecordAsync(Report(Ref, VisitOutcome.Defect, new LocalDate(2027, 10, 30), category: "repairs-emergency"));

        Assert.Equal(CompletionStatus.Recorded, result.Status);
        Assert.Equal(
            [$"repairs|repairs|H1|property|planned|fixit|{Ref}|repairs-emergency|2027-10-30 23:30|2027-10-31 03:30|2027-10-31|2027-10-31|2027-10-31|repair/{Ref}"],
            await RowsAsync(RepairSql));
    }

    [Fact]
    public async Task Defect_GasHeating_GoesToTheGasRepairContractor()
    {
        await InsertOrderAsync(Ref);

        var result = await RecorderWithRepairs().RecordAsync(Report(Ref, VisitOutcome.Defect, category: "gas-heating-combi-boiler"));

        // 5 days from Thu 4 Mar: Tue 9 Mar.
        Assert.Equal(CompletionStatus.Recorded, result.Status);
        Assert.Equal(
            [$"gas-repair|gas-repair|H1|property|planned|warmfix|{Ref}|gas-heating-combi-boiler|2027-03-04 10:00|2027-03-10 00:00|2027-03-04|2027-03-09|2027-03-09|repair/{Ref}"],
            await RowsAsync(RepairSql));
    }

    [Fact]
    public async Task Defect_OnABlockInTheSouth_UsesTheContractorOfThatArea()
    {
        await InsertOrderAsync(Ref, assetId: "B3", assetKind: "block", service: "block-clean", contractor: "sparkle");
        var config = TestEstate.Config(contractors:
        [
            TestEstate.Cleaner(), GasEngineer(), Repairs("north"),
            new("southfix", "Southfix", "jobs@southfix.example", ["repairs"], ["south"], Domain.Configuration.DispatchMode.Weekly),
        ]);

        var result = await RecorderWithRepairs(config).RecordAsync(Report(Ref, VisitOutcome.Defect, contractor: "sparkle", category: "repairs-external"));

        Assert.Equal(CompletionStatus.Recorded, result.Status);
        Assert.Equal(["southfix|B3|block"], await RowsAsync("SELECT contractor_id, asset_id, asset_kind FROM work_orders WHERE parent_id IS NOT NULL"));

        // A weekly contractor gets the repair in its programme, not a notice now; apply's contractor copy was made.
        Assert.Equal(0, await Database.DataSource.ScalarAsync<int>("SELECT count(*) FROM outbox_messages"));
        Assert.Equal(["southfix|weekly|True"], await RowsAsync("SELECT id, dispatch, active FROM contractors WHERE id = 'southfix'"));
    }

    [Fact]
    public async Task Defect_NoContractorForTheTradeInTheArea_IsRefusedAndNothingWritten()
    {
        await InsertOrderAsync(Ref, assetId: "H4"); // H4 is in the south
        var before = await RowsAsync("SELECT w.xmin::text, w::text FROM work_orders w");

        var result = await RecorderWithRepairs(Config(Repairs("north"))).RecordAsync(Report(Ref, VisitOutcome.Defect, category: "repairs-major"));

        Assert.Equal(CompletionRefusal.NoRepairContractor, result.Refusal);
        Assert.Equal(
            $"No contractor serves repairs in area south, so the repair for the defect on {Ref} cannot be raised; add repairs and the area to a contractor in contractors.yaml, then report again.",
            result.Message);
        Assert.Equal(before, await RowsAsync("SELECT w.xmin::text, w::text FROM work_orders w"));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_order_events"));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<int>("SELECT count(*) FROM contractors"));
    }

    [Fact]
    public async Task Defect_ReportedTwice_RaisesOneRepair()
    {
        await InsertOrderAsync(Ref);
        var recorder = RecorderWithRepairs();

        await recorder.RecordAsync(Report(Ref, VisitOutcome.Defect, category: "repairs-routine"));
        var again = await recorder.RecordAsync(Report(Ref, VisitOutcome.Defect, category: "repairs-routine", source: CompletionSources.Csv));

        Assert.Equal(CompletionStatus.AlreadyRecorded, again.Status);
        Assert.Empty(again.CreatedReferences);
        Assert.Equal(1, await Database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE parent_id IS NOT NULL"));
    }

    [Fact]
    public async Task RecordManyAsync_DefectsInOneBatch_ReadTheirAreasOnceAndRaiseEachRepairWhereItIs()
    {
        await InsertOrderAsync(Ref);
        await InsertOrderAsync("WO-2027-900002", assetId: "H4"); // south
        await InsertOrderAsync("WO-2027-900003", assetId: "B1", assetKind: "block", service: "block-clean", contractor: "sparkle");
        var config = TestEstate.Config(contractors:
        [
            TestEstate.Cleaner(), GasEngineer(), Repairs("north"),
            new("southfix", "Southfix", "jobs@southfix.example", ["repairs"], ["south"], Domain.Configuration.DispatchMode.PerOrder),
        ]);
        using var statements = new StatementLog(Database.Name);

        var results = await RecorderWithRepairs(config).RecordManyAsync(
        [
            Report(Ref, VisitOutcome.Defect, category: "repairs-routine"),
            Report("WO-2027-900002", VisitOutcome.Defect, category: "repairs-major"),
            Report("WO-2027-900003", VisitOutcome.Defect, contractor: "sparkle", category: "repairs-external"),
        ]);

        Assert.All(results, r => Assert.Equal(CompletionStatus.Recorded, r.Status));
        Assert.Equal(
            [$"fixit|H1|{Ref}", "southfix|H4|WO-2027-900002", "fixit|B1|WO-2027-900003"],
            await RowsAsync("SELECT r.contractor_id, r.asset_id, p.reference FROM work_orders r JOIN work_orders p ON p.id = r.parent_id ORDER BY r.id"));
        Assert.Equal(1, statements.Count("FROM homes h WHERE h.id = p.asset_id"));
    }

    [Fact]
    public async Task Apply_AfterARepairWasRaised_LeavesTheRepairAlone()
    {
        var config = Config();
        await new WorkOrderGeneration(Database.DataSource, config, TestEstate.Calendar, Clock).ApplyAsync(new LocalDate(2027, 3, 1));
        var gas = await Database.DataSource.ScalarAsync<string>("SELECT reference FROM work_orders WHERE service = 'gas-safety' AND asset_id = 'H4' ORDER BY id LIMIT 1");
        var window = await Database.DataSource.ScalarAsync<string>($"SELECT window_start::text FROM work_orders WHERE reference = '{gas}'");
        Clock.Reset(Instant.FromUtc(2027, 4, 20, 9, 0));
        var result = await RecorderWithRepairs(config).RecordAsync(
            Report(gas, VisitOutcome.Defect, NodaTime.Text.LocalDatePattern.Iso.Parse(window).Value, category: "gas-heating-non-urgent"));
        Assert.Equal(CompletionStatus.Recorded, result.Status);

        var again = await new WorkOrderGeneration(Database.DataSource, config, TestEstate.Calendar, Clock).ApplyAsync(new LocalDate(2027, 4, 20));

        Assert.DoesNotContain(result.CreatedReferences[0], again.CancelledReferences);
        Assert.Equal(["planned"], await RowsAsync($"SELECT status FROM work_orders WHERE reference = '{result.CreatedReferences[0]}'"));
    }
}
