using System.Globalization;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// Escalates a home to the compliance manager inside the caller's transaction: a <c>gas_escalations</c> row (the flag,
/// with the evidence) and a <c>manager-escalation</c> outbox row to the manager <c>compliance</c>. Once per home and
/// deadline: a second call writes nothing.
/// </summary>
internal static class GasEscalationStore
{
    /// <summary>The manager id escalations are addressed to (resolved to an address when sent).</summary>
    public const string ComplianceManager = "compliance";

    // Each attempt with what became of its letter: the tenant-letter row of its key (GasBookingWriter.LetterKey, made from
    // the appointment's own order: an overdue home's attempts span its orders). None for a visit reported without a
    // booking (no letter), nor for a void home's booking (no tenant: no letter was queued). The letter is the one queued
    // (its payload's: a first visit that replaced one the tenant was told of went with the changed-appointment letter),
    // else the appointment's.
    private const string EvidenceSql = """
        SELECT a.attempt, a.date, a.slot, coalesce(o.payload->>'letter', a.letter), a.letter_on, a.status, a.outcome_on,
               o.status, o.sent_at, o.delivered_via, coalesce(o.release_at, o.created_at), o.last_error, o.message_id
        FROM gas_appointments a
        JOIN work_orders w ON w.id = a.work_order_id
        LEFT JOIN outbox_messages o ON a.letter IS NOT NULL AND o.kind = 'tenant-letter'
                                   AND o.idempotency_key = 'letter/' || w.reference || '/' || a.attempt || '/' || a.id
        WHERE a.home_id = @home AND a.deadline = @deadline AND a.status <> 'cancelled'
        ORDER BY a.attempt
        """;

    /// <summary>
    /// The orders of the home's appointments for the deadline, whatever their status (their letters still waiting are
    /// superseded before the evidence is read). Found through the home's own orders (<c>ix_work_orders_asset_id_schedule_id</c>:
    /// a gas appointment's home is its order's asset) and their appointments (<c>ix_gas_appointments_work_order_id</c>):
    /// the only index on <c>(home_id, deadline)</c> is partial (<c>status &lt;&gt; 'cancelled'</c>), so the same
    /// question asked of <c>gas_appointments</c> alone scanned the whole table (215,000 appointments from the first
    /// night at 300,000 homes, ~370,000 by July; a parallel scan, ~65 ms a call) once for every escalation, and the
    /// reports step's server time grew with the escalations from mid-June of the year run (docs/benchmarks-history.md,
    /// branch <c>rep30</c>).
    /// </summary>
    internal const string OrdersSql = """
        SELECT DISTINCT a.work_order_id
        FROM work_orders w JOIN gas_appointments a ON a.work_order_id = w.id
        WHERE w.asset_id = @home AND a.home_id = @home AND a.deadline = @deadline
        """;

    private const string FlagSql = """
        INSERT INTO gas_escalations (home_id, work_order_id, deadline, escalated_on, attempts, reason, evidence, created_at)
        VALUES (@home, @order, @deadline, @on, @attempts, @reason, @evidence::jsonb, @now)
        ON CONFLICT (home_id, deadline) DO NOTHING
        RETURNING id
        """;

    private const string MessageSql = """
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, payload,
                                     sequence, status, attempts, next_attempt_at, created_at)
        VALUES ('manager-escalation', @key, @key || '@estate-scheduler', 'manager', @manager, ARRAY[@order], @payload::jsonb, 0, 'pending', 0, @now, @now)
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    /// <summary>The idempotency key of the escalation of <paramref name="homeId"/> for <paramref name="deadline"/>
    /// (<c>…/no-known-check</c> for a home with no gas check known: <see cref="GasSafetyRecord.NoKnownCheck"/>).</summary>
    public static string Key(string homeId, LocalDate deadline) =>
        deadline == GasSafetyRecord.NoKnownCheck
            ? $"escalation/gas/{homeId}/no-known-check"
            : string.Create(CultureInfo.InvariantCulture, $"escalation/gas/{homeId}/{deadline:uuuu-MM-dd}");

    /// <summary>
    /// Escalates <paramref name="order"/>'s home; true when this call wrote the escalation. Each attempt's letter is given
    /// as it went (<see cref="GasLetterStates"/>: the date in <paramref name="zone"/> it was emailed, the day of the
    /// post batch it went into), or why it did not; a letter still waiting for a visit already reported is superseded
    /// first (as the report's own transaction does after this), so the evidence says it never went. A posted letter's
    /// evidence also says the day it reaches the tenant by (<paramref name="reachesByPost"/> of its batch's day: the
    /// schedule's <c>postDays</c> working days on), and whether that is before its visit.
    /// </summary>
    public static async Task<bool> EscalateAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, GasOrder order, LocalDate deadline, LocalDate on, DateTimeZone zone, Instant now,
        Func<LocalDate, LocalDate> reachesByPost, CancellationToken cancellationToken)
    {
        var orders = new List<long>();
        await using (var read = new NpgsqlCommand(OrdersSql, connection, transaction))
        {
            read.Parameters.AddWithValue("home", order.HomeId);
            read.Parameters.AddWithValue("deadline", deadline);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                orders.Add(reader.GetInt64(0));
            }
        }

        await PendingLetters.SupersedeUnbookedAsync(connection, transaction, [.. orders], cancellationToken).ConfigureAwait(false);
        var attempts = new List<GasAttemptEvidence>();
        await using (var read = new NpgsqlCommand(EvidenceSql, connection, transaction))
        {
            read.Parameters.AddWithValue("home", order.HomeId);
            read.Parameters.AddWithValue("deadline", deadline);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var letter = reader.IsDBNull(3) ? null : reader.GetString(3);
                var attempt = new GasAttemptEvidence(
                    reader.GetInt32(0),
                    reader.GetFieldValue<LocalDate>(1),
                    reader.GetString(2),
                    letter,
                    reader.GetFieldValue<LocalDate>(4),
                    reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetFieldValue<LocalDate>(6));
                attempts.Add(letter is null ? attempt : WithLetterFate(attempt, reader, zone, reachesByPost));
            }
        }

        var visits = string.Join(", ", attempts.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Date:uuuu-MM-dd} {a.Slot}")));
        var late = attempts.Where(a => a.LetterArrivedLate).Select(a => a.Number).ToList();
        var lateNote = late.Count == 0
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"; the letter of attempt {string.Join(", ", late)} went by post too late to reach the tenant before the visit");
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"{attempts.Count} attempts, no access on {visits}{lateNote}; {GasSafetyRecord.DescribeDeadline(deadline)}: escalated to the compliance manager");
        var payload = new GasEscalationPayload(GasEscalationPayload.GasNoAccess, order.HomeId, order.AreaId, order.Reference, deadline == GasSafetyRecord.NoKnownCheck ? null : deadline, on, reason, attempts).ToJson();
        await using (var flag = new NpgsqlCommand(FlagSql, connection, transaction))
        {
            flag.Parameters.AddWithValue("home", order.HomeId);
            flag.Parameters.AddWithValue("order", order.Id);
            flag.Parameters.AddWithValue("deadline", deadline);
            flag.Parameters.AddWithValue("on", on);
            flag.Parameters.AddWithValue("attempts", attempts.Count);
            flag.Parameters.AddWithValue("reason", reason);
            flag.Parameters.AddWithValue("evidence", payload);
            flag.Parameters.AddWithValue("now", now);
            if (await flag.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                return false;
            }
        }

        await using var message = new NpgsqlCommand(MessageSql, connection, transaction);
        message.Parameters.AddWithValue("key", Key(order.HomeId, deadline));
        message.Parameters.AddWithValue("manager", ComplianceManager);
        message.Parameters.AddWithValue("order", order.Id);
        message.Parameters.AddWithValue("payload", payload);
        message.Parameters.AddWithValue("now", now);
        await message.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    // What became of the letter, from its outbox row (columns 7–12 of EvidenceSql; all null when no letter was queued).
    private static GasAttemptEvidence WithLetterFate(GasAttemptEvidence attempt, NpgsqlDataReader reader, DateTimeZone zone, Func<LocalDate, LocalDate> reachesByPost)
    {
        if (reader.IsDBNull(7))
        {
            return attempt with { LetterState = GasLetterStates.NotQueued };
        }

        var via = reader.IsDBNull(9) ? null : reader.GetString(9);
        return reader.GetString(7) switch
        {
            OutboxStatuses.Sent when OutboxDelivery.BatchDay(OutboxDelivery.PostBatch(via)) is { } day => attempt with
            {
                LetterState = GasLetterStates.Posted,
                LetterStateOn = day,
                LetterReachesBy = reachesByPost(day),
            },
            OutboxStatuses.Sent when !reader.IsDBNull(8) => attempt with
            {
                LetterState = GasLetterStates.Emailed,
                LetterStateOn = reader.GetFieldValue<Instant>(8).InZone(zone).Date,
            },
            OutboxStatuses.Pending => attempt with { LetterState = GasLetterStates.Queued, LetterStateOn = reader.GetFieldValue<Instant>(10).InZone(zone).Date },
            OutboxStatuses.Sending => attempt with { LetterState = GasLetterStates.Sending },
            OutboxStatuses.Superseded => attempt with
            {
                LetterState = GasLetterStates.Superseded,
                LetterNote = reader.IsDBNull(11) ? null : reader.GetString(11),
            },
            OutboxStatuses.Dead => attempt with { LetterState = GasLetterStates.Dead, LetterNote = $"the outbox gave up on it; message {reader.GetString(12)} holds the reason" },
            var other => attempt with { LetterState = other },
        };
    }
}
