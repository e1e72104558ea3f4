using System.Net;
using System.Text.Json;
using Scheduler.Worker.Hosting.Jobs;
using Scheduler.Worker.Hosting.Reload;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>The config watcher with real files in a temp folder and a real worker on the test database.</summary>
public class LiveReloadTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Reload_ValidChangeThenInvalidThenFixed_AppliesRejectsAndRecovers()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        await using var worker = await TestWorker.StartAsync(database.DataSource, config.Path, TestWorker.Settings(database.ConnectionString));
        await worker.Runs.WaitForAsync(1, default).WaitAsync(Guard);
        var first = worker.Configuration.Configuration.Version;
        var createdAtStart = worker.Runs.All[0].Result!.CreateCount;

        // A valid change: a longer horizon. It is put in force and generate runs again, creating the extra orders.
        var reloaded = NextReload(worker);
        config.Replace("organisation.yaml", "horizon: 8 weeks", "horizon: 12 weeks");
        var valid = await reloaded.WaitAsync(Guard);
        await worker.Runs.WaitForAsync(2, default).WaitAsync(Guard);

        Assert.True(valid.IsValid);
        var second = worker.Configuration.Configuration.Version;
        Assert.NotEqual(first, second);
        var rerun = worker.Runs.All[1];
        Assert.Equal(GenerateSchedule.AfterConfigChange.Name, rerun.TriggerName);
        Assert.True(rerun.Result!.CreateCount > 0);
        Assert.Equal(createdAtStart, rerun.Result.UnchangedCount);
        Assert.Equal(createdAtStart + rerun.Result.CreateCount, await SampleEstateDatabase.CountAsync(database, "SELECT count(*) FROM work_orders"));

        // An invalid change: rejected with its problem, the previous configuration stays, readiness is degraded.
        reloaded = NextReload(worker);
        config.Replace("organisation.yaml", "horizon: 12 weeks", "horizon: twelve weeks");
        var invalid = await reloaded.WaitAsync(Guard);

        Assert.False(invalid.IsValid);
        var problem = Assert.Single(worker.Configuration.Problems);
        Assert.EndsWith("organisation.yaml", problem.Location.File, StringComparison.Ordinal);
        Assert.True(problem.Location.Line > 0);
        Assert.Equal(second, worker.Configuration.Configuration.Version);
        var (status, checks) = await ReadyAsync(worker);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", checks.GetProperty("configuration").GetProperty("status").GetString());
        Assert.Contains("organisation.yaml", checks.GetProperty("configuration").GetProperty("description").GetString(), StringComparison.Ordinal);

        // Fixed back to what is in force: healthy again, nothing to generate.
        reloaded = NextReload(worker);
        config.Replace("organisation.yaml", "horizon: twelve weeks", "horizon: 12 weeks");
        Assert.True((await reloaded.WaitAsync(Guard)).IsValid);

        Assert.Empty(worker.Configuration.Problems);
        Assert.Equal(second, worker.Configuration.Configuration.Version);
        Assert.Equal("Healthy", (await ReadyAsync(worker)).Checks.GetProperty("configuration").GetProperty("status").GetString());
        Assert.Equal(2, worker.Runs.All.Count);
    }

    [Fact]
    public async Task Reload_BrokenTemplate_RejectedAndTheConfigurationStays()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        var settings = TestWorker.Settings(database.ConnectionString);
        settings["Scheduler:GenerateAtStartup"] = "false";
        await using var worker = await TestWorker.StartAsync(database.DataSource, config.Path, settings);
        var version = worker.Configuration.Configuration.Version;

        var reloaded = NextReload(worker);
        File.AppendAllText(Path.Join(config.Path, "templates", "contractor-work-order.en.txt.sbn"), "{{ if }}");
        var snapshot = await reloaded.WaitAsync(Guard);

        Assert.False(snapshot.IsValid);
        Assert.Contains(worker.Configuration.Problems, p => p.Location.File.EndsWith("contractor-work-order.en.txt.sbn", StringComparison.Ordinal));
        Assert.Equal(version, worker.Configuration.Configuration.Version);
        Assert.Empty(worker.Runs.All);
    }

    private static Task<ConfigSnapshot> NextReload(TestWorker worker)
    {
        var done = new TaskCompletionSource<ConfigSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(object? sender, ConfigSnapshot snapshot)
        {
            worker.Watcher.Reloaded -= Handler;
            done.TrySetResult(snapshot);
        }

        worker.Watcher.Reloaded += Handler;
        return done.Task;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Checks)> ReadyAsync(TestWorker worker)
    {
        using var http = new HttpClient { BaseAddress = worker.BaseAddress };
        using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body.GetProperty("checks").Clone());
    }
}
