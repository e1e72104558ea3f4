using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Scheduler.Worker.Feedback;
using Scheduler.Worker.Hosting.Digest;
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
/// <param name="ConfigureServices">Runs after every registration (tests add digest sections or listeners); null for none.</param>
internal sealed record WorkerStartup(
    IConfiguration Configuration,
    WorkerSettings Settings,
    ConfigLocation Location,
    ConfigSnapshot InitialConfig,
    NpgsqlDataSource DataSource,
    IClock Clock,
    TimeProvider? Time = null,
    Action<IServiceCollection>? ConfigureServices = null);

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
        services.AddSingleton<Persistence.Orders.PlanningRegisterCache>(); // the nightly generation's register between nights, for the one data source above
        services.AddSingleton<Persistence.Gas.GasBookingMemo>(); // what the nightly gas booking read, for the next night's (book7)
        services.AddSingleton<ConfigWatcher>();
        services.AddSingleton(Outbox.OutageBackoff.CreateDefault()); // the dispatch job's pause while SMTP is unreachable, across firings
        services.AddKeyedSingleton(Outbox.OutboxDispatcher.LetterOutageKey, Outbox.OutageBackoff.CreateDefault()); // its pause while the letter folder cannot be written
        services.AddHostedService(sp => sp.GetRequiredService<ConfigWatcher>());
        // The mail settings, read again at each dispatch firing from the (reloading) configuration: a mended password in
        // appsettings.json takes effect without a restart.
        services.AddSingleton(sp => new LiveMailSettings(startup.Configuration, settings.Mail, sp.GetRequiredService<ILogger<LiveMailSettings>>()));

        // The daily manager digest: one line per section. The digest job asks every IDigestSection registered here,
        // in any order (each section says where it goes in the email); the demo builds the same list (DigestSections).
        services.AddDigestSections();

        builder.Logging.ClearProviders();
        services.AddEstateLogging(startup.Configuration, settings.Seq);

        services.AddEstateQuartz(settings.Scheduler, settings.ConnectionString, startup.Time);
        services.AddEstateHealthChecks();
        services.AddEstateFeedback(startup.Configuration);
        startup.ConfigureServices?.Invoke(services);

        var app = builder.Build();
        app.MapEstateHealth();
        app.MapFeedback();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WorkerHost).FullName!);
            logger.WorkerStarted(settings.Scheduler.InstanceName, settings.Scheduler.JobStore.ToString(), string.Join(";", app.Urls), startup.InitialConfig.Configuration!.Version);
            logger.TemplateWarnings(startup.InitialConfig);
            if (settings.Mail is null)
            {
                logger.DispatchNotConfigured();
            }
        });
        return app;
    }
}
