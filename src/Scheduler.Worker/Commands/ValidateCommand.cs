using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Commands;

/// <summary>
/// <c>estate-scheduler validate [--config DIR] [--estate DIR] [--as-of DATE]</c>: reads the configuration and the estate register
/// (as of <c>--as-of</c>, else today in the organisation's zone, as <c>import</c> reads it: nothing in it may be dated later)
/// and lists every problem at once (file:line:column, what, the value found, the accepted forms), the email templates
/// in <c>&lt;config&gt;/templates</c> included (each parsed, and rendered with sample emails under the render limits,
/// so a syntax error or a misspelt variable is reported as <c>templates/NAME:line:column: reason</c>), and that every
/// area a schedule visits has a contractor for the repairs a reported defect raises there. Exit 0 when clean. Warnings
/// (<see cref="TemplateRenderer.TemplateWarnings"/>: parts of a template the product relies on but no send can notice
/// missing) print after the errors, each line starting <c>warning: </c>, and never change the exit code.
/// </summary>
internal static class ValidateCommand
{
    public static async Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        var asOf = args.Date("as-of");
        var workspace = Workspace.Load(args, context, today => asOf ?? today);
        args.RejectUnknown();
        var templates = Templates(workspace.ConfigDirectory, workspace.Configuration);
        workspace = workspace with { Problems = [.. workspace.Problems, .. templates.Problems, .. RepairCoverage(workspace)] };
        var valid = await workspace.ReportProblemsAsync(context.Error, "nothing was changed.").ConfigureAwait(false);

        // After the errors, with their own prefix; they never change the exit code.
        foreach (var warning in templates.Warnings)
        {
            await context.Error.WriteLineAsync(WarningPrefix + warning).ConfigureAwait(false);
        }

        if (!valid)
        {
            return 1;
        }

        var config = workspace.Configuration!;
        var register = workspace.Register!;
        await context.Out.WriteLineAsync(
            $"ok: {config.Schedules.Count} schedules, {config.Services.Count} services, {config.Contractors.Count} contractors " +
            $"(config version {config.Version}); register: {register.Areas.Count} areas, {register.Sites.Count} sites, " +
            $"{register.Blocks.Count} blocks, {register.Homes.Count} homes, {register.Tenants.Count} tenants; " +
            $"{templates.Count} email templates").ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Where a reported defect would raise a repair nobody serves: <c>repairs</c> wherever any schedule visits,
    /// <c>gas-repair</c> wherever a gas schedule visits (<see cref="Persistence.Completions.DefectCategories"/>). Only
    /// <c>validate</c> checks this: planned work does not depend on it, so apply does not refuse over it.
    /// </summary>
    private static IEnumerable<ConfigProblem> RepairCoverage(Workspace workspace)
    {
        if (workspace.Configuration is not { } config || workspace.Register is not { } register)
        {
            return [];
        }

        var gas = Persistence.Gas.GasSchedule.All(config).Select(g => g.Schedule.Id).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. ConfigurationRules.CheckReactiveCoverage(config, register, Persistence.Completions.DefectCategories.RepairsService, _ => true),
            .. ConfigurationRules.CheckReactiveCoverage(config, register, Persistence.Completions.DefectCategories.GasRepairService, s => gas.Contains(s.Id)),
        ];
    }

    /// <summary>How a warning's line starts (<see cref="TemplateRenderer.TemplateWarnings"/>).</summary>
    public const string WarningPrefix = "warning: ";

    /// <summary>The problems of the templates folder, its warnings, and how many template files it holds.</summary>
    private static (IReadOnlyList<ConfigProblem> Problems, IReadOnlyList<ConfigProblem> Warnings, int Count) Templates(string configDirectory, EstateConfiguration? configuration)
    {
        var folder = Path.Combine(configDirectory, "templates");
        if (!Directory.Exists(folder))
        {
            return ([new ConfigProblem(new SourceLocation(folder, 0, 0), "the email templates folder is missing: the dispatcher renders every email and letter from it")], [], 0);
        }

        return (TemplateRenderer.ValidateTemplates(folder), TemplateRenderer.TemplateWarnings(folder, configuration), Directory.EnumerateFiles(folder, "*" + TemplateFileName.Extension).Count());
    }
}
