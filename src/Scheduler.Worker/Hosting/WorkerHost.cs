using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Scheduler.Worker.Hosting.Health;
using Scheduler.Worker.Hosting.Jobs;
using Scheduler.Worker.Hosting.Logging;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Hosting.Settings;
using Serilog;

namespace Scheduler.Worker.Hosting;

/// <summary>What the worker host is built from; <see cref="RunCommand"/> makes it from the command line, tests directly.</summary>
/// <param name="Configuration">The raw settings (for Serilog's optional <c>Serilog</c> section).</param>
/// <param name="Settings">The checked settings.</param>
/// <param name="Location">The config and templates folders.</param>
/// <param name="InitialConfig">The valid configuration to start with.</param>
/// <param name="DataSource">The estate database (checked and migrated); the host does not dispose it.</param>
/// <param name="Clock">The clock the jobs read today's date from.</param>
/// <param name="Time">The scheduler's and the reload debounce's time; the system's when null.</param>
internal sealed record WorkerStartup(
    IConfiguration Configuration,
    WorkerSettings Settings,
    ConfigLocation Location,
    ConfigSnapshot InitialConfig,
    NpgsqlDataSource DataSource,
    IClock Clock,
    TimeProvider? Time = null);

/// <summary>
/// The long-running worker: the Generic Host (as ASP.NET Core's slim <see cref="WebApplication"/>, whose Kestrel
/// serves only the health endpoints) with Quartz, the config watcher, Serilog and health checks.
/// </summary>
internal static class WorkerHost
{
    /// <summary>Builds the host; start it with <c>RunAsync</c> (stops on SIGTERM/Ctrl+C) or <c>StartAsync</c>.</summary>
    public static WebApplication Create(WorkerStartup startup)
    {
        ArgumentNullException.ThrowIfNull(startup);
        var settings = startup.Settings;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = startup.Location.ConfigDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(startup.Configuration);
        builder.WebHost.UseUrls(settings.Health.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var services = builder.Services;
        services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.Scheduler.ShutdownTimeout);
        services.AddSingleton(Options.Create(settings.Scheduler));
        services.AddSingleton(Options.Create(settings.Health));
        services.AddSingleton(Options.Create(settings.Seq));
        services.AddSingleton(startup.Location);
        services.AddSingleton(new LiveConfiguration(startup.InitialConfig));
        services.AddSingleton(startup.DataSource);
        services.AddSingleton(startup.Clock);
        services.AddSingleton(startup.Time ?? TimeProvider.System);
        services.AddSingleton<GenerationRuns>();
        services.AddSingleton<ConfigWatcher>();
        services.AddSingleton<Digest.IDigestSection, Digest.GasAlertsSection>();
        services.AddSingleton<Digest.IDigestSection, Digest.OverdueSection>();
        services.AddHostedService(sp => sp.GetRequiredService<ConfigWatcher>());

        builder.Logging.ClearProviders();
        services.AddSerilog((_, logger) => LoggingSetup.Configure(logger, startup.Configuration, settings.Seq));

        services.AddEstateQuartz(settings.Scheduler, settings.ConnectionString, startup.Time);
        services.AddEstateHealthChecks();

        var app = builder.Build();
        app.MapEstateHealth();
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WorkerHost).FullName!).WorkerStarted(
            settings.Scheduler.InstanceName, settings.Scheduler.JobStore.ToString(), string.Join(";", app.Urls), startup.InitialConfig.Configuration!.Version));
        return app;
    }
}
