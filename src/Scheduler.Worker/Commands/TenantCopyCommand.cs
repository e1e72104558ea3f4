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
    public static Task<int> RunAsync(CommandLineArgs args, CliContext context) =>
        OrderFactCommand.RunAsync(
            args,
            context,
            "tenant-copy WO-2027-000123 --sent-on 2027-03-04",
            "sent-on",
            "the day the copy was given or sent",
            async (dataSource, reference, sentOn, _) =>
            {
                var result = await GasTenantCopies.RecordSentAsync(dataSource, reference, sentOn).ConfigureAwait(false);
                return (result.IsRecorded, result.Message);
            });
}
