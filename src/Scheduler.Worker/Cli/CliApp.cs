using Scheduler.Worker.Commands;
using Scheduler.Worker.Hosting;

namespace Scheduler.Worker.Cli;

/// <summary>
/// The <c>estate-scheduler</c> command line: picks the verb, runs it, and turns user mistakes into one clear
/// message and a non-zero exit code (2 for a usage mistake, 1 for invalid configuration or data, and 1 for a database
/// failure in the middle of a database verb: one line saying why and what was stored, <see cref="DatabaseFailure"/>).
/// </summary>
internal static class CliApp
{
    private static readonly Dictionary<string, (string Summary, Func<CommandLineArgs, CliContext, Task<int>> Run)> Verbs = new(StringComparer.Ordinal)
    {
        ["validate"] = ("check config/ (and the estate register) and list every problem", ValidateCommand.RunAsync),
        ["preview"] = ("show the occurrences the calendars produce for a date range", PreviewCommand.RunAsync),
        ["migrate"] = ("bring the database schema up to date (only ever adds)", DatabaseVerbs.MigrateAsync),
        ["import"] = ("load the estate register CSVs into the database, all or nothing", DatabaseVerbs.ImportAsync),
        ["plan"] = ("show the work orders apply would create and cancel over the horizon", DatabaseVerbs.PlanAsync),
        ["apply"] = ("create and cancel work orders over the horizon, in one transaction", DatabaseVerbs.ApplyAsync),
        ["orders"] = ("list stored work orders", DatabaseVerbs.OrdersAsync),
        ["overdue"] = ("list work past its window or SLA with no completion, by contractor", Overdue.OverdueCommand.RunAsync),
        ["report"] = ("the yearly performance report against every commitment (HTML or CSV)", Reports.ReportCommand.RunAsync),
        ["dispatch"] = ("send the outbox's email (--once: what is due now, then stop)", DispatchCommand.RunAsync),
        ["improvements"] = ("the planned-improvement schedule for a year: eligibility, programme, published page, letters", Improvements.ImprovementsCommand.RunAsync),
        ["compliance"] = ("BS01: the proportion of gas homes with an in-date check, and those without", ComplianceCommand.RunAsync),
        ["outbox"] = ("list, show or retry outbox messages", OutboxCommand.RunAsync),
        ["complete"] = ("record a visit: done, no access, or a defect (which raises a repair)", FeedbackVerbs.CompleteAsync),
        ["import-completions"] = ("record contractors' visits from a CSV file (each row checked; refusals listed)", FeedbackVerbs.ImportCompletionsAsync),
        ["apikey"] = ("create, list or revoke contractors' feedback API keys", FeedbackVerbs.ApiKeyAsync),
        ["run"] = ("run the worker service: scheduled generation, live config reload, health (the default)", RunCommand.RunAsync),
        ["tenant-copy"] = ("record that a tenant was given their copy of a gas safety record", TenantCopyCommand.RunAsync),
        ["tenant-rung"] = ("record that a tenant was rung to confirm a gas visit booked at short notice", TenantRungCommand.RunAsync),
        ["synth"] = ("write a realistic synthetic estate (register and config) for load tests", SynthCommand.RunAsync),
        ["health"] = ("ask a running worker's health endpoint; exit 0 when healthy (container health check)", HealthProbeCommand.RunAsync),
        ["demo"] = ("local PostgreSQL, the sample estate, a simulated year, emails to a folder, a summary", Demo.DemoCommand.RunAsync),
    };

    /// <summary>Runs one command line and returns the process exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        if (args.Count > 0 && args[0] is "help" or "--help" or "-h")
        {
            WriteUsage(context.Out);
            return 0;
        }

        CommandLineArgs? parsed = null;
        try
        {
            parsed = CommandLineArgs.Parse(args);
            if (!Verbs.TryGetValue(parsed.Verb, out var verb))
            {
                throw new UsageException($"'{parsed.Verb}' is not a command. Commands: {string.Join(", ", Verbs.Keys)}.");
            }

            return await verb.Run(parsed, context).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await context.Error.WriteLineAsync($"estate-scheduler: {e.Message}").ConfigureAwait(false);
            await context.Error.WriteLineAsync("Run 'estate-scheduler help' for the commands and their options.").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (parsed is not null && DatabaseFailure.Find(e) is { } failure && DatabaseFailure.WhatWasStored(parsed) is { } stored)
        {
            // The backstop: no database verb ends with an unhandled exception and a stack trace (exit 134).
            await context.Error.WriteLineAsync(DatabaseFailure.Line(parsed.Verb, failure, stored)).ConfigureAwait(false);
            return 1;
        }
    }

    private static void WriteUsage(TextWriter output)
    {
        output.WriteLine("estate-scheduler <command> [options]");
        output.WriteLine();
        foreach (var (name, (summary, _)) in Verbs)
        {
            output.WriteLine($"  {name,-10} {summary}");
        }

        output.WriteLine();
        output.WriteLine("  validate [--config DIR] [--estate DIR] [--as-of DATE]");
        output.WriteLine("  preview  --from DATE --to DATE [--schedule ID] [--asset ID] [--format table|csv|json|ics|html]");
        output.WriteLine("           [--config DIR] [--estate DIR] [--as-of DATE] [--out FILE]");
        output.WriteLine("  run      [--config DIR]   settings: DIR/appsettings.json and environment variables (docs/operations.md)");
        output.WriteLine($"  health   [--url URL]      default {HealthProbeCommand.DefaultUrl}");
        output.WriteLine("  tenant-copy REF --sent-on DATE [--config DIR]");
        output.WriteLine("  tenant-rung REF --on DATE [--config DIR]");
        output.WriteLine("  synth    --homes N --out DIR [--seed S] [--as-of DATE] [--areas N] [--sites N] [--blocks N] [--config DIR]");
        foreach (var line in Demo.DemoCommand.Usage)
        {
            output.WriteLine(line);
        }

        foreach (var line in Improvements.ImprovementsCommand.Usage)
        {
            output.WriteLine(line);
        }
        output.WriteLine();
        foreach (var line in Overdue.OverdueCommand.Usage.Concat(Reports.ReportCommand.Usage).Concat(DatabaseVerbs.Usage))
        {
            output.WriteLine(line);
        }

        output.WriteLine();
        foreach (var line in FeedbackVerbs.Usage)
        {
            output.WriteLine(line);
        }

        output.WriteLine();
        output.WriteLine("Dates are ISO (yyyy-MM-dd). --config defaults to ./config; the register comes from --estate DIR,");
        output.WriteLine("else <config>/sample.");
    }
}
