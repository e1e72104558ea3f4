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
    public static Task<int> RunAsync(CommandLineArgs args, CliContext context) =>
        OrderFactCommand.RunAsync(
            args,
            context,
            "tenant-rung WO-2027-000123 --on 2027-02-05",
            "on",
            "the day the tenant was rung",
            async (dataSource, reference, rungOn, config) =>
            {
                var result = await GasShortNotice.RecordRungAsync(dataSource, reference, rungOn, config.Organisation.Zone).ConfigureAwait(false);
                return (result.IsRecorded, result.Message);
            });
}
