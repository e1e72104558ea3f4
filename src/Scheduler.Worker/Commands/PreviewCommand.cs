using Scheduler.Domain.Calendars;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Preview;

namespace Scheduler.Worker.Commands;

/// <summary>
/// <c>estate-scheduler preview --from DATE --to DATE [--schedule ID] [--asset ID] [--format table|csv|json|ics|html]
/// [--config DIR] [--estate DIR] [--as-of DATE] [--out FILE]</c>: every occurrence whose target date is in the range,
/// computed from config and register alone (no database, nothing stored or sent).
/// </summary>
internal static class PreviewCommand
{
    public static async Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        var from = args.Date("from") ?? throw new UsageException("--from is required, e.g. --from 2027-01-01.");
        var to = args.Date("to") ?? throw new UsageException("--to is required, e.g. --to 2027-12-31.");
        if (to < from)
        {
            throw new UsageException($"--to {to:uuuu-MM-dd} is before --from {from:uuuu-MM-dd}.");
        }

        var format = args.Choice("format", "table", [.. PreviewRenderers.Formats]);
        var scheduleId = args.String("schedule");
        var assetId = args.String("asset");
        var asOfGiven = args.Date("as-of");
        var outPath = args.String("out");
        var workspace = Workspace.Load(args, context, today => asOfGiven ?? today);
        var asOf = workspace.AsOf;
        args.RejectUnknown();

        if (!await workspace.ReportProblemsAsync(context.Error, "run 'estate-scheduler validate' after fixing them.").ConfigureAwait(false))
        {
            return 1;
        }

        var config = workspace.Configuration!;
        var register = workspace.Register!;
        if (scheduleId is not null && config.FindSchedule(scheduleId) is null)
        {
            throw new UsageException($"--schedule '{scheduleId}' is not a schedule id. Schedules: {string.Join(", ", config.Schedules.Select(s => s.Id))}.");
        }

        if (assetId is not null && register.FindAsset(assetId) is null)
        {
            throw new UsageException($"--asset '{assetId}' is not a site, block or property id in {workspace.EstateDirectory}.");
        }

        var occurrences = new OccurrenceExpander(config, workspace.Calendar!)
            .Expand(register, from, to, asOf, new ExpansionFilter(scheduleId, assetId))
            .ToList();
        var model = new PreviewModel(occurrences, config, register, from, to, context.Clock.GetCurrentInstant());
        var renderer = PreviewRenderers.For(format);
        if (outPath is null)
        {
            renderer.Render(model, context.Out);
        }
        else
        {
            var path = context.Resolve(outPath);
            await using (var file = new StreamWriter(path))
            {
                renderer.Render(model, file);
            }

            await context.Error.WriteLineAsync($"wrote {occurrences.Count} occurrences as {format} to {path}").ConfigureAwait(false);
        }

        return 0;
    }
}
