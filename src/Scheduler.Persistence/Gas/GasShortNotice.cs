using NodaTime;
using Npgsql;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// Gas visits booked at short notice (<c>gas_appointments.short_notice</c>; docs/gas-safety.md, The deadline wins): the
/// letter goes by post and the deadline left no slot at the full notice, so the tenant may have it only days before the
/// visit, or after it. Someone should ring the tenant to confirm, and record the call (<see cref="RecordRungAsync"/>,
/// <c>estate-scheduler tenant-rung</c>): the manager digest lists each such visit until then, or until its day.
/// </summary>
public static class GasShortNotice
{
    /// <summary>
    /// The visits booked at short notice and still booked, on or after <paramref name="today"/>, whose tenant is not yet
    /// recorded as rung, earliest first.
    /// </summary>
    public static async Task<IReadOnlyList<ShortNoticeVisit>> UpcomingAsync(NpgsqlDataSource dataSource, LocalDate today, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(
            """
            SELECT w.reference, a.home_id, a.area_id, a.date, a.slot, a.letter_reaches, a.deadline
            FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id
            WHERE a.short_notice AND a.status = 'booked' AND a.date >= @today AND a.tenant_rung_on IS NULL
            ORDER BY a.date, a.slot, a.home_id
            """);
        command.Parameters.AddWithValue("today", today);
        var visits = new List<ShortNoticeVisit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            visits.Add(new ShortNoticeVisit(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<LocalDate>(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<LocalDate>(5),
                reader.GetFieldValue<LocalDate>(6)));
        }

        return visits;
    }

    /// <summary>
    /// Records that the tenant of the visit booked at short notice on work order <paramref name="reference"/> was rung
    /// on <paramref name="rungOn"/> to confirm it: the order's visit still booked (one at most), booked at short notice,
    /// on or after the day it was booked (in <paramref name="zone"/>) and not after the visit's day. Recording it twice
    /// changes nothing. One statement; the reasons for a refusal are read only when it recorded nothing.
    /// </summary>
    public static async Task<TenantRungResult> RecordRungAsync(
        NpgsqlDataSource dataSource, string reference, LocalDate rungOn, DateTimeZone zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(zone);
        await using var command = dataSource.CreateCommand(
            """
            UPDATE gas_appointments a SET tenant_rung_on = @rung
            FROM work_orders w
            WHERE w.reference = @reference AND a.work_order_id = w.id
              AND a.status = 'booked' AND a.short_notice AND a.tenant_rung_on IS NULL
              AND a.date >= @rung AND (a.booked_at AT TIME ZONE @zone)::date <= @rung
            RETURNING a.date, a.slot
            """);
        command.Parameters.AddWithValue("reference", reference);
        command.Parameters.AddWithValue("rung", rungOn);
        command.Parameters.AddWithValue("zone", zone.Id);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new TenantRungResult(
                    TenantRungStatus.Recorded,
                    $"recorded: the tenant of {reference} was rung on {rungOn:uuuu-MM-dd} about the visit on {reader.GetFieldValue<LocalDate>(0):uuuu-MM-dd} {reader.GetString(1)}; the manager digest no longer lists it");
            }
        }

        await using var look = dataSource.CreateCommand(
            """
            SELECT a.date, a.slot, a.short_notice, a.tenant_rung_on, (a.booked_at AT TIME ZONE @zone)::date
            FROM work_orders w LEFT JOIN gas_appointments a ON a.work_order_id = w.id AND a.status = 'booked'
            WHERE w.reference = @reference
            """);
        look.Parameters.AddWithValue("reference", reference);
        look.Parameters.AddWithValue("zone", zone.Id);
        await using var row = await look.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await row.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return new TenantRungResult(TenantRungStatus.UnknownOrder, $"refused: there is no work order {reference}");
        }

        if (row.IsDBNull(0))
        {
            return new TenantRungResult(TenantRungStatus.NoVisitBooked, $"refused: {reference} has no visit booked (it was visited, cancelled or is not booked yet)");
        }

        var date = row.GetFieldValue<LocalDate>(0);
        var slot = row.GetString(1);
        if (!row.GetBoolean(2))
        {
            return new TenantRungResult(TenantRungStatus.NotShortNotice, $"refused: the visit on {date:uuuu-MM-dd} {slot} for {reference} was booked with the full notice: there is no call to record");
        }

        if (!row.IsDBNull(3))
        {
            return new TenantRungResult(TenantRungStatus.AlreadyRecorded, $"already recorded: the tenant of {reference} was rung on {row.GetFieldValue<LocalDate>(3):uuuu-MM-dd}; nothing changed");
        }

        var booked = row.GetFieldValue<LocalDate>(4);
        return rungOn < booked
            ? new TenantRungResult(TenantRungStatus.BeforeBooking, $"refused: {rungOn:uuuu-MM-dd} is before the visit was booked ({booked:uuuu-MM-dd})")
            : new TenantRungResult(TenantRungStatus.AfterVisit, $"refused: {rungOn:uuuu-MM-dd} is after the visit's day ({date:uuuu-MM-dd}): a call to confirm it is made before it");
    }
}

/// <summary>A gas visit booked at short notice and still to come.</summary>
/// <param name="Reference">Its work order.</param>
/// <param name="HomeId">The home.</param>
/// <param name="AreaId">The home's area.</param>
/// <param name="Date">The visit's day.</param>
/// <param name="Slot">AM or PM.</param>
/// <param name="LetterReaches">The day the tenant has the letter, as the booking counted it.</param>
/// <param name="Deadline">The deadline the visit is booked before.</param>
public sealed record ShortNoticeVisit(string Reference, string HomeId, string AreaId, LocalDate Date, string Slot, LocalDate? LetterReaches, LocalDate Deadline);

/// <summary>What <see cref="GasShortNotice.RecordRungAsync"/> did, with a sentence saying so.</summary>
public sealed record TenantRungResult(TenantRungStatus Status, string Message)
{
    /// <summary>True when the call is (now, or already) recorded.</summary>
    public bool IsRecorded => Status is TenantRungStatus.Recorded or TenantRungStatus.AlreadyRecorded;
}

/// <summary>The outcomes of recording a call to a tenant about a visit booked at short notice.</summary>
public enum TenantRungStatus
{
    /// <summary>Not a result (the default value).</summary>
    Invalid,

    /// <summary>Recorded now.</summary>
    Recorded,

    /// <summary>Already recorded before; nothing changed.</summary>
    AlreadyRecorded,

    /// <summary>No such work order.</summary>
    UnknownOrder,

    /// <summary>The order has no visit booked (visited, cancelled, or not booked yet).</summary>
    NoVisitBooked,

    /// <summary>The order's visit was booked with the full notice.</summary>
    NotShortNotice,

    /// <summary>The date given is before the visit was booked.</summary>
    BeforeBooking,

    /// <summary>The date given is after the visit's day.</summary>
    AfterVisit,
}
