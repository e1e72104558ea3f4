using Quartz;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Hosting.Jobs;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>After downtime the nightly generate trigger fires once, not once per missed night (Postgres job store).</summary>
public class CatchUpTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Nightly_ThreeNightsMissedWhileDown_FiresOnceWhenBackThenWaitsForTheNextNight()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        var settings = TestWorker.Settings(database.ConnectionString);
        settings["Scheduler:GenerateAtStartup"] = "false";

        // A first run stores the trigger; then, as if it last fired four nights ago, the worker is down while three 02:30s go by
        // (Quartz stores instants as UTC ticks).
        await using (var first = await TestWorker.StartAsync(database.DataSource, config.Path, settings))
        {
            await first.StopAsync();
        }

        var now = TimeProvider.System.GetUtcNow();
        var cron = new CronExpression("0 30 2 * * ?", GenerateSchedule.London);
        var lastFired = cron.GetNextValidTimeAfter(now.AddDays(-4))!.Value;
        var threeNightsAgo = cron.GetNextValidTimeAfter(lastFired)!.Value;
        await using (var command = database.DataSource.CreateCommand(
            "UPDATE qrtz_triggers SET prev_fire_time = @last, next_fire_time = @next WHERE trigger_name = 'generate-nightly' AND trigger_state = 'WAITING'"))
        {
            command.Parameters.AddWithValue("last", lastFired.UtcTicks);
            command.Parameters.AddWithValue("next", threeNightsAgo.UtcTicks);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        // The worker starts again, and (as every start does) declares its triggers afresh: the nightly one must keep
        // its history, so the missed nights are seen and made up, once.
        await using var second = await TestWorker.StartAsync(database.DataSource, config.Path, settings);
        await second.Runs.WaitForAsync(1, default).WaitAsync(Guard);

        var run = Assert.Single(second.Runs.All);
        Assert.Equal(GenerateSchedule.Nightly.Name, run.TriggerName);
        Assert.Null(run.Error);

        // Nothing more is owed: the trigger's next firing is the coming 02:30, not another missed one. Quartz runs on the
        // real clock, so when a real 02:30 (London) goes by while the test runs, that night is fired as it should be and
        // the next firing is the one after: either is "the coming 02:30", never a missed night in the past.
        var trigger = await (await second.SchedulerAsync()).GetTrigger(GenerateSchedule.Nightly);
        var after = TimeProvider.System.GetUtcNow();
        var coming = cron.GetNextValidTimeAfter(now)!.Value;
        if (coming > after)
        {
            Assert.Equal(coming, trigger!.NextFireTimeUtc);
            Assert.Single(second.Runs.All);
        }
        else
        {
            Assert.Contains(trigger!.NextFireTimeUtc, new DateTimeOffset?[] { coming, cron.GetNextValidTimeAfter(after) });
            Assert.InRange(second.Runs.All.Count, 1, 2);
        }
    }
}
