using System.Text.Json;
using NodaTime;
using Npgsql;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Outbox;

/// <summary>
/// The claim's "a cancellation waits for its order's notice" check, on an outbox holding a year's sent history and
/// hundreds of cancellations due: each cancellation's earlier messages are found through the GIN index on
/// <c>work_order_ids</c>, a few index entries each, never by walking the outbox's primary key from its start (session
/// 35's year: a claim ran 41 s with the check written <c>p.id &lt; o.id</c>; on 1.2 million messages with 450
/// cancellations due, 488 s). And the claim still takes the cancellations whose order's notice went, and leaves those
/// whose notice waits.
/// </summary>
public sealed class ClaimCancellationPlanTests
{
    private static readonly Instant Now = Instant.FromUtc(2027, 11, 10, 7, 0);

    [Fact]
    public async Task Claim_HundredsOfCancellationsDueOverALargeSentHistory_ChecksEachThroughTheOrdersIndex()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        await FillAsync(database);

        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await OutboxStore.PrepareClaimAsync(connection, transaction, CancellationToken.None);
            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + OutboxStore.ClaimSql, connection, transaction);
            explain.Parameters.AddWithValue("now", Now);
            explain.Parameters.AddWithValue("lease", Now + Duration.FromMinutes(5));
            explain.Parameters.AddWithValue("limit", 500);
            using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
            var earlier = Nodes(plan.RootElement[0].GetProperty("Plan"))
                .Where(n => n.TryGetProperty("Alias", out var alias) && alias.GetString() == "p")
                .ToList();

            var check = Assert.Single(earlier);
            Assert.Equal("Bitmap Heap Scan", check.GetProperty("Node Type").GetString());
            var index = Assert.Single(Nodes(check), n => n.GetProperty("Node Type").GetString() == "Bitmap Index Scan");
            Assert.Equal("ix_outbox_messages_work_order_ids", index.GetProperty("Index Name").GetString());
            var loops = check.GetProperty("Actual Loops").GetDouble();
            Assert.True(loops >= 200, $"the check ran {loops} times, not once for each cancellation");
            var visitedEachLoop = check.GetProperty("Actual Rows").GetDouble() + Removed(check);
            Assert.True(visitedEachLoop <= 5, $"each cancellation's check read {visitedEachLoop} messages: {check}");
            await transaction.RollbackAsync();
        }

        var claimed = await new OutboxStore(database.DataSource).ClaimAsync(500, Now, Duration.FromMinutes(5));
        var keys = claimed.Select(c => c.IdempotencyKey).ToList();
        Assert.Equal(100, keys.Count(k => k.StartsWith("test/due/", StringComparison.Ordinal)));
        Assert.Equal(200, keys.Count(k => k.StartsWith("test/cancel-sent/", StringComparison.Ordinal)));
        Assert.DoesNotContain(keys, k => k.StartsWith("test/cancel-waiting/", StringComparison.Ordinal));
        Assert.Equal(300, keys.Count);
    }

    private static async Task FillAsync(EstateTestDatabase database)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            -- A year's history: 100,000 messages sent, each naming its own order.
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, sequence, status,
                                         attempts, next_attempt_at, created_at, sent_at)
            SELECT CASE WHEN i % 20 < 11 THEN 'contractor-order' ELSE 'tenant-letter' END, 'test/sent/' || i, 'test/sent/' || i || '@estate-scheduler',
                   'contractor', 'sparkle', ARRAY[i::bigint], 0, 'sent', 1, @now - make_interval(days => 1 + i % 300), @now - make_interval(days => 300), @now - make_interval(days => 1 + i % 300)
            FROM generate_series(1, 100000) i;
            -- Notices deferred to a later release.
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, sequence, status,
                                         attempts, next_attempt_at, release_at, created_at)
            SELECT 'contractor-order', 'test/deferred/' || i, 'test/deferred/' || i || '@estate-scheduler', 'contractor', 'sparkle', ARRAY[(200000 + i)::bigint],
                   0, 'pending', 0, @now + make_interval(days => 1 + i % 300), @now + make_interval(days => 1 + i % 300), @now - make_interval(days => 30)
            FROM generate_series(1, 20000) i;
            -- Notices due now, and a notice of an order cancelled before its notice went (still waiting, due later today).
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, sequence, status,
                                         attempts, next_attempt_at, created_at)
            SELECT 'contractor-order', 'test/due/' || i, 'test/due/' || i || '@estate-scheduler', 'contractor', 'sparkle', ARRAY[(300000 + i)::bigint],
                   0, 'pending', 0, @now - make_interval(mins => 30), @now - make_interval(mins => 30)
            FROM generate_series(1, 100) i;
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, sequence, status,
                                         attempts, next_attempt_at, created_at)
            SELECT 'contractor-order', 'test/waiting/' || i, 'test/waiting/' || i || '@estate-scheduler', 'contractor', 'sparkle', ARRAY[(400000 + i)::bigint],
                   0, 'pending', 0, @now + make_interval(hours => 3), @now - make_interval(mins => 20)
            FROM generate_series(1, 20) i;
            -- Cancellations due: 200 of orders whose notice was sent, 20 of orders whose notice still waits.
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, sequence, status,
                                         attempts, next_attempt_at, created_at)
            SELECT 'contractor-cancellation', 'test/cancel-sent/' || i, 'test/cancel-sent/' || i || '@estate-scheduler', 'contractor', 'sparkle',
                   ARRAY[(i * 487 % 100000 + 1)::bigint], 1, 'pending', 0, @now - make_interval(mins => 10), @now - make_interval(mins => 10)
            FROM generate_series(1, 200) i;
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, sequence, status,
                                         attempts, next_attempt_at, created_at)
            SELECT 'contractor-cancellation', 'test/cancel-waiting/' || i, 'test/cancel-waiting/' || i || '@estate-scheduler', 'contractor', 'sparkle',
                   ARRAY[(400000 + i)::bigint], 1, 'pending', 0, @now - make_interval(mins => 10), @now - make_interval(mins => 10)
            FROM generate_series(1, 20) i;
            ANALYZE outbox_messages;
            """);
        command.Parameters.AddWithValue("now", Now);
        await command.ExecuteNonQueryAsync();
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray().SelectMany(Nodes))
            {
                yield return child;
            }
        }
    }

    private static double Removed(JsonElement node) =>
        (node.TryGetProperty("Rows Removed by Filter", out var filter) ? filter.GetDouble() : 0)
        + (node.TryGetProperty("Rows Removed by Index Recheck", out var recheck) ? recheck.GetDouble() : 0);
}
