using Scheduler.Persistence;
using Scheduler.Persistence.Gas;
using Scheduler.Worker.Cli;

namespace Scheduler.Worker.Commands;

/// <summary>
/// <c>estate-scheduler tenant-copy REF --sent-on DATE [--config DIR]</c>: records that the tenant was given (or sent) their
/// copy of the gas safety record made on work order REF. Until then the daily digest lists the copy from 7 days before
/// it is due (28 days after the check). Exit 0 when recorded (or already recorded), 1 when refused, 2 for a usage mistake.
/// </summary>
internal static class TenantCopyCommand
{
    public static async Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var reference = args.Positionals.Count == 1
            ? args.Positionals[0]
            : throw new UsageException("give one work order reference, e.g. tenant-copy WO-2027-000123 --sent-on 2027-03-04.");
        var sentOn = args.Date("sent-on") ?? throw new UsageException("--sent-on is required, e.g. --sent-on 2027-03-04.");
        var configDir = context.Resolve(args.String("config", "config")!);
        args.RejectUnknown();
        if (await context.LoadConfigAsync(configDir, "nothing was recorded").ConfigureAwait(false) is not { } config)
        {
            return 1;
        }

        if (sentOn > context.Today(config.Organisation))
        {
            await context.Error.WriteLineAsync($"refused: {sentOn:uuuu-MM-dd} is in the future").ConfigureAwait(false);
            return 1;
        }

        try
        {
            await using var dataSource = await DatabaseCheck.OpenAsync(ConnectionSettings.Read(configDir), requireMigrated: true, CancellationToken.None).ConfigureAwait(false);
            var result = await GasTenantCopies.RecordSentAsync(dataSource, reference, sentOn).ConfigureAwait(false);
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
