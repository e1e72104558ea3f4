using Npgsql;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// Whether the register changed since the last apply: <c>register_version</c> (raised by a statement trigger on every
/// write of the register's tables: an import, or a change by hand) against the version the last apply read and recorded
/// in <c>generation_watermark</c> (docs/database.md, The nightly generation).
/// </summary>
public static class RegisterVersions
{
    /// <summary>
    /// The register version now and the one the last apply read (null when no apply has been recorded), in one read of
    /// its own, outside any apply. The worker's register watch compares them to run generate soon after an import
    /// instead of at the next night (docs/operations.md, After a register import).
    /// </summary>
    public static async Task<(long Current, long? Applied)> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(
            """
            SELECT (SELECT version FROM register_version WHERE id = 1), m.register_version
            FROM (SELECT 1) one LEFT JOIN generation_watermark m ON m.id = 1
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.IsDBNull(0) ? -1 : reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
    }
}
