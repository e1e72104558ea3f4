using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Completions;

/// <summary>
/// The same report sent again is recorded once, whatever happened to the order since: a gas no-access visit rebooks the
/// order (appointed again, <c>completed_on</c> cleared), and the same row sent again must not count a second failed
/// attempt, one report at a time or in an upload (<see cref="CompletionRecorder.RecordManyAsync"/>).
/// </summary>
public class RepeatedReportTests : Gas.GasTestBase
{
    private static readonly LocalDate BookOn = new(2027, 3, 15);
    private static readonly LocalDate FirstVisit = new(2027, 4, 12);

    [Fact]
    public async Task RecordAsync_NoAccessSentAgainAfterTheRebooking_IsAlreadyRecordedAndCountsOneAttempt()
    {
        var reference = await BookOneHomeAsync();
        SetClock(FirstVisit);
        var recorder = Recorder();

        var first = await recorder.RecordAsync(Visit(reference, VisitOutcome.NoAccess, FirstVisit, CompletionSources.Link));
        var again = await recorder.RecordAsync(Visit(reference, VisitOutcome.NoAccess, FirstVisit, CompletionSources.Csv) with { Note = "uploaded later" });

        Assert.Equal(CompletionStatus.Recorded, first.Status);
        Assert.Equal(CompletionStatus.AlreadyRecorded, again.Status);
        Assert.Equal($"Already recorded: work order {reference} no access on 2027-04-12; nothing changed.", again.Message);
        Assert.Equal((VisitOutcome.NoAccess, FirstVisit, CompletionSources.Link), (again.Completion!.Outcome, again.Completion.On, again.Completion.Source));
        Assert.Equal(["1|no-access|2027-04-12", "2|booked|∅"], await Database.DataSource.RowsAsync("SELECT attempt, status, outcome_on::text FROM gas_appointments ORDER BY attempt"));
        Assert.Equal(["appointed"], await Database.DataSource.RowsAsync("SELECT status FROM work_orders"));
        Assert.Equal(["no-access|2027-04-12|link"], await ReportEventsAsync());
    }

    [Fact]
    public async Task RecordManyAsync_NoAccessTwiceInOneUploadThenTheWholeHistoryAgain_RecordsEachVisitOnce()
    {
        var reference = await BookOneHomeAsync();
        SetClock(FirstVisit);
        var recorder = Recorder();

        var upload = await recorder.RecordManyAsync(
            [Visit(reference, VisitOutcome.NoAccess, FirstVisit), Visit(reference, VisitOutcome.NoAccess, FirstVisit) with { Note = "twice in the file" }]);
        var secondVisit = NodaTime.Text.LocalDatePattern.Iso.Parse(
            await Database.DataSource.ScalarAsync<string>("SELECT date::text FROM gas_appointments WHERE attempt = 2")).Value;
        SetClock(secondVisit);
        var next = await recorder.RecordManyAsync(
            [Visit(reference, VisitOutcome.NoAccess, FirstVisit), Visit(reference, VisitOutcome.Done, secondVisit), Visit(reference, VisitOutcome.Done, secondVisit)]);
        var before = await Database.DataSource.RowsAsync("SELECT w.xmin::text, w::text FROM work_orders w");
        var whole = await recorder.RecordManyAsync([Visit(reference, VisitOutcome.NoAccess, FirstVisit), Visit(reference, VisitOutcome.Done, secondVisit)]);

        Assert.Equal([CompletionStatus.Recorded, CompletionStatus.AlreadyRecorded], upload.Select(r => r.Status));
        Assert.Equal([CompletionStatus.AlreadyRecorded, CompletionStatus.Recorded, CompletionStatus.AlreadyRecorded], next.Select(r => r.Status));
        Assert.Equal([CompletionStatus.AlreadyRecorded, CompletionStatus.AlreadyRecorded], whole.Select(r => r.Status));
        Assert.Equal($"Already recorded: work order {reference} no access on 2027-04-12; nothing changed.", whole[0].Message);
        Assert.Equal(before, await Database.DataSource.RowsAsync("SELECT w.xmin::text, w::text FROM work_orders w"));
        Assert.Equal(
            ["1|no-access|2027-04-12", $"2|attended|{secondVisit:uuuu-MM-dd}"],
            await Database.DataSource.RowsAsync("SELECT attempt, status, outcome_on::text FROM gas_appointments ORDER BY attempt"));
        Assert.Equal(1L, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_checks"));
        Assert.Equal(["no-access|2027-04-12|csv", $"done|{secondVisit:uuuu-MM-dd}|csv"], await ReportEventsAsync());
    }

    [Theory]
    [InlineData(VisitOutcome.Done, null)]
    [InlineData(VisitOutcome.Defect, "repairs-routine")]
    [InlineData(VisitOutcome.NoAccess, null)]
    public async Task RecordAsync_EachOutcomeSentTwice_SecondIsAlreadyRecordedBothRoutes(VisitOutcome outcome, string? category)
    {
        var reference = await BookOneHomeAsync();
        SetClock(FirstVisit);
        var report = Visit(reference, outcome, FirstVisit) with { DefectCategory = category };

        var first = await Recorder().RecordAsync(report);
        var events = await ReportEventsAsync();
        var single = await Recorder().RecordAsync(report with { Source = CompletionSources.Api });
        var bulk = await Recorder().RecordManyAsync([report, report]);

        Assert.Equal(CompletionStatus.Recorded, first.Status);
        Assert.Equal(CompletionStatus.AlreadyRecorded, single.Status);
        Assert.Equal([CompletionStatus.AlreadyRecorded, CompletionStatus.AlreadyRecorded], bulk.Select(r => r.Status));
        Assert.Equal(events, await ReportEventsAsync());
        Assert.Single(events);
    }

    private async Task<string> BookOneHomeAsync()
    {
        await ImportAsync(GasEstate(Home("N01", "B1", "S1", new LocalDate(2026, 6, 10))), BookOn);
        await ApplyAsync(BookOn, GasConfig());
        await Booking().BookAsync(BookOn);
        Assert.Equal(["1|2027-04-12"], await Database.DataSource.RowsAsync("SELECT attempt, date::text FROM gas_appointments"));
        return await Database.DataSource.ScalarAsync<string>("SELECT reference FROM work_orders");
    }

    // The gas effect alone: a defect here raises no repair (the effect that would is not given).
    private CompletionRecorder Recorder() => new(Database.DataSource, Clock, TestEstate.Zone, [Effect()]);

    private static CompletionReport Visit(string reference, VisitOutcome outcome, LocalDate on, string source = CompletionSources.Csv) =>
        new(reference, "warmfix", outcome, on, source, null, null);

    private Task<List<string>> ReportEventsAsync() => Database.DataSource.RowsAsync(
        "SELECT outcome, visit_on::text, source FROM work_order_events WHERE outcome IS NOT NULL ORDER BY id");
}
