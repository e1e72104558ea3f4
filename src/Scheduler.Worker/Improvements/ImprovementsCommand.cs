using System.Globalization;
using Npgsql;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.Improvements;
using Scheduler.Persistence;
using Scheduler.Persistence.Register;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Commands;
using Scheduler.Worker.Configuration;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Improvements;

/// <summary>
/// <c>estate-scheduler improvements --year Y [--format table|csv|html] [--out FILE] [--send-letters] [--config DIR]
/// [--estate DIR]</c>: the planned-improvement schedule for year Y — every home's eligibility year per component and
/// the programme within the configured capacity — from the imported register in the database, or from the register
/// files with <c>--estate DIR</c> (to check a register before importing it). <c>--send-letters</c> (database only)
/// queues a letter to the tenants of each home programmed in Y (<see cref="ImprovementLetters"/>).
/// </summary>
internal static class ImprovementsCommand
{
    /// <summary>The usage lines, for <c>estate-scheduler help</c>.</summary>
    public static readonly string[] Usage =
    [
        "  improvements --year Y [--format table|csv|html] [--out FILE] [--send-letters] [--config DIR] [--estate DIR]",
        "           the register comes from the database, or from the CSV files with --estate DIR (not with --send-letters)",
    ];

    /// <summary>Runs the verb: 0 on success, 1 for invalid config or register data or a database not ready, 2 (via <see cref="UsageException"/>) for a usage mistake.</summary>
    public static async Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var year = ReadYear(args);
        var format = args.Choice("format", "table", "table", "csv", "html");
        var outPath = args.String("out");
        var sendLetters = args.Flag("send-letters");
        var configDir = context.Resolve(args.String("config", "config")!);
        var estate = args.String("estate");
        args.RejectUnknown();
        if (sendLetters && estate is not null)
        {
            throw new UsageException("--send-letters writes to the database's outbox, so it reads the register from the database: leave out --estate.");
        }

        if (!Directory.Exists(configDir))
        {
            throw new UsageException($"the config folder '{configDir}' does not exist (use --config DIR).");
        }

        var config = ConfigLoader.Load(configDir);
        if (config.Configuration is null || config.Problems.Count > 0)
        {
            return await ReportAsync(context.Error, config.Problems).ConfigureAwait(false);
        }

        try
        {
            return estate is null
                ? await FromDatabaseAsync(config.Configuration, configDir, year, format, outPath, sendLetters, context).ConfigureAwait(false)
                : await FromFilesAsync(config.Configuration, context.Resolve(estate), year, format, outPath, context).ConfigureAwait(false);
        }
        catch (DatabaseNotReadyException e)
        {
            await context.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    private static int ReadYear(CommandLineArgs args)
    {
        var text = args.Required("year", "2027");
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && year is >= ImprovementEligibility.MinYear and <= ImprovementEligibility.MaxYear
            ? year
            : throw new UsageException(
                $"--year '{text}' is not a year: use a four-digit year from {ImprovementEligibility.MinYear} to {ImprovementEligibility.MaxYear}, e.g. --year 2027.");
    }

    private static async Task<int> FromFilesAsync(
        EstateConfiguration config, string estate, int year, string format, string? outPath, CliContext context)
    {
        if (!Directory.Exists(estate))
        {
            throw new UsageException($"the estate register folder '{estate}' does not exist (use --estate DIR).");
        }

        var loaded = RegisterLoader.Load(estate, context.Today(config.Organisation));
        if (loaded.Register is null || loaded.Problems.Count > 0)
        {
            return await ReportAsync(context.Error, loaded.Problems).ConfigureAwait(false);
        }

        var schedule = ImprovementSchedule.Build(loaded.Register.Homes, config.ImprovementLifetimes, config.ImprovementCapacities, year);
        await WriteAsync(schedule, loaded.Register, config, format, outPath, context).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> FromDatabaseAsync(
        EstateConfiguration config, string configDir, int year, string format, string? outPath, bool sendLetters, CliContext context)
    {
        var connectionString = ConnectionSettings.Read(configDir);
        await using var dataSource = await DatabaseCheck.OpenAsync(connectionString, requireMigrated: true).ConfigureAwait(false);
        EstateRegister register;
        await using (var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false))
        {
            register = await EstateRegisterReader.ReadAsync(connection, null).ConfigureAwait(false);
        }

        if (register.Homes.Count == 0)
        {
            await context.Error.WriteLineAsync("The database holds no homes: import the register first (estate-scheduler import --estate DIR).").ConfigureAwait(false);
            return 1;
        }

        var schedule = ImprovementSchedule.Build(register.Homes, config.ImprovementLifetimes, config.ImprovementCapacities, year);
        await WriteAsync(schedule, register, config, format, outPath, context).ConfigureAwait(false);
        if (sendLetters)
        {
            await SendLettersAsync(dataSource, schedule, register, context).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task SendLettersAsync(NpgsqlDataSource dataSource, ImprovementSchedule schedule, EstateRegister register, CliContext context)
    {
        var (letters, withoutTenant) = ImprovementLetters.Plan(schedule, register.Tenants);
        var written = await ImprovementLetters.WriteAsync(dataSource, letters, context.Clock.GetCurrentInstant(), CancellationToken.None).ConfigureAwait(false);
        await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"improvement letters for {schedule.Year}: {written} queued, {letters.Count - written} already queued before, "
            + $"{withoutTenant} programmed home(s) without a tenant")).ConfigureAwait(false);
    }

    private static async Task WriteAsync(
        ImprovementSchedule schedule, EstateRegister register, EstateConfiguration config, string format, string? outPath, CliContext context)
    {
        void Render(TextWriter output)
        {
            switch (format)
            {
                case "csv":
                    ImprovementsCsv.Write(schedule, output);
                    break;
                case "html":
                    ImprovementsHtml.Write(schedule, register.Areas, config.Organisation.Name, context.Today(config.Organisation), output);
                    break;
                default:
                    ImprovementsTable.Write(schedule, output);
                    break;
            }
        }

        if (outPath is null)
        {
            Render(context.Out);
            return;
        }

        var path = context.Resolve(outPath);
        try
        {
            await using (var file = new StreamWriter(path))
            {
                Render(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out '{path}' cannot be written: {e.Message}");
        }

        await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"wrote the {schedule.Year} improvements schedule ({schedule.Entries.Select(e => e.Home.Id).Distinct(StringComparer.Ordinal).Count()} homes) as {format} to {path}")).ConfigureAwait(false);
    }

    private static async Task<int> ReportAsync(TextWriter error, IReadOnlyList<ConfigProblem> problems)
    {
        foreach (var problem in problems)
        {
            await error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
        }

        await error.WriteLineAsync($"{problems.Count} problem(s) found; nothing was written.").ConfigureAwait(false);
        return 1;
    }
}
