using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Feedback;

namespace Scheduler.Worker.Tests.Feedback;

/// <summary>
/// Every route's recorder (<see cref="CompletionEffects"/>) moves a late grass cut's path sweep (docs/feedback.md, A late
/// visit moves its follow-ups): the test estate's site S1 applied as of 1 March 2027, its cut aimed at 1 April (window
/// 1-15 April) reported done on Tuesday 20 April.
/// </summary>
public sealed class FollowUpEffectRouteTests : IAsyncLifetime
{
    private readonly NodaTime.Testing.FakeClock _clock = TestEstate.Clock();

    private EstateTestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await EstateTestDatabase.CreateAsync();
        await new RegisterImporter(_database.DataSource, _clock).ImportAsync(TestEstate.Estate(), "test", new LocalDate(2027, 3, 1));
        await new WorkOrderGeneration(_database.DataSource, TestEstate.Config(), TestEstate.Calendar, _clock).ApplyAsync(new LocalDate(2027, 3, 1));
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Recorder_CutDoneAfterItsWindow_KeepsItsSweepOpenUntilAWorkingDayAfterTheCut()
    {
        var ds = _database.DataSource;
        var cut = await ds.ScalarAsync<string>("SELECT reference FROM work_orders WHERE service = 'grass-cut' AND target_date = '2027-04-01'");
        _clock.Reset(Instant.FromUtc(2027, 4, 20, 17, 0));

        var result = await CompletionEffects.Recorder(ds, TestEstate.Config(), TestEstate.Calendar, _clock)
            .RecordAsync(new CompletionReport(cut, "greenscape", VisitOutcome.Done, new LocalDate(2027, 4, 20), CompletionSources.Link));

        Assert.Equal(CompletionStatus.Recorded, result.Status);
        Assert.Equal(
            ["2027-04-02|2027-04-21|2027-04-21|planned"],
            await ds.RowsAsync($"""
                SELECT f.window_start::text, f.window_end::text, f.target_date::text, f.status
                FROM work_orders f JOIN work_orders p ON p.id = f.parent_id WHERE p.reference = '{cut}' AND f.service = 'path-sweep'
                """));
    }
}
