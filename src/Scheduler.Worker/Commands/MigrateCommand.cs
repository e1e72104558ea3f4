using Microsoft.EntityFrameworkCore;
using Scheduler.Persistence;

namespace Scheduler.Worker.Commands;

/// <summary><c>estate-scheduler migrate</c>: applies every pending migration (additive only) to the configured database.</summary>
internal static class MigrateCommand
{
    /// <summary>Runs the verb; 0 when the database is up to date, 1 with a one-paragraph message when it cannot be reached.</summary>
    public static async Task<int> RunAsync(string? connectionString, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            await using var dataSource = await DatabaseCheck.OpenAsync(connectionString, requireMigrated: false, cancellationToken).ConfigureAwait(false);
            await using var db = EstateDatabase.CreateContext(dataSource);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
            await EstateDatabase.MigrateAsync(dataSource, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(pending.Count == 0
                ? "The database is up to date; nothing to migrate."
                : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}.").ConfigureAwait(false);
            return 0;
        }
        catch (DatabaseNotReadyException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
