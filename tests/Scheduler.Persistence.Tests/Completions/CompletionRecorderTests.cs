using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Completions;

public sealed class CompletionRecorderTests : CompletionTestBase
{
    private const string Ref = "WO-2027-900001";

    [Fact]
    public async Task RecordAsync_Done_WritesStatusDatesAndOneAuditRow()
    {
        await InsertOrderAsync(Ref, status: "issued");

        var result = await Recorder().RecordAsync(Report(Ref, note: "Boiler serviced; tenant happy"));

        Assert.Equal(CompletionStatus.Recorded, result.Status);
        Assert.Equal("Recorded: work order WO-2027-900001 done on 2027-03-03.", result.Message);
        Assert.Equal(
            ["completed|2027-03-03|2027-03-03T00:00:00Z"],
            await RowsAsync("SELECT status, completed_on::text, to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM work_orders"));
        Assert.Equal(
            ["completed|issued|completed|api|done|warmfix|∅|Boiler serviced; tenant happy|reported done on 2027-03-03 by warmfix (api)"],
            await RowsAsync("SELECT kind, from_status, to_status, source, outcome, contractor_id, defect_category, note, reason FROM work_order_events"));
    }

    [Fact]
    public async Task RecordAsync_NoAccessInSummer_RecordsTheLondonMidnightInstant()
    {
        Clock.Reset(Instant.FromUtc(2027, 7, 2, 9, 0));
        await InsertOrderAsync(Ref, windowStart: new LocalDate(2027, 6, 1), windowEnd: new LocalDate(2027, 7, 31));

        var result = await Recorder().RecordAsync(Report(Ref, VisitOutcome.NoAccess, new LocalDate(2027, 7, 1)));

        Assert.Equal(CompletionStatus.Recorded, result.Status);
        Assert.Equal(Instant.FromUtc(2027, 6, 30, 23, 0), result.Completion!.At);
        Assert.Equal(["no-access|2027-06-30 23:00:00"], await RowsAsync("SELECT status, to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM work_orders"));
    }

    [Fact]
    public async Task RecordAsync_SameReportTwice_SecondIsAlreadyRecordedAndWritesNothing()
    {
        await InsertOrderAsync(Ref);
        var recorder = Recorder();
        Assert.Equal(CompletionStatus.Recorded, (await recorder.RecordAsync(Report(Ref))).Status);
        var before = await RowsAsync("SELECT w.xmin::text, w::text FROM work_orders w");

        // From another source, with another note: still the same visit.
        var again = await recorder.RecordAsync(Report(Ref, source: CompletionSources.Csv, note: "again"));

        Assert.Equal(CompletionStatus.AlreadyRecorded, again.Status);
        Assert.True(again.IsAccepted);
        Assert.Equal("Already recorded: work order WO-2027-900001 done on 2027-03-03; nothing changed.", again.Message);
        Assert.Equal(before, await RowsAsync("SELECT w.xmin::text, w::text FROM work_orders w"));
        Assert.Equal(1, await Database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_order_events"));
    }

    public static TheoryData<string, string?, VisitOutcome, string, string?, CompletionRefusal, string> Refusals => new()
    {
        { "planned", "warmfix", VisitOutcome.Done, "2027-03-03", null, CompletionRefusal.UnknownOrder, "There is no work order WO-2027-999999." },
        { "planned", "sparkle", VisitOutcome.Done, "2027-03-03", null, CompletionRefusal.WrongContractor, "Work order WO-2027-900001 is not one of sparkle's orders." },
        { "cancelled", "warmfix", VisitOutcome.Done, "2027-03-03", null, CompletionRefusal.Cancelled, "Work order WO-2027-900001 was cancelled, so it cannot be reported." },
        { "planned", "warmfix", VisitOutcome.Done, "2027-03-05", null, CompletionRefusal.DateInFuture, "The visit date 2027-03-05 is in the future (today is 2027-03-04)." },
        { "planned", "warmfix", VisitOutcome.Done, "2027-02-28", null, CompletionRefusal.BeforeWindow, "The visit date 2027-02-28 is before work order WO-2027-900001's window, which starts on 2027-03-01." },
        { "planned", "warmfix", VisitOutcome.Defect, "2027-03-03", null, CompletionRefusal.BadCategory, "A defect needs a category: one of repairs-emergency, repairs-routine, repairs-external, repairs-major, gas-heating-attend, gas-heating-combi-boiler, gas-heating-solid-fuel-oil-solar, gas-heating-non-urgent." },
        { "planned", "warmfix", VisitOutcome.Defect, "2027-03-03", "asb-high-risk-respond", CompletionRefusal.BadCategory, "'asb-high-risk-respond' is not a defect category; use one of repairs-emergency, repairs-routine, repairs-external, repairs-major, gas-heating-attend, gas-heating-combi-boiler, gas-heating-solid-fuel-oil-solar, gas-heating-non-urgent." },
        { "planned", "warmfix", VisitOutcome.Done, "2027-03-03", "repairs-routine", CompletionRefusal.BadCategory, "A category is given only with the outcome defect." },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task RecordAsync_Refusal_GivesTheReasonAndChangesNothing(
        string status, string? contractor, VisitOutcome outcome, string on, string? category, CompletionRefusal refusal, string message)
    {
        await InsertOrderAsync(Ref, status: status);
        var before = await RowsAsync("SELECT w.xmin::text, w::text FROM work_orders w");
        var reference = refusal == CompletionRefusal.UnknownOrder ? "WO-2027-999999" : Ref;

        var result = await RecorderWithRepairs().RecordAsync(
            Report(reference, outcome, NodaTime.Text.LocalDatePattern.Iso.Parse(on).Value, contractor, category: category));

        Assert.Equal(CompletionStatus.Refused, result.Status);
        Assert.Equal(refusal, result.Refusal);
        Assert.Equal(message, result.Message);
        Assert.Null(result.Completion);
        Assert.Equal(before, await RowsAsync("SELECT w.xmin::text, w::text FROM work_orders w"));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_order_events"));
    }

    [Theory]
    [InlineData(VisitOutcome.NoAccess, "2027-03-03", null)]
    [InlineData(VisitOutcome.Done, "2027-03-02", null)]
    [InlineData(VisitOutcome.Defect, "2027-03-02", "repairs-routine")]
    public async Task RecordAsync_DifferentReportAfterDone_IsRefusedAsAlreadyReported(VisitOutcome outcome, string on, string? category)
    {
        await InsertOrderAsync(Ref);
        var recorder = RecorderWithRepairs();
        await recorder.RecordAsync(Report(Ref));

        var result = await recorder.RecordAsync(Report(Ref, outcome, NodaTime.Text.LocalDatePattern.Iso.Parse(on).Value, category: category));

        Assert.Equal(CompletionRefusal.AlreadyReported, result.Refusal);
        Assert.Equal(
            "Work order WO-2027-900001 was already reported done on 2027-03-03; a different report cannot replace it (ask the landlord to correct it).",
            result.Message);
        Assert.Equal(1, await Database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_orders"));
    }

    [Fact]
    public async Task RecordAsync_WithoutContractor_RecordsTheOrdersOwn()
    {
        await InsertOrderAsync(Ref);

        var result = await Recorder().RecordAsync(Report(Ref, contractor: null, source: CompletionSources.Cli));

        Assert.Equal(CompletionStatus.Recorded, result.Status);
        Assert.Equal("warmfix", result.Completion!.ContractorId);
        Assert.Equal(["warmfix|cli"], await RowsAsync("SELECT contractor_id, source FROM work_order_events"));
    }

    [Fact]
    public async Task RecordAsync_EffectThrows_RollsBackEverything()
    {
        await InsertOrderAsync(Ref);
        var before = await RowsAsync("SELECT w.xmin::text, w::text FROM work_orders w");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Recorder(new Throwing()).RecordAsync(Report(Ref)));

        Assert.Equal(before, await RowsAsync("SELECT w.xmin::text, w::text FROM work_orders w"));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_order_events"));
    }

    [Fact]
    public async Task RecordAsync_EffectsSeeTheWrittenOrderInTheSameTransaction()
    {
        await InsertOrderAsync(Ref);
        var seen = new Seeing();

        await Recorder(seen).RecordAsync(Report(Ref));

        Assert.Equal("completed", seen.Status);
        Assert.True(seen.InTransaction);
        Assert.Equal("gas-safety", seen.Completion!.Service);
    }

    [Fact]
    public async Task EffectsRunWithJitOff_OneReportAndABatch()
    {
        // The server's default (jit = on) is what the recorder must override: a gas no-access rebooking's statements carry
        // cost estimates that made PostgreSQL spend ~0.5 s compiling each (CompletionRecorder.NoJitAsync).
        Assert.Equal("on", (await RowsAsync("SHOW jit")).Single());
        await InsertOrderAsync(Ref);
        await InsertOrderAsync("WO-2027-000002", assetId: "H2");
        await InsertOrderAsync("WO-2027-000003", assetId: "H3");
        var one = new Seeing();
        var many = new Seeing();

        await Recorder(one).RecordAsync(Report(Ref));
        await Recorder(many).RecordManyAsync([Report("WO-2027-000002"), Report("WO-2027-000003")]);

        Assert.Equal(["off"], one.Jit);
        Assert.Equal(["off", "off"], many.Jit);
        Assert.Equal("on", (await RowsAsync("SHOW jit")).Single()); // SET LOCAL: the pooled connection is as it was
    }

    private sealed class Throwing : ICompletionEffect
    {
        public async Task ApplyAsync(EstateDbContext db, RecordedCompletion completion, CancellationToken cancellationToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("effect failed");
        }
    }

    private sealed class Seeing : ICompletionEffect
    {
        public string? Status { get; private set; }

        public bool InTransaction { get; private set; }

        public RecordedCompletion? Completion { get; private set; }

        /// <summary>The transaction's <c>jit</c> setting, once per report the effect saw.</summary>
        public List<string> Jit { get; } = [];

        public async Task ApplyAsync(EstateDbContext db, RecordedCompletion completion, CancellationToken cancellationToken)
        {
            InTransaction = db.Database.CurrentTransaction is not null;
            Completion = completion;
            await using var command = ((Npgsql.NpgsqlConnection)Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(db.Database)).CreateCommand();
            command.CommandText = $"SELECT status FROM work_orders WHERE id = {completion.WorkOrderId}";
            Status = (string?)await command.ExecuteScalarAsync(cancellationToken);
            command.CommandText = "SHOW jit";
            Jit.Add((string)(await command.ExecuteScalarAsync(cancellationToken))!);
        }
    }
}
