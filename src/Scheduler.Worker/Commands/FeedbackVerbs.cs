using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Feedback;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Configuration;
using Scheduler.Worker.Feedback;

namespace Scheduler.Worker.Commands;

/// <summary>
/// <c>complete</c>, <c>import-completions</c> and <c>apikey</c>: contractor feedback from the command line. They read
/// config (for the effects a report has, such as raising a repair) and connect like the database verbs.
/// </summary>
internal static class FeedbackVerbs
{
    /// <summary>The usage lines, for <c>estate-scheduler help</c>.</summary>
    public static readonly string[] Usage =
    [
        "  complete REF --on DATE [--outcome done|no-access|defect] [--category C] [--note TEXT] [--config DIR]",
        "  import-completions FILE.csv [--config DIR]   columns reference,contractor,date,outcome[,category][,note]",
        "  apikey   create CONTRACTOR | list [CONTRACTOR] | revoke KEY-ID [--config DIR]",
    ];

    public static async Task<int> CompleteAsync(CommandLineArgs args, CliContext context)
    {
        var reference = args.Positionals.Count == 1
            ? args.Positionals[0]
            : throw new UsageException("complete takes one work-order reference, e.g. complete WO-2027-000123 --on 2027-03-04.");
        var on = args.Date("on") ?? throw new UsageException("--on is required, e.g. --on 2027-03-04.");
        var outcome = VisitOutcomes.Parse(args.Choice("outcome", "done", "done", "no-access", "defect"))!.Value;
        var category = args.String("category");
        var note = args.String("note");
        var configDir = ConfigDirectory(args, context);
        args.RejectUnknown();
        if (outcome == VisitOutcome.Defect && category is null)
        {
            throw new UsageException($"--outcome defect needs --category: one of {DefectCategories.AcceptedText}.");
        }

        if (category is not null && !DefectCategories.TryParse(category, out _))
        {
            throw new UsageException($"--category '{category}' is not one of: {DefectCategories.AcceptedText}.");
        }

        if (outcome != VisitOutcome.Defect && category is not null)
        {
            throw new UsageException("--category goes only with --outcome defect.");
        }

        return await WithRecorderAsync(configDir, context, async recorder =>
        {
            var result = await recorder.RecordAsync(new CompletionReport(reference, null, outcome, on, CompletionSources.Cli, category, note)).ConfigureAwait(false);
            await (result.IsAccepted ? context.Out : context.Error).WriteLineAsync(result.Message).ConfigureAwait(false);
            return result.IsAccepted ? 0 : 1;
        }).ConfigureAwait(false);
    }

    public static async Task<int> ImportCompletionsAsync(CommandLineArgs args, CliContext context)
    {
        var file = args.Positionals.Count == 1
            ? context.Resolve(args.Positionals[0])
            : throw new UsageException("import-completions takes one CSV file, e.g. import-completions visits.csv.");
        var configDir = ConfigDirectory(args, context);
        args.RejectUnknown();
        if (!File.Exists(file))
        {
            throw new UsageException($"the file '{file}' does not exist.");
        }

        var (rows, problems) = CompletionCsv.Read(await File.ReadAllTextAsync(file).ConfigureAwait(false), file);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await context.Error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync($"{problems.Count} problem(s) found; nothing was recorded.").ConfigureAwait(false);
            return 1;
        }

        return await WithRecorderAsync(configDir, context, async recorder =>
        {
            int recorded = 0, already = 0, refused = 0;
            // The whole file through the bulk route: set-based, each row answered as if recorded alone, in file order.
            var results = await recorder.RecordManyAsync([.. rows.Select(r => r.Report)]).ConfigureAwait(false);
            foreach (var (row, result) in rows.Zip(results))
            {
                switch (result.Status)
                {
                    case CompletionStatus.Recorded:
                        recorded++;
                        await context.Out.WriteLineAsync($"{file}:{row.Line}: {result.Message}").ConfigureAwait(false);
                        break;
                    case CompletionStatus.AlreadyRecorded:
                        already++;
                        await context.Out.WriteLineAsync($"{file}:{row.Line}: {result.Message}").ConfigureAwait(false);
                        break;
                    default:
                        refused++;
                        await context.Error.WriteLineAsync($"{file}:{row.Line}: refused: {result.Message}").ConfigureAwait(false);
                        break;
                }
            }

            await context.Out.WriteLineAsync($"{rows.Count} row(s): {recorded} recorded, {already} already recorded, {refused} refused.").ConfigureAwait(false);
            return refused > 0 ? 1 : 0;
        }).ConfigureAwait(false);
    }

    public static async Task<int> ApiKeyAsync(CommandLineArgs args, CliContext context)
    {
        var words = args.Positionals;
        var action = words.Count > 0 ? words[0] : throw new UsageException("apikey needs create CONTRACTOR, list [CONTRACTOR] or revoke KEY-ID.");
        var configDir = ConfigDirectory(args, context);
        args.RejectUnknown();
        var argument = action switch
        {
            "create" or "revoke" when words.Count == 2 => words[1],
            "list" when words.Count <= 2 => words.Count == 2 ? words[1] : null,
            "create" => throw new UsageException("apikey create takes one contractor id, e.g. apikey create warmsafe."),
            "revoke" => throw new UsageException("apikey revoke takes one key id (the 16 hex digits apikey list shows)."),
            "list" => throw new UsageException("apikey list takes at most one contractor id."),
            _ => throw new UsageException($"'{action}' is not an apikey action: create, list or revoke."),
        };

        // Creating checks the contractor against config; listing shows times in the organisation's zone.
        DateTimeZone? zone = null;
        if (action is "create" or "list")
        {
            var loaded = ConfigLoader.Load(configDir);
            if (loaded.Configuration is not { } config)
            {
                return await ReportAsync(context, loaded.Problems, action == "create" ? "no key was made" : "nothing was listed").ConfigureAwait(false);
            }

            zone = config.Organisation.Zone;
            if (action == "create" && config.Contractors.All(c => c.Id != argument))
            {
                await context.Error.WriteLineAsync(
                    $"'{argument}' is not a contractor in {Path.Combine(configDir, "contractors.yaml")}; known: {string.Join(", ", config.Contractors.Select(c => c.Id))}.").ConfigureAwait(false);
                return 1;
            }
        }

        return await WithDataSourceAsync(configDir, context, async dataSource =>
        {
            var store = new ApiKeyStore(dataSource, context.Clock);
            switch (action)
            {
                case "create":
                    var key = await store.CreateAsync(argument!).ConfigureAwait(false);
                    await context.Out.WriteLineAsync(key.Key).ConfigureAwait(false);
                    await context.Error.WriteLineAsync(
                        $"API key {key.KeyId} made for {argument}. It is shown once, above, and cannot be shown again: give it to the contractor securely.").ConfigureAwait(false);
                    return 0;
                case "revoke":
                    if (await store.RevokeAsync(argument!).ConfigureAwait(false))
                    {
                        await context.Out.WriteLineAsync($"API key {argument} revoked.").ConfigureAwait(false);
                        return 0;
                    }

                    await context.Error.WriteLineAsync($"There is no working API key {argument} (apikey list shows them).").ConfigureAwait(false);
                    return 1;
                default:
                    var keys = await store.ListAsync(argument).ConfigureAwait(false);
                    var shownIn = zone!;
                    await context.Out.WriteLineAsync($"{"key id",-16}  {"contractor",-14}  {"created",-20}  {"last used",-20}  status").ConfigureAwait(false);
                    foreach (var k in keys)
                    {
                        await context.Out.WriteLineAsync(
                            $"{k.KeyId,-16}  {k.ContractorId,-14}  {Text(k.CreatedAt, shownIn),-20}  {(k.LastUsedAt is { } used ? Text(used, shownIn) : "never"),-20}  {(k.RevokedAt is { } revoked ? "revoked " + Text(revoked, shownIn) : "active")}").ConfigureAwait(false);
                    }

                    return 0;
            }
        }).ConfigureAwait(false);
    }

    private static string Text(Instant instant, DateTimeZone zone) =>
        instant.InZone(zone).ToString("uuuu-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static string ConfigDirectory(CommandLineArgs args, CliContext context) => context.Resolve(args.String("config", "config")!);

    // Config and bank holidays for the effects, then the database; every config problem is listed (exit 1).
    private static async Task<int> WithRecorderAsync(string configDir, CliContext context, Func<CompletionRecorder, Task<int>> run)
    {
        if (!Directory.Exists(configDir))
        {
            throw new UsageException($"the config folder '{configDir}' does not exist (use --config DIR).");
        }

        var loaded = ConfigLoader.Load(configDir);
        var problems = loaded.Problems.ToList();
        var catalog = Workspace.LoadBankHolidays(configDir, problems);
        if (problems.Count > 0 || loaded.Configuration is null || catalog is null)
        {
            return await ReportAsync(context, problems, "nothing was recorded").ConfigureAwait(false);
        }

        WorkingDayCalendar calendar = catalog.Calendar(loaded.Configuration.Organisation.BankHolidays);
        return await WithDataSourceAsync(configDir, context, dataSource =>
            run(CompletionEffects.Recorder(dataSource, loaded.Configuration, calendar, context.Clock))).ConfigureAwait(false);
    }

    private static async Task<int> WithDataSourceAsync(string configDir, CliContext context, Func<Npgsql.NpgsqlDataSource, Task<int>> run)
    {
        try
        {
            var connectionString = ConnectionSettings.Read(configDir);
            await using var dataSource = await DatabaseCheck.OpenAsync(connectionString, requireMigrated: true, CancellationToken.None).ConfigureAwait(false);
            return await run(dataSource).ConfigureAwait(false);
        }
        catch (DatabaseNotReadyException e)
        {
            await context.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<int> ReportAsync(CliContext context, IReadOnlyList<ConfigProblem> problems, string closing)
    {
        foreach (var problem in problems)
        {
            await context.Error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
        }

        await context.Error.WriteLineAsync($"{problems.Count} problem(s) found; {closing}.").ConfigureAwait(false);
        return 1;
    }
}
