using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;
using Scheduler.Worker.Configuration;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Cli;

/// <summary>
/// Everything a planning command reads before it can work: the configuration folder, the bank holidays
/// (the shipped snapshot, or <c>bank-holidays.json</c> in the config folder when an estates manager has dropped an
/// updated GOV.UK feed there), and the estate register. Every problem from every source is collected.
/// </summary>
internal sealed record Workspace(
    EstateConfiguration? Configuration,
    EstateRegister? Register,
    WorkingDayCalendar? Calendar,
    IReadOnlyList<ConfigProblem> Problems,
    string ConfigDirectory,
    string EstateDirectory)
{
    /// <summary>The file name of an updated bank-holiday feed in the config folder.</summary>
    public const string BankHolidayFile = "bank-holidays.json";

    /// <summary>True when everything loaded and nothing is wrong.</summary>
    public bool IsValid => Problems.Count == 0 && Configuration is not null && Register is not null && Calendar is not null;

    /// <summary>
    /// Writes every problem, one a line, then <paramref name="closing"/> with the count; returns false when there
    /// were problems (so a command can stop), true when the workspace is valid.
    /// </summary>
    public async Task<bool> ReportProblemsAsync(TextWriter error, string closing)
    {
        if (IsValid)
        {
            return true;
        }

        foreach (var problem in Problems)
        {
            await error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
        }

        await error.WriteLineAsync($"{Problems.Count} problem(s) found; {closing}").ConfigureAwait(false);
        return false;
    }

    /// <summary>The command's as-of date, as the register was read: nothing in it may be dated after this day.</summary>
    public NodaTime.LocalDate AsOf { get; init; }

    /// <summary>
    /// Loads config (<c>--config</c>, default ./config) and the register (<c>--estate</c>, default config/sample) as of
    /// the day <paramref name="asOf"/> makes of today, in the organisation's zone (<see cref="CliContext.TodayOrUnread"/>):
    /// the command's as-of date (<see cref="AsOf"/>), usually <c>--as-of</c> when given, else today. When given,
    /// <paramref name="estateFrom"/> says, from the register folder and the as-of date, which folder to read the register
    /// from instead (the demo's copy of the sample, dated for its year: <see cref="Demo.SampleEstate"/>).
    /// </summary>
    public static Workspace Load(
        CommandLineArgs args, CliContext context, Func<NodaTime.LocalDate, NodaTime.LocalDate> asOf, Func<string, NodaTime.LocalDate, string>? estateFrom = null)
    {
        ArgumentNullException.ThrowIfNull(asOf);
        var configDir = context.Resolve(args.String("config", "config")!);
        var estateDir = context.Resolve(args.String("estate") ?? Path.Combine(configDir, "sample"));
        if (!Directory.Exists(configDir))
        {
            throw new UsageException($"the config folder '{configDir}' does not exist (use --config DIR).");
        }

        if (!Directory.Exists(estateDir))
        {
            throw new UsageException($"the estate register folder '{estateDir}' does not exist (use --estate DIR).");
        }

        var problems = new List<ConfigProblem>();
        var config = ConfigLoader.Load(configDir);
        problems.AddRange(config.Problems);

        var day = asOf(context.TodayOrUnread(config.Configuration));
        if (estateFrom is not null)
        {
            estateDir = estateFrom(estateDir, day);
        }

        var register = RegisterLoader.Load(estateDir, day);
        problems.AddRange(register.Problems);

        var catalog = LoadBankHolidays(configDir, problems);
        WorkingDayCalendar? calendar = null;
        if (config.Configuration is { } cfg)
        {
            calendar = catalog?.Calendar(cfg.Organisation.BankHolidays);
            if (register.Register is { } reg)
            {
                problems.AddRange(ConfigurationRules.CheckCoverage(cfg, reg));
            }
        }

        return new Workspace(config.Configuration, register.Register, calendar, problems, configDir, estateDir) { AsOf = day };
    }

    /// <summary>The bank holidays: <see cref="BankHolidayFile"/> in <paramref name="configDir"/> when present, else the shipped snapshot; null (and a problem) when the file is malformed.</summary>
    internal static BankHolidayCatalog? LoadBankHolidays(string configDir, List<ConfigProblem> problems)
    {
        var path = Path.Combine(configDir, BankHolidayFile);
        if (!File.Exists(path))
        {
            return BankHolidayCatalog.Snapshot;
        }

        try
        {
            return BankHolidayFeed.Parse(File.ReadAllText(path), path);
        }
        catch (FormatException e)
        {
            problems.Add(new ConfigProblem(new Scheduler.Domain.SourceLocation(path, 0, 0), e.Message));
            return null;
        }
    }
}
