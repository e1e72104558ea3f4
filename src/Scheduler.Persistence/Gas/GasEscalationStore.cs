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

    private const string EvidenceSql = """
        SELECT attempt, date, slot, letter, letter_on, status, outcome_on FROM gas_appointments
        WHERE home_id = @home AND deadline = @deadline AND status <> 'cancelled'
        ORDER BY attempt
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

    /// <summary>Escalates <paramref name="order"/>'s home; true when this call wrote the escalation.</summary>
    public static async Task<bool> EscalateAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, GasOrder order, LocalDate deadline, LocalDate on, Instant now, CancellationToken cancellationToken)
    {
        var attempts = new List<GasAttemptEvidence>();
        await using (var read = new NpgsqlCommand(EvidenceSql, connection, transaction))
        {
            read.Parameters.AddWithValue("home", order.HomeId);
            read.Parameters.AddWithValue("deadline", deadline);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                attempts.Add(new GasAttemptEvidence(
                    reader.GetInt32(0),
                    reader.GetFieldValue<LocalDate>(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetFieldValue<LocalDate>(4),
                    reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetFieldValue<LocalDate>(6)));
            }
        }

        var visits = string.Join(", ", attempts.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Date:uuuu-MM-dd} {a.Slot}")));
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"{attempts.Count} attempts, no access on {visits}; {GasSafetyRecord.DescribeDeadline(deadline)}: escalated to the compliance manager");
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
}
