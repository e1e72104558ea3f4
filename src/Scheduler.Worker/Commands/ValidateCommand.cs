using Scheduler.Worker.Cli;

namespace Scheduler.Worker.Commands;

/// <summary>
/// <c>estate-scheduler validate [--config DIR] [--estate DIR]</c>: reads the configuration and the estate register
/// and lists every problem at once (file:line:column, what, the value found, the accepted forms). Exit 0 when clean.
/// </summary>
internal static class ValidateCommand
{
    public static async Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        var workspace = Workspace.Load(args, context);
        args.RejectUnknown();
        if (!await workspace.ReportProblemsAsync(context.Error, "nothing was changed.").ConfigureAwait(false))
        {
            return 1;
        }

        var config = workspace.Configuration!;
        var register = workspace.Register!;
        await context.Out.WriteLineAsync(
            $"ok: {config.Schedules.Count} schedules, {config.Services.Count} services, {config.Contractors.Count} contractors " +
            $"(config version {config.Version}); register: {register.Areas.Count} areas, {register.Sites.Count} sites, " +
            $"{register.Blocks.Count} blocks, {register.Homes.Count} homes, {register.Tenants.Count} tenants").ConfigureAwait(false);
        return 0;
    }
}
