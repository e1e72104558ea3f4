using System.Globalization;
using Microsoft.Extensions.Configuration;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Configuration;
using Scheduler.Worker.Email;
using Scheduler.Worker.Feedback;
using Scheduler.Worker.Outbox;

namespace Scheduler.Worker.Commands;

/// <summary>
/// <c>estate-scheduler dispatch [--once] [--batch N] [--config DIR]</c>: sends the outbox. With <c>--once</c> it
/// sends everything due now and exits; without, it keeps going (waiting the poll interval whenever nothing is due)
/// until Ctrl+C. Mail settings come from the environment (<c>Smtp__Host</c>, <c>Smtp__Port</c>, <c>Smtp__Security</c>,
/// <c>Smtp__User</c>, <c>Smtp__Password</c>, <c>Smtp__From</c>, <c>Mail__PickupDirectory</c>; see docs/email.md);
/// templates from <c>&lt;config&gt;/templates</c>.
/// </summary>
internal static class DispatchCommand
{
    /// <summary>The usage lines, for <c>estate-scheduler help</c>.</summary>
    public static readonly string[] Usage =
    [
        "  dispatch [--once] [--batch N] [--config DIR]   (mail settings: Smtp__Host, Smtp__From, ... or Mail__PickupDirectory)",
    ];

    /// <summary>The options.</summary>
    public sealed record Options(bool Once, int BatchSize);

    /// <summary>The command line as the CLI registers it.</summary>
    public static async Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var options = new Options(args.Flag("once"), args.Int("batch", 200));
        if (options.BatchSize < 1)
        {
            throw new UsageException($"--batch {options.BatchSize} must be 1 or more.");
        }

        var configDir = context.Resolve(args.String("config", "config")!);
        args.RejectUnknown();
        if (!Directory.Exists(configDir))
        {
            throw new UsageException($"the config folder '{configDir}' does not exist (use --config DIR).");
        }

        var loaded = ConfigLoader.Load(configDir);
        var calendarProblems = new List<ConfigProblem>();
        var workingDays = loaded.Configuration is { } configuration
            ? Workspace.LoadBankHolidays(configDir, calendarProblems)?.Calendar(configuration.Organisation.BankHolidays)
            : null;
        var (mail, mailProblems) = MailSettings.Read(key => Environment.GetEnvironmentVariable(key.Replace(":", "__", StringComparison.Ordinal)));
        var (links, linkProblems) = ReadFeedbackLinks(configDir);
        if (linkProblems.Count > 0)
        {
            mailProblems = [.. mailProblems, .. linkProblems];
            mail = null;
        }

        if (loaded.Problems.Count > 0 || calendarProblems.Count > 0 || loaded.Configuration is null || mail is null)
        {
            foreach (var problem in loaded.Problems.Concat(calendarProblems))
            {
                await context.Error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            }

            foreach (var problem in mailProblems)
            {
                await context.Error.WriteLineAsync($"mail settings: {problem}").ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync($"{loaded.Problems.Count + calendarProblems.Count + mailProblems.Count} problem(s) found; nothing was sent.").ConfigureAwait(false);
            return 1;
        }

        using var stop = new CancellationTokenSource();
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            stop.Cancel();
        }

        Console.CancelKeyPress += OnCancel;
        try
        {
            return await RunAsync(
                options, loaded.Configuration, Path.Combine(configDir, "templates"), mail, Environment.GetEnvironmentVariable(EstateDatabase.ConnectionStringVariable),
                context, stop.Token, links, workingDays).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }

    /// <summary>
    /// Dispatches; 0 when done (or stopped), 1 with a message when the database or templates are not ready. A
    /// <c>--once</c> run cut short — the mail server unreachable, the pickup or letter folder unwritable, the database failing —
    /// still prints its summary, with the counts so far, then one paragraph on stderr (<see cref="Stopped"/>), and exits 1.
    /// <paramref name="workingDays"/> gives the days letters are posted and places weekly contractors' orders in programmes (<see cref="OutboxDispatcher"/>).
    /// </summary>
    public static async Task<int> RunAsync(
        Options options, EstateConfiguration config, string templatesDir, MailSettings mail, string? connectionString, CliContext context, CancellationToken cancellationToken,
        FeedbackLinks? feedbackLinks = null, Scheduler.Domain.WorkingDays.WorkingDayCalendar? workingDays = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await using var dataSource = await DatabaseCheck.OpenAsync(connectionString, requireMigrated: true, cancellationToken).ConfigureAwait(false);
            var dispatcher = new OutboxDispatcher(
                dataSource, config, new TemplateRenderer(templatesDir), mail, context.Clock, RetryPolicy.Default(new Random()), DispatchOptions.Default,
                feedbackLinks: feedbackLinks, workingDays: workingDays);

            // Run by hand (after mending the letter folder, as the cut-short paragraph says): the letters another run put back
            // for the folder are tried now, not only when that run's pause would have ended.
            await dispatcher.MakeLettersWaitingDueAsync(cancellationToken).ConfigureAwait(false);
            if (options.Once)
            {
                var summary = await DispatchAsync(dispatcher, options.BatchSize, context, cancellationToken).ConfigureAwait(false);
                if (summary is null)
                {
                    return 1;
                }

                await WriteAsync(context.Out, summary).ConfigureAwait(false);
                return await ReportCutShortAsync(mail, dispatcher, new OutboxStore(dataSource), summary, context).ConfigureAwait(false) ? 1 : 0;
            }

            await context.Error.WriteLineAsync("Dispatching; press Ctrl+C to stop.").ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                var round = await DispatchAsync(dispatcher, options.BatchSize, context, cancellationToken).ConfigureAwait(false);
                if (round is null)
                {
                    return 1;
                }

                if (round.Claimed > 0 || round.Enqueued > 0)
                {
                    await WriteAsync(context.Out, round).ConfigureAwait(false);
                    await ReportPickupProblemAsync(mail, round, context).ConfigureAwait(false);
                    await ReportLettersWaitingAsync(dispatcher, round, context).ConfigureAwait(false);
                    await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }

                try
                {
                    await Task.Delay(dispatcher.Options.PollInterval.ToTimeSpan(), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            return 0;
        }
        catch (DatabaseNotReadyException e)
        {
            await context.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
        catch (DirectoryNotFoundException e)
        {
            await context.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>
    /// Rounds until nothing is due. When the database fails part-way: prints the summary so far and the database's
    /// paragraph (<c>estate-scheduler dispatch: the database failed: REASON. ...</c>, docs/operations.md) and returns null.
    /// </summary>
    private static async Task<DispatchSummary?> DispatchAsync(OutboxDispatcher dispatcher, int batchSize, CliContext context, CancellationToken cancellationToken)
    {
        var progress = new DispatchProgress();
        try
        {
            return await dispatcher.DispatchDueAsync(batchSize, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (DatabaseFailure.Find(e) is { } failure)
        {
            var soFar = progress.SoFar;
            await WriteAsync(context.Out, soFar).ConfigureAwait(false);
            var notSent = soFar.Claimed - soFar.Sent - soFar.Dead - soFar.Superseded;
            var queued = string.Format(
                CultureInfo.InvariantCulture,
                "the {0} message(s) it claimed and did not send, and every message not yet claimed, stay queued in the outbox and go out when dispatch next runs "
                + "(those still marked sending once their {1}-minute lease has run out); the one in flight when the database "
                + "failed may have reached the server, and if so goes again with the same Message-Id",
                notSent,
                DispatchOptions.Default.Lease.TotalMinutes);
            await context.Error.WriteLineAsync(DatabaseFailure.Line("dispatch", failure, Stopped(soFar.Sent, queued, "Run dispatch again once the database answers."))).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// After a <c>--once</c> run: when it was cut short because the mail server could not be reached, turned the connection
    /// away or closed it (421, at the greeting or mid-session) or refused the login (the dispatcher's outage pause) or the pickup folder cannot be written,
    /// or when letters to post stayed queued because the letter batch folder cannot be written, says so on stderr in one
    /// paragraph naming the server (host:port) or the folder, with what was sent and what stays queued; true when it did.
    /// </summary>
    private static async Task<bool> ReportCutShortAsync(MailSettings mail, OutboxDispatcher dispatcher, OutboxStore store, DispatchSummary summary, CliContext context)
    {
        string cause, fix;
        if (mail.Smtp is { } smtp && dispatcher.Outage.UnreachableSince is not null)
        {
            cause = $"the mail server did not take mail: {(dispatcher.Outage.Reason ?? $"the SMTP server {smtp.Host}:{smtp.Port} did not answer").TrimEnd('.')}";
            fix = dispatcher.Outage.StatusCode switch
            {
                // Reached, and turned away or cut off with a reply: 4xx (421, at the greeting or mid-session) is the server busy, closing or throttling this sender.
                int code and >= 400 and < 500 =>
                    $"The server (Smtp:Host {smtp.Host}, Smtp:Port {smtp.Port}) is up but busy or limiting connections from here: run dispatch again later; if it keeps answering {code}, ask its administrator about its limits.",
                int code => $"The server (Smtp:Host {smtp.Host}, Smtp:Port {smtp.Port}) is up but refuses connections from here ({code}): ask its administrator to let this host send, then run dispatch again.",
                null when smtp.User is not null =>
                    $"Check that the SMTP server (Smtp:Host {smtp.Host}, Smtp:Port {smtp.Port}) is up and reachable from here and takes the login (Smtp:User, Smtp:Password), then run dispatch again.",
                null => $"Check that the SMTP server (Smtp:Host {smtp.Host}, Smtp:Port {smtp.Port}) is up and reachable from here, then run dispatch again.",
            };
        }
        else if (((mail.Smtp is null && dispatcher.Outage.UnreachableSince is not null ? dispatcher.Outage.Reason : null) ?? PickupProblem(mail, summary)) is { } problem)
        {
            cause = problem.TrimEnd('.');
            fix = "Fix the folder (Mail:PickupDirectory), then run dispatch again.";
        }
        else if (summary.LettersWaiting > 0 && dispatcher.LetterOutage.UnreachableSince is not null)
        {
            // The mail went on; the letters to post stayed queued, due again when the folder's pause ends.
            cause = $"the letters to post were not written: {(dispatcher.LetterOutage.Reason ?? "the letter batch folder cannot be written").TrimEnd('.')}";
            fix = $"Fix the folder (Mail:LetterBatchDirectory), then run dispatch again, which tries the {summary.LettersWaiting} letter(s) put back at once (otherwise they are due again from {dispatcher.LetterOutage.PausedUntil}).";
        }
        else
        {
            return false;
        }

        var queued = await store.CountOpenAsync(CancellationToken.None).ConfigureAwait(false);
        await context.Error.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"estate-scheduler dispatch: {cause}. {Stopped(summary.Sent, $"{queued} message(s) stay queued in the outbox ({summary.Retried} of them put back by this run) and go out when dispatch next runs", fix)}"))
            .ConfigureAwait(false);
        return true;
    }

    /// <summary>The part every cut-short paragraph shares: what was sent, that nothing was lost and what stays queued, then what to do.</summary>
    private static string Stopped(int sent, string queued, string then) =>
        string.Create(CultureInfo.InvariantCulture, $"This run sent {sent} message(s) before it stopped, recorded as sent and not sent again. Nothing was lost: {queued}. {then}");

    /// <summary>
    /// In the loop (no <c>--once</c>): when messages were put back for later and the pickup folder cannot be written,
    /// says so on stderr, naming the folder (the round's summary alone does not say why).
    /// </summary>
    private static async Task ReportPickupProblemAsync(MailSettings mail, DispatchSummary summary, CliContext context)
    {
        if (PickupProblem(mail, summary) is { } problem)
        {
            await context.Error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{problem} The {summary.Retried} message(s) stay queued and are tried again later; fix the folder (Mail:PickupDirectory).")).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// In the loop (no <c>--once</c>): when the round put letters to post back because the letter batch folder cannot be
    /// written, says so on stderr, naming the folder and when they are tried again (the mail went on; the summary alone
    /// does not say why). Before session 29 the loop said nothing of it.
    /// </summary>
    private static async Task ReportLettersWaitingAsync(OutboxDispatcher dispatcher, DispatchSummary summary, CliContext context)
    {
        if (summary.LettersWaiting > 0 && dispatcher.LetterOutage.UnreachableSince is not null)
        {
            await context.Error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{(dispatcher.LetterOutage.Reason ?? "The letter batch folder cannot be written.").TrimEnd('.')}. The {summary.LettersWaiting} letter(s) to post stay queued, no attempt counted, and are tried again from {dispatcher.LetterOutage.PausedUntil}; fix the folder (Mail:LetterBatchDirectory).")).ConfigureAwait(false);
        }
    }

    /// <summary>Why the pickup folder cannot be written, naming it, when the round put messages back and it cannot; else null.</summary>
    private static string? PickupProblem(MailSettings mail, DispatchSummary summary)
    {
        if (summary.Retried == 0 || mail.Smtp is not null || mail.PickupDirectory is not { } folder)
        {
            return null;
        }

        try
        {
            new PickupDirectoryTransport(folder).EnsureWritable();
            return null;
        }
        catch (MailTransportException e)
        {
            return e.Message;
        }
    }

    private static Task WriteAsync(TextWriter output, DispatchSummary s) =>
        output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"claimed {s.Claimed}: sent {s.Sent}, retry later {s.Retried}, dead {s.Dead}, superseded {s.Superseded}; enqueued for weekly contractors {s.Enqueued}"));

    // The Feedback section from DIR/appsettings.json and the environment (Feedback__SigningKey, Feedback__BaseUrl), read
    // as 'run' reads it: a value that does not convert or a key nobody reads is a problem listed, not an exception.
    private static (FeedbackLinks? Links, IReadOnlyList<string> Problems) ReadFeedbackLinks(string configDir)
    {
        try
        {
            var settings = new ConfigurationBuilder()
                .AddJsonFile(Path.GetFullPath(Path.Combine(configDir, ConnectionSettings.FileName)), optional: true, reloadOnChange: false)
                .AddEnvironmentVariables()
                .Build();
            var problems = new List<string>();
            var (_, links) = Hosting.Settings.WorkerSettings.ReadFeedback(settings, problems);
            return (links, problems);
        }
        catch (InvalidDataException e)
        {
            return (null, [$"{ConnectionSettings.FileName} is not valid JSON: {e.InnerException?.Message ?? e.Message}"]);
        }
    }
}
