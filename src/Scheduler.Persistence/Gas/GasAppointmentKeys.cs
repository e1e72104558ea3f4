using Npgsql;
using Scheduler.Persistence.Bulk;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// The foreign keys of <c>gas_appointments</c> (to <c>work_orders</c> and <c>homes</c>) dropped inside the booking's
/// transaction before a bulk COPY and added again after it, in the same transaction: adding a key checks every row in one
/// join, where the COPY checked each row with a query of its own (two per appointment: ~2.7 s of the server's CPU for the
/// first night's ~225,000 at 300,000 homes, against ~0.4 s for the two joins). Each key comes back from its own
/// definition as the server gave it (<c>pg_get_constraintdef</c>), under its own name. Everything is transactional: no
/// other transaction ever sees the table without its keys, and a rollback brings them back as they were.
/// </summary>
/// <remarks>
/// Dropping a foreign key takes an <c>ACCESS EXCLUSIVE</c> lock on both tables of each key (<c>gas_appointments</c>,
/// <c>work_orders</c>, <c>homes</c>) until the booking commits: every other reader and writer of them waits. When the lock
/// is not granted within <see cref="LockTimeout"/>, or the role may not alter the table, or a deadlock is detected,
/// nothing is dropped and the rows are checked one by one as before. A row without its order or home fails the key's
/// validation with SQLSTATE 23503, as it would have failed its own check.
/// </remarks>
internal sealed class GasAppointmentKeys
{
    /// <summary>How long the drop waits for the tables' locks before giving up (and the COPY checks each row).</summary>
    public const string LockTimeout = BoundedDrop.LockTimeout;

    private const string Savepoint = "gas_appointment_keys";

    private const string DefinitionsSql = """
        SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
        WHERE conrelid = 'gas_appointments'::regclass AND contype = 'f'
        ORDER BY conname
        """;

    private readonly IReadOnlyList<(string Name, string Definition)> _keys;

    private GasAppointmentKeys(IReadOnlyList<(string Name, string Definition)> keys) => _keys = keys;

    /// <summary>The dropped keys' names, in the order they are added again.</summary>
    public IEnumerable<string> Names => _keys.Select(k => k.Name);

    /// <summary>
    /// Drops the foreign keys of <c>gas_appointments</c> inside <paramref name="transaction"/>; null when nothing was
    /// dropped (none, or the lock, a privilege or a deadlock stopped it: the transaction goes on as it was). The caller
    /// must call <see cref="AddAsync"/> after its write, in the same transaction.
    /// </summary>
    public static async Task<GasAppointmentKeys?> TryDropAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var keys = new List<(string Name, string Definition)>();
        await using (var read = new NpgsqlCommand(DefinitionsSql, connection, transaction))
        {
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                keys.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        if (keys.Count == 0)
        {
            return null;
        }

        var dropped = await BoundedDrop.TryAsync(
            connection, transaction, Savepoint, $"ALTER TABLE gas_appointments {string.Join(", ", keys.Select(k => $"DROP CONSTRAINT {Quote(k.Name)}"))};", cancellationToken).ConfigureAwait(false);
        return dropped ? new GasAppointmentKeys(keys) : null;
    }

    /// <summary>Adds every dropped key again from its definition (each checks every row of the table in one join), in the drop's transaction.</summary>
    /// <exception cref="PostgresException">SQLSTATE 23503 when a row written has no order or home.</exception>
    public async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var add = new NpgsqlCommand(
            $"ALTER TABLE gas_appointments {string.Join(", ", _keys.Select(k => $"ADD CONSTRAINT {Quote(k.Name)} {k.Definition}"))}",
            connection,
            transaction)
        { CommandTimeout = 0 };
        await add.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
