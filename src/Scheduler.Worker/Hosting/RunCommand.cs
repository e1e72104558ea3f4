using Microsoft.Extensions.Hosting;
using Scheduler.Persistence;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Hosting.Settings;

namespace Scheduler.Worker.Hosting;

/// <summary>
/// <c>estate-scheduler run [--config DIR]</c> (also what runs with no verb): the worker service. Before anything
/// starts it checks, in order, and stops with exit code 1 and every problem listed (never a stack trace): the settings
/// (<c>DIR/appsettings.json</c> and the environment), the configuration folder, and the database (reachable, migrated).
/// Then it runs until SIGTERM or Ctrl+C, lets running jobs finish within <c>Scheduler:ShutdownTimeout</c>, and exits 0.
/// </summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        var configDirectory = context.Resolve(args.String("config", "config")!);
        args.RejectUnknown();
        if (!Directory.Exists(configDirectory))
        {
            throw new UsageException($"the config folder '{configDirectory}' does not exist (use --config DIR).");
        }

        var configuration = WorkerSettings.Read(configDirectory, Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"));
        var (settings, failures) = WorkerSettings.Bind(configuration);
        if (settings is null)
        {
            foreach (var failure in failures)
            {
                await context.Error.WriteLineAsync(failure).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync(
                $"{failures.Count} setting(s) not valid (in {Path.Combine(configDirectory, WorkerSettings.FileName)} or environment variables such as Scheduler__ShutdownTimeout); the worker did not start.")
                .ConfigureAwait(false);
            return 1;
        }

        var location = ConfigLocation.Of(configDirectory, settings.Scheduler.TemplatesDirectory);
        var config = ConfigSnapshot.Load(location.ConfigDirectory, location.TemplatesDirectory);
        if (!config.IsValid)
        {
            foreach (var problem in config.Problems)
            {
                await context.Error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync($"{config.Problems.Count} problem(s) found in the configuration; the worker did not start.").ConfigureAwait(false);
            return 1;
        }

        Npgsql.NpgsqlDataSource dataSource;
        try
        {
            dataSource = await DatabaseCheck.OpenAsync(settings.ConnectionString, requireMigrated: true).ConfigureAwait(false);
        }
        catch (DatabaseNotReadyException e)
        {
            await context.Error.WriteLineAsync($"estate-scheduler: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (dataSource.ConfigureAwait(false))
        {
            var app = WorkerHost.Create(new WorkerStartup(configuration, settings, location, config, dataSource, context.Clock));
            await using (app.ConfigureAwait(false))
            {
                try
                {
                    await app.RunAsync().ConfigureAwait(false);
                }
                catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
                {
                    await context.Error.WriteLineAsync(
                        $"estate-scheduler: cannot listen for health checks on {settings.Health.Urls}: {e.Message} Set Health:Urls (Health__Urls) to a free address.")
                        .ConfigureAwait(false);
                    return 1;
                }
            }
        }

        return 0;
    }
}
