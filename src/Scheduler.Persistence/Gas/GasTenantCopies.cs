using NodaTime;
using Npgsql;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// The tenant's copy of each gas safety record, which the law wants with the tenant within 28 days of the check
/// (DOMAIN.md §1): which copies are outstanding, and recording that one was given or sent. The due date is set when
/// the check is recorded (<see cref="GasCompletionEffect"/>); <c>tenant_copy_sent_on</c> stays empty until someone
/// records the copy with <see cref="RecordSentAsync"/> (<c>estate-scheduler tenant-copy</c>).
/// </summary>
public static class GasTenantCopies
{
    /// <summary>
    /// Checks whose tenant copy is not recorded as sent and falls due on or before <paramref name="today"/> plus
    /// <paramref name="withinDays"/> (overdue ones included), earliest due first.
    /// </summary>
    public static async Task<IReadOnlyList<OutstandingTenantCopy>> OutstandingAsync(
        NpgsqlDataSource dataSource, LocalDate today, int withinDays, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(
            """
            SELECT w.reference, c.home_id, c.completed_on, c.tenant_copy_due
            FROM gas_checks c JOIN work_orders w ON w.id = c.work_order_id
            WHERE c.tenant_copy_sent_on IS NULL AND c.tenant_copy_due <= @until
            ORDER BY c.tenant_copy_due, c.home_id
            """);
        command.Parameters.AddWithValue("until", today.PlusDays(withinDays));
        var copies = new List<OutstandingTenantCopy>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            copies.Add(new OutstandingTenantCopy(
                reader.GetString(0), reader.GetString(1), reader.GetFieldValue<LocalDate>(2), reader.GetFieldValue<LocalDate>(3)));
        }

        return copies;
    }

    /// <summary>Records that the tenant's copy of the check made on work order <paramref name="reference"/> went out on <paramref name="sentOn"/>.</summary>
    public static async Task<TenantCopyResult> RecordSentAsync(
        NpgsqlDataSource dataSource, string reference, LocalDate sentOn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(
            """
            WITH target AS (
                SELECT c.id, c.completed_on, c.tenant_copy_sent_on
                FROM gas_checks c JOIN work_orders w ON w.id = c.work_order_id
                WHERE w.reference = @reference
                FOR UPDATE OF c)
            UPDATE gas_checks c SET tenant_copy_sent_on = @sent
            FROM target t
            WHERE c.id = t.id AND t.tenant_copy_sent_on IS NULL AND t.completed_on <= @sent
            RETURNING c.id
            """);
        command.Parameters.AddWithValue("reference", reference);
        command.Parameters.AddWithValue("sent", sentOn);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            return new TenantCopyResult(TenantCopyStatus.Recorded, $"recorded: the tenant's copy of the gas safety record for {reference} went out on {sentOn:uuuu-MM-dd}");
        }

        await using var look = dataSource.CreateCommand(
            """
            SELECT c.completed_on, c.tenant_copy_sent_on
            FROM work_orders w LEFT JOIN gas_checks c ON c.work_order_id = w.id
            WHERE w.reference = @reference
            """);
        look.Parameters.AddWithValue("reference", reference);
        await using var reader = await look.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return new TenantCopyResult(TenantCopyStatus.UnknownOrder, $"refused: there is no work order {reference}");
        }

        if (reader.IsDBNull(0))
        {
            return new TenantCopyResult(TenantCopyStatus.NoCheck, $"refused: no gas safety check is recorded on {reference} (report the visit first)");
        }

        var completed = reader.GetFieldValue<LocalDate>(0);
        return reader.IsDBNull(1)
            ? new TenantCopyResult(TenantCopyStatus.BeforeCheck, $"refused: {sentOn:uuuu-MM-dd} is before the check itself ({completed:uuuu-MM-dd})")
            : new TenantCopyResult(TenantCopyStatus.AlreadyRecorded, $"already recorded: the copy for {reference} went out on {reader.GetFieldValue<LocalDate>(1):uuuu-MM-dd}; nothing changed");
    }
}

/// <summary>A tenant's copy of a gas safety record not yet recorded as sent.</summary>
public sealed record OutstandingTenantCopy(string Reference, string HomeId, LocalDate CompletedOn, LocalDate Due);

/// <summary>What <see cref="GasTenantCopies.RecordSentAsync"/> did, with a sentence saying so.</summary>
public sealed record TenantCopyResult(TenantCopyStatus Status, string Message)
{
    /// <summary>True when the copy is (now, or already) recorded.</summary>
    public bool IsRecorded => Status is TenantCopyStatus.Recorded or TenantCopyStatus.AlreadyRecorded;
}

/// <summary>The outcomes of recording a tenant copy.</summary>
public enum TenantCopyStatus
{
    /// <summary>Not a result (the default value).</summary>
    Invalid,

    /// <summary>Recorded now.</summary>
    Recorded,

    /// <summary>Already recorded before; nothing changed.</summary>
    AlreadyRecorded,

    /// <summary>No such work order.</summary>
    UnknownOrder,

    /// <summary>The order has no gas check recorded.</summary>
    NoCheck,

    /// <summary>The date given is before the check.</summary>
    BeforeCheck,
}
