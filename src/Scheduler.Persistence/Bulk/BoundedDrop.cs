using Npgsql;

namespace Scheduler.Persistence.Bulk;

/// <summary>
/// The drop before a bulk write (<see cref="DeferredIndexes"/>, <c>GasAppointmentKeys</c>): DDL run inside the caller's
/// transaction under a savepoint, waiting at most <see cref="LockTimeout"/> for its locks. When the lock is not granted in
/// time (another transaction is using the table), the role may not alter it, a deadlock is detected or the object is
/// already gone, the savepoint is rolled back and nothing was dropped: the caller writes as usual.
/// </summary>
internal static class BoundedDrop
{
    /// <summary>How long a drop waits for its locks before giving up.</summary>
    public const string LockTimeout = "2s";

    /// <summary>
    /// Runs <paramref name="ddl"/> (one or more statements) under savepoint <paramref name="savepoint"/> with
    /// <see cref="LockTimeout"/>; true when it ran, false when one of the reasons above stopped it (the transaction goes
    /// on as it was). The lock timeout is the savepoint's own: put back after the DDL, or ended with the rollback.
    /// </summary>
    public static async Task<bool> TryAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string savepoint, string ddl, CancellationToken cancellationToken)
    {
        await transaction.SaveAsync(savepoint, cancellationToken).ConfigureAwait(false);
        try
        {
            string previous;
            await using (var current = new NpgsqlCommand("SELECT current_setting('lock_timeout')", connection, transaction))
            {
                previous = (string)(await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            await using var drop = new NpgsqlCommand(
                $"""
                SELECT set_config('lock_timeout', '{LockTimeout}', true);
                {ddl}
                SELECT set_config('lock_timeout', @previous, true);
                """,
                connection,
                transaction);
            drop.Parameters.AddWithValue("previous", previous);
            await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.ReleaseAsync(savepoint, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.InsufficientPrivilege
                                              or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UndefinedObject)
        {
            await transaction.RollbackAsync(savepoint, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }
}
