using System.Globalization;
using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Feedback;

namespace Scheduler.Worker.Tests.Ahead;

/// <summary>
/// Visits reported while their appointment letters still wait, without dispatching: only those letters are superseded,
/// in the report's transaction, through both of the recorder's routes (the statement that finds them,
/// <c>PendingLetters</c>, reads the reported orders' appointments by order since branch <c>days17</c>). Each visit is
/// reported on its window's first day, the clock moved there.
/// </summary>
public sealed partial class LetterAheadDispatchTests
{
    private const string Superseded = "superseded|not sent: its appointment was cancelled or changed before the letter went";

    [Fact]
    public async Task RecordMany_VisitsReportedBeforeTheirLettersGo_OnlyTheirLettersAreSuperseded()
    {
        var waiting = await WaitingLettersAsync();
        var (done, noAccess) = (waiting[0], waiting[1]);
        ClockOn(LocalDate.Max(done.WindowStart, noAccess.WindowStart));

        var answers = await CompletionEffects.Recorder(Database.DataSource, GasConfig(), TestEstate.Calendar, Clock).RecordManyAsync(
        [
            new CompletionReport(done.Reference, null, VisitOutcome.Done, done.WindowStart, CompletionSources.Csv),
            new CompletionReport(noAccess.Reference, null, VisitOutcome.NoAccess, noAccess.WindowStart, CompletionSources.Csv),
        ]);
        Assert.All(answers, a => Assert.Equal(CompletionStatus.Recorded, a.Status));

        await AssertOnlySupersededAsync(waiting, [done.Key, noAccess.Key]);

        // The home with no access is booked again, with a letter of its own that waits or goes: not superseded.
        Assert.Equal(0L, await CountAsync(
            $"kind = 'tenant-letter' AND idempotency_key LIKE 'letter/{noAccess.Reference}/%' AND idempotency_key <> '{noAccess.Key}' AND status = 'superseded'"));
    }

    [Fact]
    public async Task Record_OneVisitReportedBeforeItsLetterGoes_OnlyItsLetterIsSuperseded()
    {
        var waiting = await WaitingLettersAsync();
        var visit = waiting[^1];
        ClockOn(visit.WindowStart);

        var answer = await CompletionEffects.Recorder(Database.DataSource, GasConfig(), TestEstate.Calendar, Clock).RecordAsync(
            new CompletionReport(visit.Reference, null, VisitOutcome.Done, visit.WindowStart, CompletionSources.Cli));
        Assert.Equal(CompletionStatus.Recorded, answer.Status);

        await AssertOnlySupersededAsync(waiting, [visit.Key]);
    }

    /// <summary>Imports the homes, applies and books; returns the letters still waiting (key and order reference).</summary>
    private async Task<List<(string Key, string Reference, LocalDate WindowStart)>> WaitingLettersAsync()
    {
        await BookAsync();
        var waiting = (await Database.DataSource.RowsAsync(
                """
                SELECT o.idempotency_key, w.reference, w.window_start::text
                FROM outbox_messages o JOIN work_orders w ON w.reference = split_part(o.idempotency_key, '/', 2)
                WHERE o.kind = 'tenant-letter' AND o.status = 'pending' AND o.release_at IS NOT NULL
                ORDER BY o.id
                """))
            .Select(r => r.Split('|'))
            .Select(c => (Key: c[0], Reference: c[1], WindowStart: LocalDate.FromDateTime(DateTime.Parse(c[2], CultureInfo.InvariantCulture))))
            .ToList();
        Assert.True(waiting.Count >= 3, $"{waiting.Count} letters wait");
        return waiting;
    }

    /// <summary>The clock at noon UTC of <paramref name="day"/>: the letters are not dispatched, so they stay pending.</summary>
    private void ClockOn(LocalDate day) => Clock.Reset(day.At(new LocalTime(12, 0)).InUtc().ToInstant());

    private async Task AssertOnlySupersededAsync(List<(string Key, string Reference, LocalDate WindowStart)> waiting, string[] superseded)
    {
        foreach (var (key, _, _) in waiting)
        {
            var expected = superseded.Contains(key) ? Superseded : "pending|∅";
            Assert.Equal([$"{key}|{expected}"], await OutboxRowsAsync("idempotency_key, status, last_error", $"idempotency_key = '{key}'"));
        }
    }
}
