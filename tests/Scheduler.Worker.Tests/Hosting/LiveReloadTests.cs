using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Scheduler.Worker.Hosting.Jobs;
using Scheduler.Worker.Hosting.Logging;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Hosting.Settings;
using Scheduler.Worker.Tests.Feedback;
using Serilog;

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

    /// <summary>
    /// A template edited in the watched folder that loses what the product relies on (here the notice's changed-address
    /// branch) but still renders: the reload puts it in force as before (valid, nothing planned changed: event 4011) and
    /// logs each warning once, after that line (event 4015: the file and what is missing, as <c>validate</c> prints it; no
    /// message text), and a worker started on that folder logs it after its start line (event 4000). The shipped folder
    /// logs none. Errors keep their behaviour (<see cref="Reload_BrokenTemplate_RejectedAndTheConfigurationStays"/>).
    /// </summary>
    [Fact]
    public async Task Reload_TemplateLosingABranch_LogsTheWarningOnceBesideTheReloadLine_AndAtTheNextStart()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        var settings = TestWorker.Settings(database.ConnectionString);
        settings["Scheduler:GenerateAtStartup"] = "false";
        settings["Serilog:MinimumLevel:Default"] = "Information"; // the reload's and the start's own lines
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var notice = Path.Join(config.Path, "templates", "contractor-work-order.en.txt.sbn");
        const string Expected = "a changed-address notice reads as any other change: the template never tests order.address_changed";

        var logs = new FeedbackHost.CapturingSink();
        await using (var worker = await TestWorker.StartAsync(
            database.DataSource, config.Path, configuration, services: services => services.AddEstateLogging(configuration, new SeqOptions(), l => l.WriteTo.Sink(logs))))
        {
            await Eventually.HoldsAsync(() => Task.FromResult(logs.Lines.Any(l => l.StartsWith("Worker started", StringComparison.Ordinal))), Guard, "the start logged");
            Assert.DoesNotContain(logs.Lines, l => l.Contains("Template warning", StringComparison.Ordinal));

            var reloaded = NextReload(worker);
            File.WriteAllText(notice, Email.TemplateWarningsTests.NoticeWithoutAddressBranch());
            var snapshot = await reloaded.WaitAsync(Guard);

            Assert.True(snapshot.IsValid);
            Assert.Empty(worker.Configuration.Problems);
            Assert.Contains(Expected, Assert.Single(snapshot.Warnings).ToString(), StringComparison.Ordinal);
            var lines = logs.Lines.ToList();
            var loaded = lines.FindIndex(l => l.StartsWith("Configuration folder changed", StringComparison.Ordinal));
            Assert.True(loaded >= 0, string.Join('\n', lines));
            var warning = Assert.Single(lines, l => l.StartsWith("Template warning", StringComparison.Ordinal));
            Assert.True(lines.IndexOf(warning) > loaded, "the warning follows the reload's line");
            Assert.StartsWith($"Template warning: \"{notice}\": \"{Expected}", warning, StringComparison.Ordinal); // strings quoted as Serilog renders them
            Assert.Contains("4015", warning, StringComparison.Ordinal);
            Assert.DoesNotContain("Hello", warning, StringComparison.Ordinal);
            Assert.Empty(worker.Runs.All);
        }

        var restarted = new FeedbackHost.CapturingSink();
        await using (var worker = await TestWorker.StartAsync(
            database.DataSource, config.Path, configuration, services: services => services.AddEstateLogging(configuration, new SeqOptions(), l => l.WriteTo.Sink(restarted))))
        {
            await Eventually.HoldsAsync(() => Task.FromResult(restarted.Lines.Any(l => l.StartsWith("Template warning", StringComparison.Ordinal))), Guard, "the start's warning logged");
            var lines = restarted.Lines.ToList();
            var started = lines.FindIndex(l => l.StartsWith("Worker started", StringComparison.Ordinal));
            var warning = Assert.Single(lines, l => l.StartsWith("Template warning", StringComparison.Ordinal));
            Assert.True(started >= 0 && lines.IndexOf(warning) > started, "the warning follows the start's line");
            Assert.StartsWith($"Template warning: \"{notice}\": \"{Expected}", warning, StringComparison.Ordinal);
        }
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
