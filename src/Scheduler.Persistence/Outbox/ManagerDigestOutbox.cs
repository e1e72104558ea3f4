using Npgsql;
using NpgsqlTypes;
using NodaTime;
using NodaTime.Text;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// Writes the daily manager digest to the outbox: one row per local date (the organisation's zone) (kind <c>manager-digest</c>, recipient
/// <c>manager</c>/<c>digest</c>, idempotency key <c>manager-digest:{yyyy-MM-dd}</c>), its sections in the payload.
/// The address is not stored: the dispatcher sends to <c>organisation.digestEmail</c> as configured when it sends.
/// </summary>
public static class ManagerDigestOutbox
{
    /// <summary>The recipient id of every digest row.</summary>
    public const string RecipientId = "digest";

    private const string InsertSql = """
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, payload,
                                     sequence, status, attempts, next_attempt_at, created_at)
        VALUES ('manager-digest', @key, @message_id, 'manager', 'digest', '{}', @payload, 0, 'pending', 0, @now, @now)
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    /// <summary>The idempotency key of <paramref name="day"/>'s digest: <c>manager-digest:2027-01-04</c>.</summary>
    public static string Key(LocalDate day) => "manager-digest:" + LocalDatePattern.Iso.Format(day);

    /// <summary>
    /// Writes the digest of <paramref name="day"/> unless that day's is already written (then nothing changes, even if
    /// <paramref name="payloadJson"/> differs). Returns true when a row was written.
    /// </summary>
    public static async Task<bool> EnqueueAsync(
        NpgsqlDataSource dataSource, LocalDate day, string messageId, string payloadJson, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(payloadJson);
        await using var command = dataSource.CreateCommand(InsertSql);
        command.Parameters.AddWithValue("key", Key(day));
        command.Parameters.AddWithValue("message_id", messageId);
        command.Parameters.AddWithValue("payload", NpgsqlDbType.Jsonb, payloadJson);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
