using NodaTime;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Configuration;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Commands;

/// <summary>
/// The database verbs as the command line runs them: reads the options, loads what each needs (config and bank
/// holidays for plan/apply, the CSV register for import), reports problems with file, line and column, then calls
/// the verb. The connection string is the configuration key <c>ConnectionStrings:Estate</c>, read from
/// <c>appsettings.json</c> in the config folder (<c>--config DIR</c>, default <c>config</c>) and overridden by the
/// environment variable <c>ConnectionStrings__Estate</c> (<see cref="ConnectionSettings"/>).
/// </summary>
internal static class DatabaseVerbs
{
    /// <summary>The usage lines of these verbs, for <c>estate-scheduler help</c>.</summary>
    public static readonly string[] Usage =
    [
        "  migrate  [--config DIR]",
        "  import   --estate DIR [--as-of DATE] [--config DIR]",
        "  plan     [--as-of DATE] [--format text|json] [--config DIR]",
        "  apply    [--as-of DATE] [--format text|json] [--config DIR]",
        "  orders   [--from DATE] [--to DATE] [--status S] [--format table|csv|json] [--config DIR]",
        "",
        $"The database verbs connect with {EstateDatabase.ConnectionStringKey} from DIR/{ConnectionSettings.FileName} (default config/),",
        $"overridden by the environment variable {EstateDatabase.ConnectionStringVariable}.",
    ];

    public static Task<int> MigrateAsync(CommandLineArgs args, CliContext context)
    {
        var configDir = ConfigDirectory(args, context);
        args.RejectUnknown();
        return WithConnectionAsync(configDir, context, cs => MigrateCommand.RunAsync(cs, context.Out, context.Error, CancellationToken.None));
    }

    public static async Task<int> ImportAsync(CommandLineArgs args, CliContext context)
    {
        var estate = context.Resolve(args.Required("estate", "config/sample"));
        var asOfGiven = args.Date("as-of");
        var configDir = ConfigDirectory(args, context);
        args.RejectUnknown();
        if (!Directory.Exists(estate))
        {
            throw new UsageException($"the estate register folder '{estate}' does not exist (use --estate DIR).");
        }

        // Without --as-of the register is read as of today in the organisation's zone, so config must be readable.
        LocalDate asOf;
        if (asOfGiven is { } given)
        {
            asOf = given;
        }
        else if (await context.LoadConfigAsync(configDir, "nothing was imported").ConfigureAwait(false) is { } config)
        {
            asOf = context.Today(config.Organisation);
        }
        else
        {
            return 1;
        }

        var loaded = RegisterLoader.Load(estate, asOf);
        if (loaded.Problems.Count > 0 || loaded.Register is null)
        {
            foreach (var problem in loaded.Problems)
            {
                await context.Error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync($"{loaded.Problems.Count} problem(s) found; nothing was imported.").ConfigureAwait(false);
            return 1;
        }

        return await WithConnectionAsync(
            configDir, context, cs => ImportCommand.RunAsync(loaded.Register, estate, asOf, cs, context.Clock, context.Out, context.Error, CancellationToken.None))
            .ConfigureAwait(false);
    }

    public static Task<int> PlanAsync(CommandLineArgs args, CliContext context) => GenerateAsync(args, context, apply: false);

    public static Task<int> ApplyAsync(CommandLineArgs args, CliContext context) => GenerateAsync(args, context, apply: true);

    public static Task<int> OrdersAsync(CommandLineArgs args, CliContext context)
    {
        var options = OrdersCommand.ReadOptions(args);
        var configDir = ConfigDirectory(args, context);
        args.RejectUnknown();
        return WithConnectionAsync(configDir, context, cs => OrdersCommand.RunAsync(options, cs, context.Out, context.Error, CancellationToken.None));
    }

    private static async Task<int> GenerateAsync(CommandLineArgs args, CliContext context, bool apply)
    {
        var options = PlanCommand.ReadOptions(args);
        var configDir = ConfigDirectory(args, context);
        args.RejectUnknown();
        if (!Directory.Exists(configDir))
        {
            throw new UsageException($"the config folder '{configDir}' does not exist (use --config DIR).");
        }

        var loaded = ConfigLoader.Load(configDir);
        var problems = loaded.Problems.ToList();
        var calendar = LoadCalendar(configDir, loaded.Configuration, problems);
        if (problems.Count > 0 || loaded.Configuration is null || calendar is null)
        {
            foreach (var problem in problems)
            {
                await context.Error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync($"{problems.Count} problem(s) found; nothing was planned or changed.").ConfigureAwait(false);
            return 1;
        }

        return await WithConnectionAsync(
            configDir,
            context,
            cs => PlanCommand.RunAsync(
                options with { AsOf = options.AsOf ?? context.Today(loaded.Configuration.Organisation) }, apply, loaded.Configuration, calendar, cs, context.Clock,
                context.Out, context.Error, CancellationToken.None)).ConfigureAwait(false);
    }

    private static WorkingDayCalendar? LoadCalendar(string configDir, Domain.Configuration.EstateConfiguration? config, List<Domain.Configuration.ConfigProblem> problems)
    {
        if (config is null)
        {
            return null;
        }

        var path = Path.Combine(configDir, Workspace.BankHolidayFile);
        if (!File.Exists(path))
        {
            return BankHolidayCatalog.Snapshot.Calendar(config.Organisation.BankHolidays);
        }

        try
        {
            return BankHolidayFeed.Parse(File.ReadAllText(path), path).Calendar(config.Organisation.BankHolidays);
        }
        catch (FormatException e)
        {
            problems.Add(new Domain.Configuration.ConfigProblem(new Domain.SourceLocation(path, 0, 0), e.Message));
            return null;
        }
    }

    private static string ConfigDirectory(CommandLineArgs args, CliContext context) => context.Resolve(args.String("config", "config")!);

    /// <summary>Reads the connection string (<see cref="ConnectionSettings"/>) and runs the verb with it; a bad settings file is exit 1.</summary>
    private static async Task<int> WithConnectionAsync(string configDir, CliContext context, Func<string?, Task<int>> run)
    {
        string? connectionString;
        try
        {
            connectionString = ConnectionSettings.Read(configDir);
        }
        catch (DatabaseNotReadyException e)
        {
            await context.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }

        return await run(connectionString).ConfigureAwait(false);
    }
}
