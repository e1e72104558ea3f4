using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Completions;

/// <summary>
/// For tests that record the same reports twice, one at a time on one database and in bulk on another, and then
/// require the same answers and the same rows.
/// </summary>
internal static class RecordedTwice
{
    /// <summary>
    /// Every order, by id, as a comparable row: a repair's <c>raised_by_event_id</c> is shown as the report it names (the
    /// visited order, outcome, category and visit date), since the bulk route numbers the batch's audit rows before the
    /// effects' rows and the same report gets another id than one at a time.
    /// </summary>
    public const string OrdersSql = """
        SELECT (to_jsonb(t) - 'raised_by_event_id'
                || jsonb_build_object('raised_by', (SELECT e.work_order_id || ' ' || e.outcome || ' ' || e.defect_category || ' ' || e.visit_on
                                                    FROM work_order_events e WHERE e.id = t.raised_by_event_id)))::text
        FROM work_orders t ORDER BY t.id
        """;

    /// <summary>Each result as one comparable line (status, refusal, reference, message, orders created, completion).</summary>
    public static List<string> Describe(IEnumerable<CompletionResult> results) =>
        [.. results.Select(r => $"{r.Status}|{r.Refusal}|{r.Reference}|{r.Message}|{string.Join(",", r.CreatedReferences)}|{r.Completion}")];

    /// <summary>
    /// The same estate on both databases, as tests of the two routes set it up: <paramref name="register"/> imported (the
    /// second database gets the test estate first, as the first one's fixture did), a horizon applied and gas booked
    /// with <paramref name="config"/> on <paramref name="on"/>.
    /// </summary>
    public static async Task ImportApplyBookAsync(
        EstateRegister register, EstateConfiguration config, LocalDate on, (EstateTestDatabase Database, FakeClock Clock) first, (EstateTestDatabase Database, FakeClock Clock) second)
    {
        await new RegisterImporter(second.Database.DataSource, second.Clock).ImportAsync(TestEstate.Estate(), "test", new LocalDate(2027, 3, 1));
        foreach (var (database, clock) in new[] { first, second })
        {
            await new RegisterImporter(database.DataSource, clock).ImportAsync(register, "test", on);
            await new WorkOrderGeneration(database.DataSource, config, TestEstate.Calendar, clock).ApplyAsync(on);
            await new GasAppointmentBooking(database.DataSource, config, TestEstate.Calendar, clock).BookAsync(on);
        }
    }

    /// <summary>
    /// Records <paramref name="reports"/> at <paramref name="now"/> in bulk on <paramref name="bulk"/> and one at a time on
    /// <paramref name="single"/>, both databases' change logs emptied first (<see cref="ClearChangeLogsAsync"/>); returns
    /// both routes' answers.
    /// </summary>
    public static async Task<(List<CompletionResult> Many, List<CompletionResult> OneAtATime)> RecordBothWaysAsync(
        IReadOnlyList<CompletionReport> reports,
        Instant now,
        (EstateTestDatabase Database, FakeClock Clock) bulk,
        (EstateTestDatabase Database, FakeClock Clock) single,
        Func<EstateTestDatabase, FakeClock, CompletionRecorder> recorder)
    {
        bulk.Clock.Reset(now);
        single.Clock.Reset(now);
        await ClearChangeLogsAsync(bulk.Database, single.Database);
        var many = await recorder(bulk.Database, bulk.Clock).RecordManyAsync(reports);
        var one = recorder(single.Database, single.Clock);
        var expected = new List<CompletionResult>();
        foreach (var report in reports)
        {
            expected.Add(await one.RecordAsync(report));
        }

        return ([.. many], expected);
    }

    /// <summary>Empties the two change logs (<c>planning_changes</c>, <c>gas_booking_changes</c>) of every database.</summary>
    public static async Task ClearChangeLogsAsync(params EstateTestDatabase[] databases)
    {
        foreach (var database in databases)
        {
            await database.DataSource.ExecuteAsync("DELETE FROM planning_changes; DELETE FROM gas_booking_changes");
        }
    }

    /// <summary>
    /// The change logs the nightly generation and the gas booking read (<c>planning_changes</c>: schedule, asset and
    /// whether only a visit closed; <c>gas_booking_changes</c>: the home) hold the same rows on both databases, ids aside,
    /// counted with their repeats; each must hold some. Clear them (<see cref="ClearChangeLogsAsync"/>) before recording.
    /// </summary>
    public static async Task AssertSameChangeLogsAsync(EstateTestDatabase expected, EstateTestDatabase actual, string label)
    {
        await AssertSameRowsAsync(
            expected, actual, "SELECT schedule_id, asset_id, visit_closed FROM planning_changes ORDER BY 1, 2, 3", mayBeEmpty: false, $"{label}: planning_changes");
        await AssertSameRowsAsync(
            expected, actual, "SELECT home_id FROM gas_booking_changes ORDER BY 1", mayBeEmpty: false, $"{label}: gas_booking_changes");
    }

    /// <summary>
    /// The rows of <paramref name="sql"/> on <paramref name="actual"/> are those on <paramref name="expected"/>, in order;
    /// unless <paramref name="mayBeEmpty"/> there must be some. <paramref name="label"/> starts every failure message.
    /// </summary>
    public static async Task AssertSameRowsAsync(EstateTestDatabase expected, EstateTestDatabase actual, string sql, bool mayBeEmpty, string label)
    {
        var want = await expected.DataSource.RowsAsync(sql);
        var got = await actual.DataSource.RowsAsync(sql);
        Assert.True(want.Count > 0 || mayBeEmpty, $"{label}: no rows to compare");
        Assert.True(want.Count == got.Count, $"{label}: {got.Count} rows, expected {want.Count}");
        for (var i = 0; i < want.Count; i++)
        {
            Assert.True(want[i] == got[i], $"{label}, row {i}:\nexpected {want[i]}\nactual   {got[i]}");
        }
    }
}
