using System.Text.Json;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Ahead;

/// <summary>
/// A contractor's <c>issueAhead</c> end to end: a real apply writes each notice at once, due at 00:00 (the organisation's zone) of the
/// order's window start less the lead time (or at once when that has passed); the real dispatcher, driven by the clock,
/// sends it at that moment and not before, once, dated then; a cancellation before that supersedes it silently, one
/// after it is announced. Test estate and clock (Monday 1 March 2027, 09:00 UTC) as <see cref="OutboxTestBase"/>.
/// </summary>
public sealed class IssueAheadDispatchTests : OutboxTestBase
{

    private static EstateConfiguration AheadConfig(string version = "v1", IReadOnlyList<Schedule>? schedules = null, string zone = "Europe/London") =>
        InZone(zone, TestEstate.Config(
            schedules,
            [
                TestEstate.Cleaner() with { Dispatch = DispatchMode.PerOrder, IssueAhead = Period.FromWeeks(4) },
                TestEstate.Grounds() with { Dispatch = DispatchMode.PerOrder },
                TestEstate.GasEngineer(),
            ],
            version,
            horizonWeeks: 16));

    private static EstateConfiguration InZone(string zone, EstateConfiguration config) =>
        config with { Organisation = config.Organisation with { TimeZone = zone } };

    // The release is 00:00 of its day in the organisation's zone (organisation.timeZone): London's, and Tokyo's, whose
    // days start 8 or 9 hours earlier (until branch zone29 both writers used London's whatever the config said).
    [Theory]
    [InlineData("Europe/London")]
    [InlineData("Asia/Tokyo")]
    public async Task Apply_IssueAhead_EachNoticeDueAtItsWindowLessTheLeadTime_BulkAndSetBasedWritersAgree(string zone)
    {
        var config = AheadConfig(zone: zone);
        var (apply, _) = await ApplyAsync(config);
        var now = Clock.GetCurrentInstant();

        var rows = await NoticesAsync();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var release = row.WindowStart.PlusDays(-28).AtStartOfDayInZone(config.Organisation.Zone).ToInstant();
            if (row.Contractor == "sparkle" && release > now)
            {
                Assert.Equal((release, (Instant?)release), (row.Due, row.ReleaseAt));
            }
            else
            {
                Assert.Equal((now, (Instant?)null), (row.Due, row.ReleaseAt));
            }
        }

        Assert.Contains(rows, r => r.ReleaseAt is not null);
        Assert.Contains(rows, r => r.Contractor == "sparkle" && r.ReleaseAt is null);

        // The set-based writer (the staging fallback, repairs) gives each notice the same due time as the apply's COPY.
        await Database.DataSource.ScalarAsync<long>("WITH d AS (DELETE FROM outbox_messages RETURNING 1) SELECT count(*) FROM d");
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await OutboxWriter.EnqueueForPlanAsync(connection, transaction, apply.CreatedReferences, [], now, config.Organisation.Zone);
            await transaction.CommitAsync();
        }

        Assert.Equal(rows, await NoticesAsync());
    }

    [Fact]
    public async Task Dispatch_DeferredNotice_NotSentBeforeItsReleaseThenOnceAtItDatedThen()
    {
        await ApplyAsync(AheadConfig());
        await using var server = TestSmtpServer.Start();
        var dispatcher = Dispatcher(AheadConfig(), Smtp(server.Port));

        var first = await dispatcher.DispatchDueAsync(500);

        var atOnce = await CountAsync("release_at IS NULL");
        Assert.Equal(atOnce, first.Sent);
        Assert.Equal(0, await CountAsync("release_at IS NOT NULL AND status <> 'pending'"));
        var release = await Database.DataSource.ScalarAsync<Instant>("SELECT min(release_at) FROM outbox_messages");
        var releasedThen = (await OutboxRowsAsync("message_id", $"release_at = '{NodaTime.Text.InstantPattern.General.Format(release)}'")).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(releasedThen);

        // A second before: nothing.
        Clock.Reset(release - Duration.FromSeconds(1));
        Assert.Equal(0, (await dispatcher.DispatchDueAsync(500)).Sent);

        // At the release moment exactly: those released then, each once, dated then (not when written).
        Clock.Reset(release);
        var before = server.Messages.Count;
        var atRelease = await dispatcher.DispatchDueAsync(500);
        Assert.Equal(releasedThen.Count, atRelease.Sent);
        var sent = server.Messages.Skip(before).ToList();
        Assert.Equal(releasedThen.Order(StringComparer.Ordinal), sent.Select(m => m.MessageId!).Order(StringComparer.Ordinal));
        Assert.All(sent, m => Assert.Equal(release.ToDateTimeOffset(), m.Date));
        Assert.Equal(releasedThen.Count, await CountAsync($"status = 'sent' AND attempts = 1 AND release_at = '{NodaTime.Text.InstantPattern.General.Format(release)}'"));

        Assert.Equal(0, (await dispatcher.DispatchDueAsync(500)).Claimed);
        Assert.Equal(before + releasedThen.Count, server.Messages.Count);
    }

    [Fact]
    public async Task Apply_OrderCancelledBeforeItsNoticeIsReleased_SupersededAndNoCancellation_AfterRelease_CancellationSent()
    {
        await ApplyAsync(AheadConfig());
        await using var server = TestSmtpServer.Start();
        await Dispatcher(AheadConfig(), Smtp(server.Port)).DispatchDueAsync(500);

        // The fortnightly cleans' first release comes: those notices go.
        var release = await Database.DataSource.ScalarAsync<Instant>(
            "SELECT min(o.release_at) FROM outbox_messages o JOIN work_orders w ON w.id = o.work_order_ids[1] WHERE w.schedule_id = 'clean-fortnightly'");
        Clock.Reset(release);
        await Dispatcher(AheadConfig(), Smtp(server.Port)).DispatchDueAsync(500);
        var told = (await Database.DataSource.RowsAsync(
            "SELECT w.reference FROM work_orders w JOIN outbox_messages o ON o.work_order_ids[1] = w.id AND o.status = 'sent' WHERE w.schedule_id = 'clean-fortnightly' ORDER BY 1")).ToList();
        var notTold = (await Database.DataSource.RowsAsync(
            "SELECT w.reference FROM work_orders w JOIN outbox_messages o ON o.work_order_ids[1] = w.id AND o.status = 'pending' WHERE w.schedule_id = 'clean-fortnightly' ORDER BY 1")).ToList();
        Assert.NotEmpty(told);
        Assert.NotEmpty(notTold);

        // The fortnightly schedule is dropped: every fortnightly order is cancelled.
        var without = AheadConfig("v2", [TestEstate.CleanWeekly(), TestEstate.GrassCut(), TestEstate.GasSafety()]);
        var (apply, _) = await ApplyAsync(without);
        Assert.Subset(apply.CancelledReferences.ToHashSet(StringComparer.Ordinal), told.Concat(notTold).ToHashSet(StringComparer.Ordinal));
        Assert.Equal(notTold.Count, await CountAsync("kind = 'contractor-order' AND status = 'superseded'"));
        Assert.Equal(told.Select(r => $"cancel/{r}/1").Order(StringComparer.Ordinal), (await OutboxRowsAsync("idempotency_key", "kind = 'contractor-cancellation'")).Order(StringComparer.Ordinal));

        // Long after every release: the contractor hears of the cancellation of what it was told, and of nothing else.
        Clock.Reset(Instant.FromUtc(2027, 8, 1, 9, 0));
        var before = server.Messages.Count;
        await Dispatcher(without, Smtp(server.Port)).DispatchDueAsync(500);
        var later = server.Messages.Skip(before).Select(m => m.MessageId!).ToList();
        Assert.Equal(told.Select(r => $"cancel/{r}/1@estate-scheduler").Order(StringComparer.Ordinal), later.Where(m => m.StartsWith("cancel/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(later, m => notTold.Any(r => m.Contains(r, StringComparison.Ordinal)));
        Assert.Equal(0, await CountAsync("status IN ('pending', 'sending')"));
    }

    [Fact]
    public async Task Claim_ManyDeferredRowsBeforeTheDueOnes_ReturnsTheDueOnesWithoutVisitingTheDeferred()
    {
        var now = Clock.GetCurrentInstant();
        await using (var command = Database.DataSource.CreateCommand(
            """
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, sequence, status,
                                         attempts, next_attempt_at, release_at, created_at)
            SELECT 'contractor-order', 'test/deferred/' || i, 'test/deferred/' || i || '@estate-scheduler', 'contractor', 'sparkle', ARRAY[i::bigint],
                   0, 'pending', 0, @now + make_interval(days => 1 + i % 300), @now + make_interval(days => 1 + i % 300), @now
            FROM generate_series(1, 30000) i;
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, sequence, status,
                                         attempts, next_attempt_at, created_at)
            SELECT 'contractor-order', 'test/due/' || i, 'test/due/' || i || '@estate-scheduler', 'contractor', 'sparkle', ARRAY[(100000 + i)::bigint],
                   0, 'pending', 0, @now - make_interval(mins => i), @now
            FROM generate_series(1, 5) i;
            ANALYZE outbox_messages;
            """))
        {
            command.Parameters.AddWithValue("now", now);
            await command.ExecuteNonQueryAsync();
        }

        // What the claim's scan reads: the due rows, not the 30,000 deferred ones written before them.
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + OutboxStore.ClaimSql, connection, transaction);
            explain.Parameters.AddWithValue("now", now);
            explain.Parameters.AddWithValue("lease", now + Duration.FromMinutes(5));
            explain.Parameters.AddWithValue("limit", 200);
            using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
            var scans = Nodes(plan.RootElement[0].GetProperty("Plan")).Where(n => n.TryGetProperty("Alias", out var alias) && alias.GetString() == "o" && n.GetProperty("Node Type").GetString()!.Contains("Scan", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(scans);
            Assert.All(scans, scan =>
            {
                Assert.NotEqual("Seq Scan", scan.GetProperty("Node Type").GetString());
                var visited = (scan.GetProperty("Actual Rows").GetDouble() + Removed(scan)) * scan.GetProperty("Actual Loops").GetDouble();
                Assert.True(visited <= 10, $"the claim's scan read {visited} rows: {scan}");
            });
            await transaction.RollbackAsync();
        }

        var claimed = await new OutboxStore(Database.DataSource).ClaimAsync(200, now, Duration.FromMinutes(5));
        Assert.Equal(["test/due/5", "test/due/4", "test/due/3", "test/due/2", "test/due/1"], claimed.Select(c => c.IdempotencyKey));

        // A deferred row is claimed the moment it is due, and not before (the claimed rows' leases ran out meanwhile: they
        // are claimed again first, in their place).
        var firstRelease = now + Duration.FromDays(1);
        var justBefore = await new OutboxStore(Database.DataSource).ClaimAsync(200, firstRelease - Duration.FromTicks(1), Duration.FromDays(2));
        Assert.Equal(["test/due/5", "test/due/4", "test/due/3", "test/due/2", "test/due/1"], justBefore.Select(c => c.IdempotencyKey));
        var atRelease = await new OutboxStore(Database.DataSource).ClaimAsync(200, firstRelease, Duration.FromMinutes(5));
        Assert.Equal(100, atRelease.Count);
        Assert.All(atRelease, c => Assert.StartsWith("test/deferred/", c.IdempotencyKey, StringComparison.Ordinal));
        Assert.All(atRelease, c => Assert.Equal(firstRelease, c.CreatedAt));
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

    private async Task<List<(string Key, string Contractor, LocalDate WindowStart, Instant Due, Instant? ReleaseAt)>> NoticesAsync()
    {
        var rows = new List<(string, string, LocalDate, Instant, Instant?)>();
        await using var command = Database.DataSource.CreateCommand(
            """
            SELECT o.idempotency_key, o.recipient_id, w.window_start, o.next_attempt_at, o.release_at
            FROM outbox_messages o JOIN work_orders w ON w.id = o.work_order_ids[1]
            WHERE o.kind = 'contractor-order' ORDER BY o.idempotency_key
            """);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetFieldValue<LocalDate>(2), reader.GetFieldValue<Instant>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<Instant>(4)));
        }

        return rows;
    }
}
