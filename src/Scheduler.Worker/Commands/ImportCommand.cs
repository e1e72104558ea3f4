using NodaTime;
using Scheduler.Domain.Estate;
using Scheduler.Persistence;
using Scheduler.Persistence.Register;

namespace Scheduler.Worker.Commands;

/// <summary>
/// <c>estate-scheduler import --estate DIR</c>, after the caller has loaded the CSV register with no problems:
/// imports it in one transaction and prints what changed. Register problems are the caller's to print (with
/// file, line and column) before calling this; then nothing is written.
/// </summary>
internal static class ImportCommand
{
    /// <summary>Runs the import; 0 on success, 1 with a message when the database or the register refuses it.</summary>
    public static async Task<int> RunAsync(
        EstateRegister register, string source, LocalDate asOf, string? connectionString, IClock clock,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            await using var dataSource = await DatabaseCheck.OpenAsync(connectionString, requireMigrated: true, cancellationToken).ConfigureAwait(false);
            var summary = await new RegisterImporter(dataSource, clock).ImportAsync(register, source, asOf, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(
                $"Imported {source} (import {summary.ImportRunId}): {summary.Added} added, {summary.Updated} updated, "
                + $"{summary.Deactivated} deactivated, {summary.Reactivated} reactivated, {summary.Unchanged} unchanged; "
                + $"{summary.CancelledOrders.Count} future unsent order(s) cancelled.").ConfigureAwait(false);
            foreach (var reference in summary.CancelledOrders)
            {
                await output.WriteLineAsync($"  cancelled {reference}: its asset is no longer in the register").ConfigureAwait(false);
            }

            if (summary.AddressNotices > 0)
            {
                await output.WriteLineAsync(
                    $"{summary.AddressNotices} open order(s) already sent to their contractor have a new address: a changed-address notice each is queued.").ConfigureAwait(false);
            }

            return 0;
        }
        catch (DatabaseNotReadyException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
        catch (RegisterImportException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
