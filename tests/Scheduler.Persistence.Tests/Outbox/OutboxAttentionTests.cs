using Npgsql;
using NodaTime;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Outbox;

/// <summary>
/// <see cref="OutboxAttention.ReadAsync"/> (readiness and the digest) against the plain statements it replaced, which read
/// every open row: the same backlog, stale backlog, dead count, first release and listed rows, while its plan touches
/// only the partial indexes, however many rows wait for a later release.
/// </summary>
public sealed class OutboxAttentionTests
{
    private static readonly Instant Now = Instant.FromUtc(2027, 3, 8, 10, 0);
    private static readonly Instant Stale = Now - Duration.FromHours(1);

    // The statements before migration Attention: the specification of the backlog.
    private const string ReferenceCounts = """
        SELECT count(*) FILTER (WHERE is_open AND NOT coalesce(release_at > @now, false)),
               count(*) FILTER (WHERE is_open AND NOT coalesce(release_at > @now, false) AND coalesce(release_at, created_at) < @stale),
               count(*) FILTER (WHERE status = 'dead'),
               min(release_at) FILTER (WHERE is_open AND release_at > @now)
        FROM outbox_messages
        """;

    private const string ReferenceItems = """
        SELECT id FROM outbox_messages
        WHERE status = 'dead' OR (is_open AND coalesce(release_at, created_at) < @stale AND NOT coalesce(release_at > @now, false))
        ORDER BY id
        """;

    [Fact]
    public async Task ReadAsync_EveryKindOfRow_SameAsReadingEveryOpenRow()
    {
        await using var database = await EstateTestDatabase.CreateAsync();

        // Each way a row can stand, as the writers and the dispatcher leave it.
        await InsertAsync(database, "sent", Now - Duration.FromDays(3), attempts: 1);
        await InsertAsync(database, "superseded", Now - Duration.FromDays(2), attempts: 0);
        await InsertAsync(database, "dead", Now - Duration.FromDays(1), attempts: 5);
        await InsertAsync(database, "pending", Now - Duration.FromMinutes(5), attempts: 0);
        await InsertAsync(database, "pending", Now - Duration.FromHours(3), attempts: 0);
        await InsertAsync(database, "sending", Now - Duration.FromMinutes(59), attempts: 0);
        await InsertAsync(database, "sending", Now - Duration.FromHours(2), attempts: 1);

        // Waiting after failed attempts, the next one still to come: backlog, and stale when written long ago.
        await InsertAsync(database, "pending", Now - Duration.FromHours(4), attempts: 3, nextAttemptAt: Now + Duration.FromMinutes(20));
        await InsertAsync(database, "pending", Now - Duration.FromMinutes(10), attempts: 1, nextAttemptAt: Now + Duration.FromMinutes(2));

        // Written ahead: released (waiting since the release), still to come (scheduled), released and retrying.
        await InsertAsync(database, "pending", Now - Duration.FromDays(200), attempts: 0, releaseAt: Now - Duration.FromMinutes(30));
        await InsertAsync(database, "pending", Now - Duration.FromDays(200), attempts: 0, releaseAt: Now - Duration.FromHours(2));
        await InsertAsync(database, "pending", Now - Duration.FromDays(100), attempts: 0, releaseAt: Now + Duration.FromDays(1));
        await InsertAsync(database, "pending", Now - Duration.FromDays(100), attempts: 0, releaseAt: Now + Duration.FromDays(30));
        await InsertAsync(database, "pending", Now - Duration.FromDays(100), attempts: 2, releaseAt: Now - Duration.FromHours(5), nextAttemptAt: Now + Duration.FromMinutes(40));

        var read = await OutboxAttention.ReadAsync(database.DataSource, Now, Stale, limit: 100);

        await using (var command = database.DataSource.CreateCommand(ReferenceCounts))
        {
            command.Parameters.AddWithValue("now", Now);
            command.Parameters.AddWithValue("stale", Stale);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal(reader.GetInt64(0), read.Backlog);
            Assert.Equal(reader.GetInt64(1), read.StaleBacklog);
            Assert.Equal(reader.GetInt64(2), read.Dead);
            Assert.Equal(reader.GetFieldValue<Instant>(3), read.NextRelease);
        }

        Assert.Equal((9L, 5L, 1L), (read.Backlog, read.StaleBacklog, read.Dead));
        Assert.Equal(await ReferenceItemIdsAsync(database), read.Items.Select(i => i.Id).ToList());
    }

    [Fact]
    public async Task ReadAsync_NothingScheduled_NoNextRelease()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        await InsertAsync(database, "pending", Now - Duration.FromMinutes(5), attempts: 0);
        await InsertAsync(database, "pending", Now - Duration.FromDays(100), attempts: 0, releaseAt: Now - Duration.FromDays(1));

        var read = await OutboxAttention.ReadAsync(database.DataSource, Now, Stale, limit: 0);

        Assert.Equal((2L, 1L, 0L, (Instant?)null), (read.Backlog, read.StaleBacklog, read.Dead, read.NextRelease));
        Assert.Empty(read.Items);
    }

    [Fact]
    public async Task CountsAndItems_ThousandsScheduled_PlansUseOnlyTheIndexes()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        await using (var fill = database.DataSource.CreateCommand("""
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, sequence,
                                         status, attempts, next_attempt_at, created_at, release_at, sent_at)
            SELECT 'contractor-order', 'k/' || g, 'k/' || g || '@estate-scheduler', 'contractor', 'sparkle', ARRAY[g::bigint], 0,
                   CASE WHEN g <= 4000 THEN 'sent' ELSE 'pending' END, CASE WHEN g <= 4000 THEN 1 ELSE 0 END,
                   CASE WHEN g <= 4000 THEN @now - interval '30 days' ELSE @now + (g % 300) * interval '1 day' + interval '1 hour' END,
                   @now - interval '30 days',
                   CASE WHEN g > 4000 THEN @now + (g % 300) * interval '1 day' + interval '1 hour' END,
                   CASE WHEN g <= 4000 THEN @now - interval '29 days' END
            FROM generate_series(1, 20000) g;
            ANALYZE outbox_messages
            """))
        {
            fill.Parameters.AddWithValue("now", Now);
            await fill.ExecuteNonQueryAsync();
        }

        foreach (var sql in new[] { OutboxAttention.CountsSql, OutboxAttention.ItemsSql })
        {
            var plan = await ExplainAsync(database, sql);
            Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
            Assert.Contains("ix_outbox_messages_due", plan, StringComparison.Ordinal);
            Assert.Contains("ix_outbox_messages_retrying", plan, StringComparison.Ordinal);
        }

        var read = await OutboxAttention.ReadAsync(database.DataSource, Now, Stale, limit: 10);
        Assert.Equal((0L, 0L, 0L, Now + Duration.FromHours(1)), (read.Backlog, read.StaleBacklog, read.Dead, read.NextRelease!.Value));
    }

    private static async Task<string> ExplainAsync(EstateTestDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var settings = new NpgsqlCommand(OutboxAttention.Settings, connection, transaction))
        {
            await settings.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand("EXPLAIN " + sql, connection, transaction);
        command.Parameters.AddWithValue("now", Now);
        command.Parameters.AddWithValue("stale", Stale);
        command.Parameters.AddWithValue("limit", 10);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    private static async Task<List<long>> ReferenceItemIdsAsync(EstateTestDatabase database)
    {
        await using var command = database.DataSource.CreateCommand(ReferenceItems);
        command.Parameters.AddWithValue("now", Now);
        command.Parameters.AddWithValue("stale", Stale);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    // A row as the writers leave it (next attempt = its release, or its creation) unless a failed attempt moved it.
    private static async Task InsertAsync(EstateTestDatabase database, string status, Instant createdAt, int attempts, Instant? releaseAt = null, Instant? nextAttemptAt = null)
    {
        var key = "test/" + Guid.NewGuid().ToString("N");
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, sequence, status,
                                         attempts, next_attempt_at, lease_until, created_at, release_at)
            VALUES ('contractor-order', @key, @key || '@estate-scheduler', 'contractor', 'sparkle', '{}', 0, @status, @attempts,
                    coalesce(@next, @release, @created), CASE WHEN @status = 'sending' THEN @now + interval '5 minutes' END, @created, @release)
            """);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("created", createdAt);
        command.Parameters.AddWithValue("attempts", attempts);
        command.Parameters.AddWithValue("now", Now);
        command.Parameters.Add(new NpgsqlParameter<Instant?>("release", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = releaseAt });
        command.Parameters.Add(new NpgsqlParameter<Instant?>("next", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = nextAttemptAt });
        await command.ExecuteNonQueryAsync();
    }
}
