using Scheduler.Persistence;
using Scheduler.Persistence.Gas;
using Scheduler.Worker.Cli;

namespace Scheduler.Worker.Commands;

/// <summary>
/// <c>estate-scheduler tenant-rung REF --on DATE [--config DIR]</c>: records that someone rang the tenant to confirm the
/// gas visit booked at short notice on work order REF (its letter goes by post and may reach them only days before the
/// visit). Until then the manager digest lists the visit every morning until its day. Exit 0 when recorded (or already
/// recorded), 1 when refused, 2 for a usage mistake.
/// </summary>
internal static class TenantRungCommand
{
    public static async Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var reference = args.Positionals.Count == 1
            ? args.Positionals[0]
            : throw new UsageException("give one work order reference, e.g. tenant-rung WO-2027-000123 --on 2027-02-05.");
        var rungOn = args.Date("on") ?? throw new UsageException("--on is required: the day the tenant was rung, e.g. --on 2027-02-05.");
        var configDir = context.Resolve(args.String("config", "config")!);
        args.RejectUnknown();
        if (await context.LoadConfigAsync(configDir, "nothing was recorded").ConfigureAwait(false) is not { } config)
        {
            return 1;
        }

        if (rungOn > context.Today(config.Organisation))
        {
            await context.Error.WriteLineAsync($"refused: {rungOn:uuuu-MM-dd} is in the future").ConfigureAwait(false);
            return 1;
        }

        try
        {
            await using var dataSource = await DatabaseCheck.OpenAsync(ConnectionSettings.Read(configDir), requireMigrated: true, CancellationToken.None).ConfigureAwait(false);
            var result = await GasShortNotice.RecordRungAsync(dataSource, reference, rungOn, config.Organisation.Zone).ConfigureAwait(false);
            await (result.IsRecorded ? context.Out : context.Error).WriteLineAsync(result.Message).ConfigureAwait(false);
            return result.IsRecorded ? 0 : 1;
        }
        catch (DatabaseNotReadyException e)
        {
            await context.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
