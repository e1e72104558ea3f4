using Npgsql;

namespace Scheduler.Drills.SmtpDown;

/// <summary>One outbox row as the drill checks it.</summary>
/// <param name="Id">The outbox id: the queue order among messages due at the same moment.</param>
/// <param name="MessageId">The Message-Id, without angle brackets.</param>
/// <param name="Kind">contractor-order, contractor-cancellation, tenant-letter, …</param>
/// <param name="Status">pending, sending, sent, dead or superseded.</param>
/// <param name="Attempts">Attempts counted.</param>
/// <param name="OrderIds">The work orders the message names.</param>
/// <param name="DeliveredVia"><c>email</c>, <c>post:FILE</c> (a printed letter), or empty while not delivered.</param>
/// <param name="Queued">
/// When it joined the queue: when written, or for a message written ahead of its time (issueAhead, letterAhead) its
/// release. The queue order is (Queued, Id).
/// </param>
internal sealed record OutboxRow(long Id, string MessageId, string Kind, string Status, int Attempts, long[] OrderIds, string DeliveredVia, DateTime Queued)
{
    /// <summary>True when this row is before <paramref name="other"/> in the queue: (Queued, Id).</summary>
    public bool Before(OutboxRow other) => Queued != other.Queued ? Queued < other.Queued : Id < other.Id;

    public bool Printed => DeliveredVia.StartsWith("post:", StringComparison.Ordinal);

    public static async Task<IReadOnlyList<OutboxRow>> ReadAllAsync(string connectionString)
    {
        var rows = new List<OutboxRow>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT id, message_id, kind, status, attempts, work_order_ids, coalesce(delivered_via, ''), coalesce(release_at, created_at) FROM outbox_messages ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows.Add(new OutboxRow(
                reader.GetInt64(0), Bare(reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetFieldValue<long[]>(5), reader.GetString(6), reader.GetFieldValue<DateTime>(7)));
        }

        return rows;
    }

    public static string Bare(string messageId) => messageId.Trim().TrimStart('<').TrimEnd('>');
}
