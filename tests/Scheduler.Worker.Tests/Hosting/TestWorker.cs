using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Quartz;
using Scheduler.Persistence;
using Scheduler.Worker.Hosting;
using Scheduler.Worker.Hosting.Jobs;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Hosting.Settings;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>A real worker host (Kestrel on a free loopback port, Quartz, the config watcher) for one test.</summary>
internal sealed class TestWorker : IAsyncDisposable
{
    /// <summary>Today for the jobs: Monday 4 January 2027, 09:00 UTC.</summary>
    public static readonly Instant Now = Instant.FromUtc(2027, 1, 4, 9, 0);

    /// <summary>
    /// SQL over <c>outbox_messages</c>: the row is due by the test worker's clock (<see cref="Now"/>), not a message written
    /// ahead of its time whose release is still to come. The worker's dispatcher claims by its injected clock, so a test
    /// that waits for "nothing due left" must ask by that clock too: the database's <c>now()</c> is the real date, which
    /// leaves out every message released between it and <see cref="Now"/> (the check then passes while the dispatcher is
    /// still sending them) and, once the real date is past <see cref="Now"/>, counts as due messages the worker never sends.
    /// </summary>
    public static readonly string DueSql = $"NOT coalesce(release_at > '{NodaTime.Text.InstantPattern.ExtendedIso.Format(Now)}'::timestamptz, false)";

    /// <summary>SQL: the row's release is after the test worker's clock (<see cref="Now"/>): written ahead, not yet due.</summary>
    public static readonly string NotYetReleasedSql = $"release_at > '{NodaTime.Text.InstantPattern.ExtendedIso.Format(Now)}'::timestamptz";

    private readonly WebApplication _app;
    private bool _stopped;

    private TestWorker(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public GenerationRuns Runs => _app.Services.GetRequiredService<GenerationRuns>();

    public LiveConfiguration Configuration => _app.Services.GetRequiredService<LiveConfiguration>();

    public ConfigWatcher Watcher => _app.Services.GetRequiredService<ConfigWatcher>();

    public Uri BaseAddress => new(_app.Urls.First());

    /// <summary>Settings every test worker gets (a test may override any).</summary>
    public static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        [EstateDatabase.ConnectionStringKey] = connectionString,
        ["Health:Urls"] = "http://127.0.0.1:0",
        ["Scheduler:ReloadDelay"] = "00:00:00.200",
        ["Scheduler:CheckinInterval"] = "00:00:01",
        ["Scheduler:CheckinMisfireThreshold"] = "00:00:05",
        ["Scheduler:ShutdownTimeout"] = "00:00:30",
        ["Serilog:MinimumLevel:Default"] = "Warning",
    };

    public static Task<TestWorker> StartAsync(
        NpgsqlDataSource dataSource, string configDirectory, IDictionary<string, string?> settings, IClock? clock = null, Action<IServiceCollection>? services = null) =>
        StartAsync(dataSource, configDirectory, new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), clock, services);

    /// <summary>A worker on <paramref name="configuration"/> as given (e.g. with a settings file that reloads).</summary>
    public static async Task<TestWorker> StartAsync(
        NpgsqlDataSource dataSource, string configDirectory, IConfiguration configuration, IClock? clock = null, Action<IServiceCollection>? services = null)
    {
        var (bound, failures) = WorkerSettings.Bind(configuration);
        Assert.Empty(failures);
        var location = ConfigLocation.Of(configDirectory, bound!.Scheduler.TemplatesDirectory);
        var snapshot = ConfigSnapshot.Load(location.ConfigDirectory, location.TemplatesDirectory);
        Assert.Empty(snapshot.Problems);
        var app = WorkerHost.Create(new WorkerStartup(configuration, bound, location, snapshot, dataSource, clock ?? new FakeClock(Now), ConfigureServices: services));
        await app.StartAsync();

        // Quartz starts the scheduler once the application has started (AwaitApplicationStarted): until then the
        // worker is rightly not ready. Tests begin with a running scheduler.
        var worker = new TestWorker(app);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await (await worker.SchedulerAsync()).GetStatus() != SchedulerStatus.Running)
        {
            await Task.Delay(50, guard.Token);
        }

        return worker;
    }

    public async Task<IScheduler> SchedulerAsync() => await _app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    /// <summary>Stops the host gracefully (running jobs finish first).</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
