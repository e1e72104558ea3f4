using NodaTime;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Persistence.Completions;

namespace Scheduler.Persistence.Tests.Completions;

/// <summary>
/// A follow-up (the path sweep after a grass cut) may be reported before its window's first day, from the day its visit was
/// done once that visit is reported done: a cut made on its target day and swept that afternoon. Anything else before the
/// window is still refused, one report at a time and in a list alike.
/// </summary>
public sealed class FollowUpEarlyReportTests : CompletionTestBase
{
    private const string Cut = "WO-2027-910001";
    private const string Sweep = "WO-2027-910002";
    private static readonly LocalDate CutDay = new(2027, 3, 1); // Monday: the cut's target and its window's first day
    private static readonly LocalDate SweepOpens = new(2027, 3, 2); // the first working day after the cut's target

    /// <summary>The cut (window March) and its sweep (window from the day after the cut's target), as apply makes them.</summary>
    private async Task InsertCutAndSweepAsync(string cutStatus = "issued", string site = "S1")
    {
        var cut = await InsertOrderAsync(Cut, site, "site", "grass-cut", "greenscape", cutStatus, CutDay, new LocalDate(2027, 3, 31));
        var sweep = await InsertOrderAsync(Sweep, site, "site", "path-sweep", "greenscape", "issued", SweepOpens, new LocalDate(2027, 4, 1));
        await Database.DataSource.ExecuteAsync($"UPDATE work_orders SET parent_id = {cut} WHERE id = {sweep}");
    }

    private static CompletionReport Grounds(string reference, LocalDate on, VisitOutcome outcome = VisitOutcome.Done) =>
        Report(reference, outcome, on, contractor: "greenscape");

    [Fact]
    public async Task RecordAsync_SweptOnTheCutsDay_AfterTheCutIsReported_IsRecorded()
    {
        await InsertCutAndSweepAsync();
        var recorder = Recorder();

        Assert.Equal(CompletionStatus.Recorded, (await recorder.RecordAsync(Grounds(Cut, CutDay))).Status);
        var sweep = await recorder.RecordAsync(Grounds(Sweep, CutDay));

        Assert.Equal(CompletionStatus.Recorded, sweep.Status);
        Assert.Equal(["completed|2027-03-01"], await RowsAsync($"SELECT status || '|' || completed_on FROM work_orders WHERE reference = '{Sweep}'"));
    }

    [Fact]
    public async Task RecordAsync_SweptBeforeTheCutIsReported_IsRefusedAndSaysWhy()
    {
        await InsertCutAndSweepAsync();

        var sweep = await Recorder().RecordAsync(Grounds(Sweep, CutDay));

        Assert.Equal(CompletionRefusal.BeforeWindow, sweep.Refusal);
        Assert.Equal(
            $"The visit date 2027-03-01 is before work order {Sweep}'s window, which starts on 2027-03-02. It follows another visit, and may be reported before "
            + "its window only from the day that visit was done, once that visit is reported done.",
            sweep.Message);
        Assert.Equal(["issued"], await RowsAsync($"SELECT status FROM work_orders WHERE reference = '{Sweep}'"));
    }

    [Fact]
    public async Task RecordAsync_SweptBeforeTheCutWasDone_IsRefused()
    {
        await InsertCutAndSweepAsync();
        var recorder = Recorder();
        Assert.Equal(CompletionStatus.Recorded, (await recorder.RecordAsync(Grounds(Cut, new LocalDate(2027, 3, 3)))).Status);

        // The cut's window began 1 March, the sweep's 2 March: a sweep dated 1 March precedes the cut done on 3 March.
        var sweep = await recorder.RecordAsync(Grounds(Sweep, CutDay));

        Assert.Equal(CompletionRefusal.BeforeWindow, sweep.Refusal);
        Assert.EndsWith("It follows a visit done on 2027-03-03, and may be reported from that day.", sweep.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordAsync_CutReportedNoAccess_TheSweepBeforeItsWindowIsRefused()
    {
        await InsertCutAndSweepAsync();
        var recorder = Recorder();
        Assert.Equal(CompletionStatus.Recorded, (await recorder.RecordAsync(Grounds(Cut, CutDay, VisitOutcome.NoAccess))).Status);

        Assert.Equal(CompletionRefusal.BeforeWindow, (await recorder.RecordAsync(Grounds(Sweep, CutDay))).Refusal);
    }

    [Fact]
    public async Task RecordAsync_AnOrderThatFollowsNothing_BeforeItsWindow_IsStillRefused()
    {
        await InsertOrderAsync(Cut, "S1", "site", "grass-cut", "greenscape", "issued", SweepOpens, new LocalDate(2027, 3, 31));

        var early = await Recorder().RecordAsync(Grounds(Cut, CutDay));

        Assert.Equal(CompletionRefusal.BeforeWindow, early.Refusal);
        Assert.Equal($"The visit date 2027-03-01 is before work order {Cut}'s window, which starts on 2027-03-02.", early.Message);
    }

    [Fact]
    public async Task RecordManyAsync_CutThenSweepInOneList_BothRecorded()
    {
        await InsertCutAndSweepAsync();

        var results = await Recorder().RecordManyAsync([Grounds(Cut, CutDay), Grounds(Sweep, CutDay)]);

        Assert.Equal([CompletionStatus.Recorded, CompletionStatus.Recorded], results.Select(r => r.Status));
        Assert.Equal(
            [$"{Cut}|completed|2027-03-01", $"{Sweep}|completed|2027-03-01"],
            await RowsAsync("SELECT reference || '|' || status || '|' || completed_on FROM work_orders ORDER BY reference"));
    }

    [Fact]
    public async Task RecordManyAsync_SweepListedBeforeItsCut_SweepRefusedCutRecorded_AsOneAtATime()
    {
        await InsertCutAndSweepAsync();

        var results = await Recorder().RecordManyAsync([Grounds(Sweep, CutDay), Grounds(Cut, CutDay)]);

        Assert.Equal(CompletionRefusal.BeforeWindow, results[0].Refusal);
        Assert.Equal(CompletionStatus.Recorded, results[1].Status);
        Assert.Equal(["issued"], await RowsAsync($"SELECT status FROM work_orders WHERE reference = '{Sweep}'"));
    }

    [Fact]
    public async Task RecordManyAsync_CutStoredDoneEarlier_SweepOnItsDayRecorded_SweepBeforeItRefused()
    {
        await InsertCutAndSweepAsync();
        var recorder = Recorder();
        Assert.Equal(CompletionStatus.Recorded, (await recorder.RecordAsync(Grounds(Cut, CutDay))).Status);

        var results = await recorder.RecordManyAsync([Grounds(Sweep, CutDay)]);

        Assert.Equal(CompletionStatus.Recorded, Assert.Single(results).Status);
    }

    [Fact]
    public async Task RecordManyAsync_CutNoAccessThenSweepInOneList_SweepRefused()
    {
        await InsertCutAndSweepAsync();

        var results = await Recorder().RecordManyAsync([Grounds(Cut, CutDay, VisitOutcome.NoAccess), Grounds(Sweep, CutDay)]);

        Assert.Equal(CompletionStatus.Recorded, results[0].Status);
        Assert.Equal(CompletionRefusal.BeforeWindow, results[1].Refusal);
    }

    [Fact]
    public async Task RecordManyAsync_CutRefusedByAnEffect_TheSweepThatStoodOnItIsRefusedToo()
    {
        // S2 is in the south, where no contractor serves repairs: the cut's defect cannot raise its repair.
        await InsertCutAndSweepAsync(site: "S2");
        var cut = Report(Cut, VisitOutcome.Defect, CutDay, contractor: "greenscape", category: "repairs-major", note: "broken fence");

        var results = await RecorderWithRepairs(Config(Repairs("north"))).RecordManyAsync([cut, Grounds(Sweep, CutDay)]);

        Assert.Equal(CompletionRefusal.NoRepairContractor, results[0].Refusal);
        Assert.Equal(CompletionRefusal.BeforeWindow, results[1].Refusal);
        Assert.Equal(["issued", "issued"], await RowsAsync("SELECT status FROM work_orders ORDER BY reference"));
    }
}
