using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Scheduler.Persistence;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Commands;

/// <summary>
/// <c>estate-scheduler outbox list [--status S] [--limit N]</c>, <c>outbox show ID</c>, <c>outbox retry ID</c>: the
/// outbox for people. <c>retry</c> makes a dead message pending again (after fixing what killed it: the address in
/// config and an apply, a template, the server). Output names recipients by id, never by address.
/// </summary>
internal static class OutboxCommand
{
    /// <summary>The usage lines, for <c>estate-scheduler help</c>.</summary>
    public static readonly string[] Usage =
    [
        "  outbox   list [--status pending|sending|sent|dead|superseded] [--limit N]",
        "  outbox   show ID | retry ID     (retry: a dead message becomes pending again, due now)",
    ];

    private static readonly string[] Columns = ["id", "kind", "status", "attempts", "next_attempt_at", "recipient", "key", "last_error"];

    /// <summary>What to do.</summary>
    public sealed record Options(string Action, long? Id, string? Status, int Limit);

    /// <summary>The command line as the CLI registers it.</summary>
    public static Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var options = ReadOptions(args);
        args.RejectUnknown();
        return RunAsync(options, Environment.GetEnvironmentVariable(EstateDatabase.ConnectionStringVariable), context.Clock, context.Out, context.Error, CancellationToken.None);
    }

    /// <summary>Reads the sub-command and its options; throws <see cref="UsageException"/> for a mistake.</summary>
    public static Options ReadOptions(CommandLineArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var words = args.Positionals;
        var action = words.Count > 0 ? words[0] : "list";
        switch (action)
        {
            case "list":
                if (words.Count > 1)
                {
                    throw new UsageException($"'outbox list' takes no '{words[1]}'.");
                }

                var status = args.String("status");
                if (status is not null && !OutboxStatuses.All.Contains(status))
                {
                    throw new UsageException($"--status '{status}' is not one of: {string.Join(", ", OutboxStatuses.All)}.");
                }

                var limit = args.Int("limit", 100);
                if (limit < 1)
                {
                    throw new UsageException($"--limit {limit} must be 1 or more.");
                }

                return new Options(action, null, status, limit);
            case "show" or "retry":
                if (words.Count != 2 || !long.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    throw new UsageException($"'outbox {action}' needs one message id (a number, as 'outbox list' shows), e.g. outbox {action} 42.");
                }

                return new Options(action, id, null, 0);
            default:
                throw new UsageException($"'outbox {action}' is not a sub-command: use list, show ID or retry ID.");
        }
    }

    /// <summary>Runs it; 0 on success, 1 when the message is missing or not dead, or the database is not ready.</summary>
    public static async Task<int> RunAsync(Options options, string? connectionString, IClock clock, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            await using var dataSource = await DatabaseCheck.OpenAsync(connectionString, requireMigrated: true, cancellationToken).ConfigureAwait(false);
            await using var db = EstateDatabase.CreateContext(dataSource);
            switch (options.Action)
            {
                case "list":
                    WriteTable(await OutboxAdmin.ListAsync(db, options.Status, options.Limit, cancellationToken).ConfigureAwait(false), clock.GetCurrentInstant(), output);
                    return 0;
                case "show":
                    var message = await OutboxAdmin.FindAsync(db, options.Id!.Value, cancellationToken).ConfigureAwait(false);
                    if (message is null)
                    {
                        await error.WriteLineAsync($"No outbox message has id {options.Id}.").ConfigureAwait(false);
                        return 1;
                    }

                    WriteDetail(message, clock.GetCurrentInstant(), output);
                    return 0;
                default:
                    return await RetryAsync(db, options.Id!.Value, clock, output, error, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DatabaseNotReadyException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<int> RetryAsync(EstateDbContext db, long id, IClock clock, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        switch (await OutboxAdmin.RetryAsync(db, id, clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false))
        {
            case OutboxRetryResult.Revived:
                await output.WriteLineAsync($"Message {id} is pending again; the next dispatch sends it.").ConfigureAwait(false);
                return 0;
            case OutboxRetryResult.NotFound:
                await error.WriteLineAsync($"No outbox message has id {id}.").ConfigureAwait(false);
                return 1;
            default:
                var status = (await OutboxAdmin.FindAsync(db, id, cancellationToken).ConfigureAwait(false))?.Status;
                await error.WriteLineAsync($"Message {id} is {status}, not dead: only dead messages are retried by hand.").ConfigureAwait(false);
                return 1;
        }
    }

    // A pending message written ahead of its time (issueAhead, letterAhead) whose release is still to come is shown as
    // scheduled, with its due time: it is not backlog.
    private static string StatusOf(OutboxMessage m, Instant now) =>
        m.Status == OutboxStatuses.Pending && m.ReleaseAt is { } release && release > now ? "scheduled" : m.Status;

    private static void WriteTable(IReadOnlyList<OutboxMessage> messages, Instant now, TextWriter output)
    {
        var rows = new List<string[]> { Columns };
        rows.AddRange(messages.Select(m => new[]
        {
            m.Id.ToString(CultureInfo.InvariantCulture), m.Kind, StatusOf(m, now), m.Attempts.ToString(CultureInfo.InvariantCulture),
            m.Status is OutboxStatuses.Pending or OutboxStatuses.Sending ? InstantPattern.General.Format(m.NextAttemptAt) : string.Empty,
            $"{m.RecipientKind}:{m.RecipientId}", m.IdempotencyKey, Shorten(LastError(m)),
        }));
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{messages.Count} message(s)"));
    }

    private static void WriteDetail(OutboxMessage m, Instant now, TextWriter output)
    {
        static string At(Instant? at) => at is { } value ? InstantPattern.General.Format(value) : "-";
        output.WriteLine($"id:              {m.Id}");
        output.WriteLine($"kind:            {m.Kind}");
        output.WriteLine($"status:          {StatusOf(m, now)}");
        output.WriteLine($"idempotency key: {m.IdempotencyKey}");
        output.WriteLine($"message id:      <{m.MessageId}>");
        output.WriteLine($"recipient:       {m.RecipientKind} {m.RecipientId}");
        output.WriteLine($"work orders:     {string.Join(' ', m.WorkOrderIds)}");
        output.WriteLine($"sequence:        {m.Sequence}");
        if (m.WeekStart is { } week)
        {
            output.WriteLine($"week start:      {LocalDatePattern.Iso.Format(week)}");
        }

        output.WriteLine($"attempts:        {m.Attempts}");
        output.WriteLine($"next attempt at: {At(m.NextAttemptAt)}");
        output.WriteLine($"lease until:     {At(m.LeaseUntil)}");
        output.WriteLine($"created at:      {At(m.CreatedAt)}");
        if (m.ReleaseAt is { } release)
        {
            output.WriteLine($"released at:     {At(release)}{(release > now ? " (scheduled: not sent before then)" : string.Empty)}");
        }

        output.WriteLine($"sent at:         {At(m.SentAt)}");
        output.WriteLine($"last error:      {LastError(m) ?? "-"}");
    }

    // A server's reply is stored with the addresses it echoed withheld (SmtpTransport); one stored before that (session
    // 37) is shown so too: the output names recipients by id, never by address.
    private static string? LastError(OutboxMessage m) => m.LastError is { } error ? SmtpTransport.WithoutAddresses(error) : null;

    private static string Shorten(string? text)
    {
        var line = (text ?? string.Empty).ReplaceLineEndings(" ");
        return line.Length <= 80 ? line : string.Concat(line.AsSpan(0, 77), "...");
    }
}
