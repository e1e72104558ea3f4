using NodaTime;
using Npgsql;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// Gas visits booked at short notice (<c>gas_appointments.short_notice</c>; docs/gas-safety.md, The deadline wins): the
/// letter goes by post and the deadline left no slot at the full notice, so the tenant may have it only days before the
/// visit, or after it. Someone should ring the tenant to confirm. Read for the manager digest.
/// </summary>
public static class GasShortNotice
{
    /// <summary>The visits booked at short notice and still booked, on or after <paramref name="today"/>, earliest first.</summary>
    public static async Task<IReadOnlyList<ShortNoticeVisit>> UpcomingAsync(NpgsqlDataSource dataSource, LocalDate today, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(
            """
            SELECT w.reference, a.home_id, a.area_id, a.date, a.slot, a.letter_reaches, a.deadline
            FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id
            WHERE a.short_notice AND a.status = 'booked' AND a.date >= @today
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
