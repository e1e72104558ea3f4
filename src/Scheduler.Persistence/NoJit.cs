using Npgsql;

namespace Scheduler.Persistence;

/// <summary>
/// Turns PostgreSQL's JIT compilation off for the rest of one transaction (<c>SET LOCAL jit = off</c>). For statements
/// whose cost estimate crosses <c>jit_above_cost</c> although they touch few rows (the outbox claim, the nightly gas
/// booking, an incremental night, a batch of reports, the weekly contractors' notices): compiling them took longer than
/// running them (measured; each caller says by how much).
/// </summary>
public static class NoJit
{
    /// <summary>Runs <c>SET LOCAL jit = off</c> in <paramref name="transaction"/>; it ends with the transaction.</summary>
    public static async Task ForTransactionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SET LOCAL jit = off", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
