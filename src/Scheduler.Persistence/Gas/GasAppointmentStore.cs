using Npgsql;
using NodaTime;
using Scheduler.Domain.Compliance;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// Reads <c>gas_appointments</c> inside the caller's transaction, with plain ADO.NET (booking runs on its own
/// connection; the completion effect on the completion's): the failed attempts and the slots taken. Bookings are
/// written by <see cref="GasBookingWriter"/>.
/// </summary>
internal static class GasAppointmentStore
{
    /// <summary>
    /// The failed attempts (no access) of each home in <paramref name="homeIds"/> by deadline, numbered in order, as the
    /// planner takes them.
    /// </summary>
    public static Task<Dictionary<(string HomeId, LocalDate Deadline), List<AccessAttempt>>> FailedAttemptsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<string> homeIds, CancellationToken cancellationToken) =>
        ReadAttemptsAsync(
            connection,
            transaction,
            """
            SELECT home_id, deadline, attempt, date, slot, letter, letter_on FROM gas_appointments
            WHERE status = 'no-access' AND home_id = ANY(@homes)
            ORDER BY home_id, deadline, attempt
            """,
            homeIds,
            cancellationToken);

    /// <summary>
    /// The same rows as <see cref="FailedAttemptsAsync"/>, read home by home: each home a probe of
    /// <c>ix_gas_appointments_home_id_deadline_attempt</c> (a <c>LATERAL</c> subquery kept apart with <c>OFFSET 0</c>). For
    /// the few homes of a report batch's no-access visits: as one <c>home_id = ANY(…)</c> over ~50 homes the planner chose
    /// a parallel scan of every appointment (50–110 ms at 300,000 homes, <c>auto_explain</c>, branch <c>reports18</c>),
    /// where one home at a time was ~1 ms.
    /// </summary>
    public static Task<Dictionary<(string HomeId, LocalDate Deadline), List<AccessAttempt>>> FailedAttemptsByHomeAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<string> homeIds, CancellationToken cancellationToken) =>
        ReadAttemptsAsync(
            connection,
            transaction,
            """
            SELECT f.home_id, f.deadline, f.attempt, f.date, f.slot, f.letter, f.letter_on
            FROM unnest(@homes) AS h(home_id)
            CROSS JOIN LATERAL (SELECT a.home_id, a.deadline, a.attempt, a.date, a.slot, a.letter, a.letter_on
                                FROM gas_appointments a WHERE a.home_id = h.home_id AND a.status = 'no-access' OFFSET 0) f
            ORDER BY f.home_id, f.deadline, f.attempt
            """,
            homeIds,
            cancellationToken);

    private static async Task<Dictionary<(string HomeId, LocalDate Deadline), List<AccessAttempt>>> ReadAttemptsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, IReadOnlyCollection<string> homeIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(string, LocalDate), List<AccessAttempt>>();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("homes", homeIds.Distinct(StringComparer.Ordinal).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = (reader.GetString(0), reader.GetFieldValue<LocalDate>(1));
            if (!result.TryGetValue(key, out var list))
            {
                result[key] = list = [];
            }

            var number = reader.GetInt32(2);
            var letter = reader.IsDBNull(5) ? AccessAttempt.LetterFor(number) : GasLetters.Parse(reader.GetString(5));
            list.Add(new AccessAttempt(number, reader.GetFieldValue<LocalDate>(3), reader.GetString(4), letter, reader.GetFieldValue<LocalDate>(6), AccessOutcome.NoAccess));
        }

        return result;
    }

    /// <summary>
    /// The slots taken from <c>@from</c> on (<see cref="TakenAsync(NpgsqlConnection, NpgsqlTransaction?, LocalDate, CancellationToken)"/>:
    /// the reference booking's read, tests only; no area, so a scan or the taken index's every area).
    /// </summary>
    internal const string TakenFromSql = "SELECT area_id, date, slot FROM gas_appointments WHERE status <> 'cancelled' AND date >= @from";

    /// <summary>
    /// The slots taken on the days of the spans <c>@areas</c>, <c>@froms</c>, <c>@throughs</c>, counted per area, day and
    /// slot, from <c>ix_gas_appointments_taken</c> (one index range a span).
    /// </summary>
    internal const string TakenSpansSql = """
        SELECT a.area_id, a.date, a.slot, count(*)::int
        FROM unnest(@areas, @froms, @throughs) AS r(area_id, first_day, last_day)
        JOIN gas_appointments a ON a.area_id = r.area_id AND a.date >= r.first_day AND a.date <= r.last_day AND a.status <> 'cancelled'
        GROUP BY a.area_id, a.date, a.slot
        """;

    /// <summary>Every slot taken from <paramref name="from"/> on (booked or already visited): capacity the planner must not reuse.</summary>
    public static async Task<List<SlotBooking>> TakenAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, LocalDate from, CancellationToken cancellationToken)
    {
        var taken = new List<SlotBooking>();
        await using var command = new NpgsqlCommand(TakenFromSql, connection, transaction);
        command.Parameters.AddWithValue("from", from);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            taken.Add(new SlotBooking(reader.GetString(0), reader.GetFieldValue<LocalDate>(1), reader.GetString(2)));
        }

        return taken;
    }

    /// <summary>
    /// The slots taken on the days of <paramref name="spans"/> (area, first day, last day, inclusive; they may overlap):
    /// every slot a plan can look at when each home's search lies within a span of its area — the nightly booking, and
    /// the no-access rebookings of the report routes, give each visit's <see cref="GasAppointmentPlanner.FirstBookableDay"/> to <see cref="GasAppointmentPlanner.LastBookableDay"/>
    /// (branch <c>book30</c>: one span per area, from the day of planning to the area's last bookable day, read ~200,000
    /// appointments a night at 300,000 homes, most of them months ahead between a few near-term homes and a few new
    /// orders' windows). The spans of an area are merged first, so each appointment is counted once; counted by the server
    /// (one row per area, day and slot, from the partial index <c>ix_gas_appointments_taken</c>, migration <c>Book7</c>)
    /// and returned once per booking, as <see cref="GasAppointmentPlanner.Plan"/> takes them.
    /// </summary>
    public static async Task<List<SlotBooking>> TakenAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IEnumerable<(string AreaId, LocalDate From, LocalDate Through)> spans, CancellationToken cancellationToken)
    {
        var taken = new List<SlotBooking>();
        var merged = Merge(spans);
        if (merged.Count == 0)
        {
            return taken;
        }

        await using var command = new NpgsqlCommand(TakenSpansSql, connection, transaction);
        command.Parameters.AddWithValue("areas", merged.Select(m => m.AreaId).ToArray());
        command.Parameters.AddWithValue("froms", merged.Select(m => m.From).ToArray());
        command.Parameters.AddWithValue("throughs", merged.Select(m => m.Through).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var slot = new SlotBooking(reader.GetString(0), reader.GetFieldValue<LocalDate>(1), reader.GetString(2));
            for (var n = reader.GetInt32(3); n > 0; n--)
            {
                taken.Add(slot);
            }
        }

        return taken;
    }

    /// <summary>The spans of each area merged where they overlap or touch (no day in two of them), by area and first day.</summary>
    internal static List<(string AreaId, LocalDate From, LocalDate Through)> Merge(IEnumerable<(string AreaId, LocalDate From, LocalDate Through)> spans)
    {
        var merged = new List<(string AreaId, LocalDate From, LocalDate Through)>();
        foreach (var span in spans.Where(s => s.From <= s.Through).OrderBy(s => s.AreaId, StringComparer.Ordinal).ThenBy(s => s.From))
        {
            if (merged.Count > 0 && merged[^1] is var last && last.AreaId == span.AreaId && span.From <= last.Through.PlusDays(1))
            {
                merged[^1] = last with { Through = span.Through > last.Through ? span.Through : last.Through };
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }
}
