using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Migrations;

/// <summary>
/// Migration <c>RaisedByEvent</c> on a database with repairs raised before it: each repair is linked to its visited
/// order's defect report of its own category; a repair whose parent's trail holds none of its category (a report of
/// another category, or none) stays unlinked (null, and the dispatcher reads its visit's latest defect report); calendar
/// orders and follow-ups without a category stay null.
/// </summary>
public sealed class RaisedByEventTests
{
    private const string Before = "20261202120000_HotReports";

    [Fact]
    public async Task Migrate_RepairsRaisedBefore_AreLinkedToTheirParentsDefectReportOfTheirCategory_OthersStayNull()
    {
        await using var database = await PartlyMigratedDatabase.CreateAsync(Before);
        var dataSource = database.DataSource;
        async Task OrderAsync(string reference, string? parent, string? category, string status = "completed") =>
            await dataSource.ExecuteAsync($"""
                INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                         status, contractor_id, occurrence_key, config_version, created_at, parent_id, sla_category)
                VALUES ('{reference}', 's', 's', 'H1', 'property', '2027-03-01', '2027-03-31', '2027-03-10', '{status}', 'c',
                        'k/{reference}', 'v1', now(), {(parent is null ? "NULL" : $"(SELECT id FROM work_orders WHERE reference = '{parent}')")},
                        {(category is null ? "NULL" : $"'{category}'")})
                """);
        async Task ReportAsync(string reference, string outcome, string? category, string? note) =>
            await dataSource.ExecuteAsync($"""
                INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason, source, outcome, contractor_id, defect_category, note, visit_on)
                SELECT id, now(), 'completed', 'issued', 'completed', 'reported', 'api', '{outcome}', 'c', {(category is null ? "NULL" : $"'{category}'")},
                       {(note is null ? "NULL" : $"'{note}'")}, '2027-03-04'
                FROM work_orders WHERE reference = '{reference}'
                """);

        // V1: a defect (routine) and its repair R1. V2: a done report, and a repair written by hand (R2). V3: a defect
        // of another category than its repair's (R3). V4: a no-access report, rebooked, then a defect (R4). S1: a
        // follow-up without a category. V5: a defect without a note (R5).
        await OrderAsync("V1", null, null);
        await ReportAsync("V1", "defect", "repairs-routine", "Handrail");
        await OrderAsync("R1", "V1", "repairs-routine", "planned");
        await OrderAsync("V2", null, null);
        await ReportAsync("V2", "done", null, null);
        await OrderAsync("R2", "V2", "repairs-routine", "planned");
        await OrderAsync("V3", null, null);
        await ReportAsync("V3", "defect", "repairs-external", "Gutter");
        await OrderAsync("R3", "V3", "repairs-routine", "planned");
        await OrderAsync("V4", null, null);
        await ReportAsync("V4", "no-access", null, "Card left");
        await ReportAsync("V4", "defect", "gas-heating-non-urgent", "Radiator valve");
        await OrderAsync("R4", "V4", "gas-heating-non-urgent", "issued");
        await OrderAsync("S1", "V1", null, "planned");
        await OrderAsync("V5", null, null);
        await ReportAsync("V5", "defect", "repairs-major", null);
        await OrderAsync("R5", "V5", "repairs-major", "completed");

        await database.MigrateOnAsync();

        Assert.Equal(
            ["R1 Handrail", "R2 -", "R3 -", "R4 Radiator valve", "R5 (no note)", "S1 -", "V1 -", "V2 -", "V3 -", "V4 -", "V5 -"],
            await dataSource.RowsAsync("""
                SELECT w.reference || ' ' || CASE WHEN w.raised_by_event_id IS NULL THEN '-' ELSE coalesce(e.note, '(no note)') END
                FROM work_orders w LEFT JOIN work_order_events e ON e.id = w.raised_by_event_id ORDER BY 1
                """));
        Assert.Equal(
            ["defect repairs-routine", "defect gas-heating-non-urgent", "defect repairs-major"],
            await dataSource.RowsAsync("""
                SELECT e.outcome || ' ' || e.defect_category FROM work_orders w JOIN work_order_events e ON e.id = w.raised_by_event_id
                WHERE e.work_order_id = w.parent_id ORDER BY w.id
                """));
    }
}
