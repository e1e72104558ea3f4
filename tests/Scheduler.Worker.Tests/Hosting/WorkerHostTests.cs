using System.Net;
using System.Text.Json;
using Quartz;
using Scheduler.Worker.Hosting.Jobs;

namespace Scheduler.Worker.Tests.Hosting;

public class WorkerHostTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_PostgresStore_GeneratesAtStartupAndCreatesOrders()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        await using var worker = await TestWorker.StartAsync(database.DataSource, config.Path, TestWorker.Settings(database.ConnectionString));

        await worker.Runs.WaitForAsync(1, default).WaitAsync(Guard);

        var run = Assert.Single(worker.Runs.All);
        Assert.Equal(GenerateSchedule.AtStartup.Name, run.TriggerName);
        Assert.Null(run.Error);
        Assert.True(run.Result!.CreateCount > 0);
        Assert.Equal(run.Result.CreateCount, await SampleEstateDatabase.CountAsync(database, "SELECT count(*) FROM work_orders"));
        Assert.Equal(1, await SampleEstateDatabase.CountAsync(database,
            "SELECT count(*) FROM qrtz_cron_triggers WHERE trigger_name = 'generate-nightly' AND cron_expression = '0 30 2 * * ?' AND time_zone_id = 'Europe/London'"));
        Assert.Equal(1, await SampleEstateDatabase.CountAsync(database, "SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'estate-scheduler'"));
    }

    [Fact]
    public async Task Run_TwoNodesOnOneDatabase_EachFiringRunsOnExactlyOneNode()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        var settings = TestWorker.Settings(database.ConnectionString);
        settings["Scheduler:GenerateAtStartup"] = "false";
        await using var first = await TestWorker.StartAsync(database.DataSource, config.Path, settings);
        await using var second = await TestWorker.StartAsync(database.DataSource, config.Path, settings);
        var firstId = (await first.SchedulerAsync()).SchedulerInstanceId;
        var secondId = (await second.SchedulerAsync()).SchedulerInstanceId;
        Assert.NotEqual(firstId, secondId);

        // Four firings, scheduled in the shared store; either node may pick each one up.
        var scheduler = await first.SchedulerAsync();
        var firings = Enumerable.Range(1, 4).Select(i => new TriggerKey($"test-firing-{i}", GenerateSchedule.Group)).ToList();
        foreach (var key in firings)
        {
            await scheduler.ScheduleJob(GenerateSchedule.Once(key, TimeProvider.System.GetUtcNow()));
        }

        using var guard = new CancellationTokenSource(Guard);
        while (first.Runs.All.Concat(second.Runs.All).Select(r => r.TriggerName).Distinct().Count() < firings.Count)
        {
            await Task.Delay(100, guard.Token);
        }

        Assert.Equal(2, await SampleEstateDatabase.CountAsync(database, "SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'estate-scheduler'"));
        await first.StopAsync();
        await second.StopAsync();

        var runs = first.Runs.All.Concat(second.Runs.All).ToList();
        Assert.Equal(firings.Select(k => k.Name).Order(), runs.Select(r => r.TriggerName).Order());
        Assert.All(runs, r => Assert.Null(r.Error));
        Assert.All(runs, r => Assert.Contains(r.SchedulerInstanceId, new[] { firstId, secondId }));

        // The first run created the orders; the other three found nothing to do.
        Assert.Single(runs, r => r.Result!.CreateCount > 0);
        var created = runs.Sum(r => r.Result!.CreateCount);
        Assert.Equal(created, await SampleEstateDatabase.CountAsync(database, "SELECT count(*) FROM work_orders"));
    }

    [Fact]
    public async Task Health_RunningWorker_LiveAndReadyAnswerWithEveryCheck()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        await using var worker = await TestWorker.StartAsync(database.DataSource, config.Path, TestWorker.Settings(database.ConnectionString));
        using var http = new HttpClient { BaseAddress = worker.BaseAddress };

        using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks");
        Assert.Equal(["configuration", "database", "outbox", "scheduler"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));

        // The container health check's probe.
        Assert.Equal(0, (await Cli.CliRunner.RunAsync("health", "--url", new Uri(worker.BaseAddress, "/health/live").ToString())).Exit);
        var (exit, _, error) = await Cli.CliRunner.RunAsync("health", "--url", new Uri(worker.BaseAddress, "/health/nothing-here").ToString());
        Assert.Equal(1, exit);
        Assert.Contains("answered 404", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_DatabaseGone_ReadyIsUnhealthyWith503()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        var settings = TestWorker.Settings(database.ConnectionString);
        settings["Scheduler:JobStore"] = "Memory";
        settings["Scheduler:GenerateAtStartup"] = "false";

        // The worker's data source points at a port where nothing listens.
        await using var unreachable = Scheduler.Persistence.EstateDatabase.CreateDataSource("Host=127.0.0.1;Port=1;Database=estate;Username=nobody;Timeout=2");
        await using var worker = await TestWorker.StartAsync(unreachable, config.Path, settings);
        using var http = new HttpClient { BaseAddress = worker.BaseAddress };

        using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("scheduler").GetProperty("status").GetString());
        Assert.Equal(1, (await Cli.CliRunner.RunAsync("health", "--url", new Uri(worker.BaseAddress, "/health/ready").ToString())).Exit);
    }
}
