using System.Diagnostics;
using MimeKit;
using NodaTime;
using Scheduler.Domain.Calendars;
using Scheduler.Persistence;
using Scheduler.Persistence.Orders;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Reports;
using Scheduler.Worker.Commands;
using Scheduler.Worker.Email;
using Scheduler.Worker.Hosting;
using Scheduler.Worker.Hosting.Digest;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Hosting.Settings;
using Scheduler.Worker.Preview;

namespace Scheduler.Worker.Demo;

/// <summary>
/// <c>estate-scheduler demo [--year Y | --from DATE --to DATE] [--data DIR] [--reset] [--serve] [--config DIR] [--estate DIR]</c>:
/// one command that shows a newcomer a whole year. It finds a database (<c>ConnectionStrings:Estate</c> when set,
/// else the demo's own cluster under <c>DIR/postgres</c>: <see cref="LocalPostgres"/>, installing PostgreSQL first
/// when it can), starts it from empty (<see cref="DemoDatabase"/>), migrates and imports the register with the
/// <c>migrate</c> and <c>import</c> verbs' own code, simulates every day of the year on a simulated clock
/// (<see cref="YearSimulation"/>: generate, then dispatch to the pickup folder <c>DIR/mail</c>, then simulated contractors' reports), writes the year
/// planner to <c>DIR/planner.html</c> and the year's performance report to <c>DIR/report.html</c>, and prints a summary (<see cref="DemoReport"/>). Progress goes to standard
/// error, the summary to standard output. <c>--serve</c> then runs the worker (<c>run</c>) on that database.
/// The demo always writes mail to the pickup folder, never through an SMTP server (<c>Smtp__Host</c> is ignored), so
/// a simulated year never emails anyone.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The usage lines, for <c>estate-scheduler help</c>.</summary>
    public static readonly string[] Usage =
    [
        "  demo     [--year Y | --from DATE --to DATE] [--data DIR] [--reset] [--serve] [--config DIR] [--estate DIR]",
        "           a local PostgreSQL under DIR/postgres (default .data), the sample estate, a simulated year (default: next",
        "           year), emails to DIR/mail, a summary; --serve then keeps running as the worker.",
    ];

    /// <summary>The demo's options.</summary>
    /// <param name="From">First simulated day.</param>
    /// <param name="To">Last simulated day (inclusive).</param>
    /// <param name="DataDirectory">Where the cluster, the mail and the planner go.</param>
    /// <param name="Reset">Drop and recreate a configured database that already holds an estate.</param>
    /// <param name="Serve">Run the worker afterwards.</param>
    internal sealed record Options(LocalDate From, LocalDate To, string DataDirectory, bool Reset, bool Serve)
    {
        /// <summary>What the demo did to the sample estate's dates for its year (<see cref="SampleFor"/>); null when nothing.</summary>
        public string? SampleNote { get; init; }
    }

    /// <summary>
    /// The register folder to read for a demo starting in <paramref name="year"/>: the shipped sample itself in
    /// <see cref="SampleEstate.Year"/>, else a copy under <paramref name="dataDirectory"/> (<c>sample/</c>) with its dates
    /// moved to that year (<see cref="SampleEstate.MoveTo"/>), and <paramref name="note"/> says so.
    /// </summary>
    private static string SampleFor(string sampleDirectory, int year, string dataDirectory, out string? note)
    {
        var years = year - SampleEstate.Year;
        if (years == 0)
        {
            note = null;
            return sampleDirectory;
        }

        var copy = Path.Combine(dataDirectory, "sample");
        var cells = SampleEstate.MoveTo(sampleDirectory, copy, years);
        note = $"The sample estate is dated for {SampleEstate.Year}: for {year} its last gas checks and components' install years "
            + $"are moved {Math.Abs(years)} year(s) {(years > 0 ? "later" : "earlier")} ({cells} dates), in a copy read from {copy}.";
        return copy;
    }

    public static async Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        // The default year is next year in the organisation's zone, so the options are read once the config is.
        Options? read = null;
        string? sampleNote = null;
        Workspace workspace;
        try
        {
            // The shipped sample (no --estate) is dated for SampleEstate.Year: another year reads a copy moved to it.
            workspace = Workspace.Load(
                args,
                context,
                today => (read = ReadOptions(args, context, today)).From,
                args.String("estate") is null ? (folder, from) => SampleFor(folder, from.Year, read!.DataDirectory, out sampleNote) : null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"estate-scheduler demo: cannot write the demo's copy of the sample estate under {read?.DataDirectory} (--data DIR): {e.Message}").ConfigureAwait(false);
            return 1;
        }

        var options = read! with { SampleNote = sampleNote };
        args.RejectUnknown();
        if (!await workspace.ReportProblemsAsync(context.Error, "run 'estate-scheduler validate' after fixing them.").ConfigureAwait(false))
        {
            return 1;
        }

        try
        {
            return await RunAsync(options, workspace, context, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DemoException or DatabaseNotReadyException)
        {
            await context.Error.WriteLineAsync($"estate-scheduler demo: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"estate-scheduler demo: cannot write the demo's files under {options.DataDirectory} (--data DIR): {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static Options ReadOptions(CommandLineArgs args, CliContext context, LocalDate today)
    {
        var yearText = args.String("year");
        var from = args.Date("from");
        var to = args.Date("to");
        var data = context.Resolve(args.String("data", ".data")!);
        var reset = args.Flag("reset");
        var serve = args.Flag("serve");
        if (yearText is not null && (from is not null || to is not null))
        {
            throw new UsageException("give either --year or --from and --to, not both.");
        }

        if ((from is null) != (to is null))
        {
            throw new UsageException("--from and --to go together, e.g. --from 2027-03-01 --to 2027-03-31.");
        }

        if (from is { } start && to is { } end)
        {
            return end < start
                ? throw new UsageException($"--to {end:uuuu-MM-dd} is before --from {start:uuuu-MM-dd}.")
                : new Options(start, end, data, reset, serve);
        }

        var year = today.Year + 1;
        if (yearText is not null && !(int.TryParse(yearText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out year) && year is >= 2000 and <= 2099))
        {
            throw new UsageException($"--year '{yearText}' is not a year from 2000 to 2099, e.g. --year 2027.");
        }

        return new Options(new LocalDate(year, 1, 1), new LocalDate(year, 12, 31), data, reset, serve);
    }

    private static async Task<int> RunAsync(Options options, Workspace workspace, CliContext context, CancellationToken cancellationToken)
    {
        var progress = context.Error;
        var config = workspace.Configuration!;
        var zone = config.Organisation.Zone;
        await progress.WriteLineAsync(
            $"estate-scheduler demo: {workspace.EstateDirectory}, {options.From:uuuu-MM-dd} to {options.To:uuuu-MM-dd}, output in {options.DataDirectory}").ConfigureAwait(false);
        if (options.SampleNote is { } note)
        {
            await progress.WriteLineAsync(note).ConfigureAwait(false);
        }

        var (connectionString, cluster) = await PrepareDatabaseAsync(options, workspace.ConfigDirectory, progress, cancellationToken).ConfigureAwait(false);
        var clock = new SimulatedClock(options.From.AtStartOfDayInZone(zone).ToInstant());
        if (await MigrateCommand.RunAsync(connectionString, progress, progress, cancellationToken).ConfigureAwait(false) != 0
            || await ImportCommand.RunAsync(
                workspace.Register!, workspace.EstateDirectory, options.From, connectionString, clock, progress, progress, cancellationToken).ConfigureAwait(false) != 0)
        {
            return 1;
        }

        var pickup = Path.Combine(options.DataDirectory, "mail");
        var clearing = ClearPickupFolder(pickup);
        Directory.CreateDirectory(pickup);
        // Tenants who get letters by post: one printable file for each day the post goes, for the mailing house (docs/email.md).
        var letters = Path.Combine(options.DataDirectory, "letters");
        await ClearPickupFolder(letters).ConfigureAwait(false);
        Directory.CreateDirectory(letters);
        var mail = new MailSettings(Sender(config.Organisation), null, pickup) { LetterBatchDirectory = letters };
        await progress.WriteLineAsync(
            $"Simulating {options.From:uuuu-MM-dd} to {options.To:uuuu-MM-dd} day by day: generate at {YearSimulation.GenerateAt:HH:mm}, "
            + $"dispatch at {YearSimulation.DispatchAt:HH:mm}, emails to {pickup} …").ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        DemoTally tally;
        IReadOnlyDictionary<(string, string), int> messages;
        IReadOnlyList<(string, string, int)> dead;
        DemoYearEnd yearEnd;
        string? reportPath = null;
        await using (var dataSource = await DatabaseCheck.OpenAsync(connectionString, requireMigrated: true, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                // The manager digest, as the worker writes it each morning (its sections as the worker registers them).
                var live = new LiveConfiguration(new ConfigSnapshot(config, workspace.Calendar!, []));
                var digest = DigestSections.Build(live, dataSource, clock, new HealthOptions());
                tally = await new YearSimulation(dataSource, config, workspace.Calendar!, new TemplateRenderer(Path.Combine(workspace.ConfigDirectory, "templates")), mail, clock)
                    {
                        DigestSections = digest,
                        RecordTenantCopies = true,
                        RingShortNoticeTenants = true,
                    }
                    .RunAsync(options.From, options.To, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (CoverageException e)
            {
                foreach (var problem in e.Problems)
                {
                    await progress.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
                }

                await progress.WriteLineAsync($"{e.Problems.Count} problem(s) found between config and the estate register; the simulation stopped.").ConfigureAwait(false);
                return 1;
            }

            messages = await DemoReport.CountMessagesAsync(dataSource, clock.Now, cancellationToken).ConfigureAwait(false);
            dead = await DemoReport.DeadReasonsAsync(dataSource, cancellationToken).ConfigureAwait(false);
            yearEnd = await DemoReport.YearEndAsync(dataSource, config, options.To, cancellationToken).ConfigureAwait(false);
            if (options.From.Year == options.To.Year)
            {
                reportPath = Path.Combine(options.DataDirectory, "report.html");
                await using var db = EstateDatabase.CreateContext(dataSource);
                var report = await PerformanceReportBuilder.LoadAsync(db, config, options.From.Year, cancellationToken).ConfigureAwait(false);
                await File.WriteAllTextAsync(reportPath, ReportHtmlWriter.Write(report), cancellationToken).ConfigureAwait(false);
            }
        }

        var elapsed = watch.Elapsed;
        if (await clearing.ConfigureAwait(false) is var cleared and > 0)
        {
            await progress.WriteLineAsync($"Deleted the {cleared} file(s) a previous run left in {pickup}.").ConfigureAwait(false);
        }

        var planner = Path.Combine(options.DataDirectory, "planner.html");
        await WritePlannerAsync(workspace, options, planner, clock.Now).ConfigureAwait(false);
        var places = new DemoPlaces(pickup, planner, DemoDatabase.Printable(connectionString), cluster, RerunCommand(options, context, context.Today(config.Organisation)), reportPath);
        DemoReport.Write(context.Out, tally, elapsed, messages, dead, Directory.GetFiles(pickup, "*.eml").Length, yearEnd, places);
        await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);

        return options.Serve ? await ServeAsync(connectionString, pickup, mail, workspace.ConfigDirectory, context).ConfigureAwait(false) : 0;
    }

    /// <summary>The command line that runs this demo again: the options that differ from the defaults.</summary>
    private static string RerunCommand(Options options, CliContext context, LocalDate today)
    {
        var command = new System.Text.StringBuilder("dotnet run --project src/Scheduler.Worker -- demo");
        if (options.From != new LocalDate(options.From.Year, 1, 1) || options.To != new LocalDate(options.From.Year, 12, 31))
        {
            command.Append(System.Globalization.CultureInfo.InvariantCulture, $" --from {options.From:uuuu-MM-dd} --to {options.To:uuuu-MM-dd}");
        }
        else if (options.From.Year != today.Year + 1)
        {
            command.Append(System.Globalization.CultureInfo.InvariantCulture, $" --year {options.From.Year}");
        }

        if (options.DataDirectory != context.Resolve(".data"))
        {
            command.Append(" --data ").Append(options.DataDirectory);
        }

        return command.ToString();
    }

    /// <summary>
    /// The connection string to use, and the demo's cluster when it is the demo's own. A configured database is used
    /// when it holds no estate yet, or recreated with --reset; otherwise the demo stops before changing anything.
    /// </summary>
    private static async Task<(string ConnectionString, LocalPostgres? Cluster)> PrepareDatabaseAsync(
        Options options, string configDirectory, TextWriter progress, CancellationToken cancellationToken)
    {
        string? configured;
        try
        {
            configured = ConnectionSettings.Read(configDirectory);
        }
        catch (DatabaseNotReadyException e)
        {
            throw new DemoException(e.Message, e);
        }

        if (!string.IsNullOrWhiteSpace(configured))
        {
            var printable = DemoDatabase.Printable(configured);
            if (options.Reset)
            {
                await DemoDatabase.RecreateAsync(configured, cancellationToken).ConfigureAwait(false);
                await progress.WriteLineAsync($"Using the configured database ({EstateDatabase.ConnectionStringKey}), dropped and created empty (--reset): {printable}").ConfigureAwait(false);
                return (configured, null);
            }

            var rows = await DemoDatabase.ExistingEstateRowsAsync(configured, cancellationToken).ConfigureAwait(false);
            if (rows > 0)
            {
                throw new DemoException(
                    $"the configured database ({EstateDatabase.ConnectionStringKey}: {printable}) already holds an estate ({rows} import runs and work orders). "
                    + "The demo runs only on an empty database: add --reset to drop and recreate it (everything in it is lost), "
                    + $"or unset {EstateDatabase.ConnectionStringVariable} to use the demo's own cluster under {options.DataDirectory}.");
            }

            await progress.WriteLineAsync($"Using the configured database ({EstateDatabase.ConnectionStringKey}), which holds no estate yet: {printable}").ConfigureAwait(false);
            return (configured, null);
        }

        var bin = PostgresPackage.EnsureInstalled(progress);
        var cluster = LocalPostgres.For(Path.Combine(options.DataDirectory, "postgres"), bin, progress);
        var port = cluster.EnsureRunning(progress);
        var connectionString = LocalPostgres.ConnectionString(port, DemoDatabase.LocalName);
        await DemoDatabase.RecreateAsync(connectionString, cancellationToken).ConfigureAwait(false);
        await progress.WriteLineAsync($"Database {DemoDatabase.LocalName} created afresh: {connectionString}").ConfigureAwait(false);
        return (connectionString, cluster);
    }

    /// <summary>
    /// Empties the pickup folder (the demo's own: the mail of a previous run describes a database that is gone): moves
    /// it aside at once and deletes it while the year runs. The task returns how many files it deleted.
    /// </summary>
    private static Task<int> ClearPickupFolder(string pickup)
    {
        if (!Directory.Exists(pickup))
        {
            return Task.FromResult(0);
        }

        var aside = Path.Combine(Path.GetDirectoryName(pickup)!, $".{Path.GetFileName(pickup)}-deleting-{Guid.NewGuid():N}");
        Directory.Move(pickup, aside);
        return Task.Run(() =>
        {
            var count = Directory.GetFiles(aside, "*", SearchOption.AllDirectories).Length;
            Directory.Delete(aside, recursive: true);
            return count;
        });
    }

    /// <summary>The sender: the organisation's name and email (organisation.yaml), or a placeholder address.</summary>
    private static MailboxAddress Sender(Domain.Configuration.Organisation organisation) =>
        new(organisation.Name, organisation.Email is { Length: > 0 } email && EmailAddresses.IsValid(email) ? email : "demo@estate-scheduler.invalid");

    /// <summary>The year planner of the simulated range, from the calendars (what <c>preview --format html</c> writes).</summary>
    private static async Task WritePlannerAsync(Workspace workspace, Options options, string path, Instant now)
    {
        var occurrences = new OccurrenceExpander(workspace.Configuration!, workspace.Calendar!)
            .Expand(workspace.Register!, options.From, options.To, options.From)
            .ToList();
        var model = new PreviewModel(occurrences, workspace.Configuration!, workspace.Register!, options.From, options.To, now);
        await using var file = new StreamWriter(path);
        PreviewRenderers.For("html").Render(model, file);
    }

    /// <summary>
    /// Runs the worker (<c>run</c>) on the demo's database until Ctrl+C, with mail to the pickup folder: the settings it
    /// reads from the environment are set for this process (database, pickup folder, sender; no SMTP host).
    /// </summary>
    private static async Task<int> ServeAsync(string connectionString, string pickup, MailSettings mail, string configDirectory, CliContext context)
    {
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, connectionString);
        Environment.SetEnvironmentVariable("Mail__PickupDirectory", pickup);
        Environment.SetEnvironmentVariable("Mail__LetterBatchDirectory", mail.LetterBatchDirectory);
        Environment.SetEnvironmentVariable("Smtp__Host", null);
        Environment.SetEnvironmentVariable("Smtp__From", mail.From.ToString());
        await context.Error.WriteLineAsync(
            "--serve: running the worker on this database with the real clock (it plans from today); mail goes to the pickup folder. Ctrl+C stops it.")
            .ConfigureAwait(false);
        return await RunCommand.RunAsync(CommandLineArgs.Parse(["run", "--config", configDirectory]), context).ConfigureAwait(false);
    }
}
