using Npgsql;
using NodaTime;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.ApplyFix;

/// <summary>
/// <see cref="DueIndexBuild"/>: a large notice write into an empty outbox drops every secondary index of
/// <c>outbox_messages</c>, and into an outbox with rows but few open ones the claim index alone, and builds them again
/// after the rows, in the same transaction; the indexes come back exactly as the migrations made them, the claim takes
/// due rows in (due time, id) order and never a row before its release, a notice whose key is stored already fails at
/// the unique key's build, and anything that stops the drop (a lock held elsewhere, a small write, a full outbox) leaves
/// the indexes and the transaction as they were.
/// </summary>
public sealed class DueIndexBuildTests
{
    private static readonly Instant Now = Instant.FromUtc(2027, 1, 1, 2, 30);
    private const string Definition = "SELECT pg_get_indexdef('ix_outbox_messages_due'::regclass)";
    private const string Exists = "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_outbox_messages_due'";

    // Every index of the outbox but the primary key, by name, with its definition and its relation's oid (new when built again).
    private const string Secondary = """
        SELECT c.relname || ' ' || pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'outbox_messages'::regclass AND NOT i.indisprimary ORDER BY c.relname
        """;

    private const string SecondaryOids = """
        SELECT i.indexrelid::oid::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'outbox_messages'::regclass AND NOT i.indisprimary ORDER BY c.relname
        """;

    private static readonly string[] SecondaryNames =
    [
        DueIndexBuild.IndexName, "ix_outbox_messages_idempotency_key", "ix_outbox_messages_not_sent", "ix_outbox_messages_retrying",
        "ix_outbox_messages_work_order_ids",
    ];

    [Fact]
    public async Task DropIfWorth_LargeWriteIntoEmptyOutbox_RebuiltAsMigratedAndClaimedInDueOrderNeverBeforeRelease()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var ds = database.DataSource;
        var migrated = await ds.ScalarAsync<string>(Definition);
        var migratedAll = await ds.RowsAsync(Secondary);
        var oids = await ds.RowsAsync(SecondaryOids);
        var notices = Notices(200);

        await using (var connection = await ds.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // An empty outbox: every secondary index goes, and comes back after the rows.
            var rebuild = await DueIndexBuild.DropIfWorthAsync(connection, transaction, notices.Count, default, minimumNotices: 100);
            Assert.NotNull(rebuild);
            Assert.Equal(SecondaryNames, rebuild.Names);
            Assert.Equal(0L, await ScalarAsync<long>(connection, transaction, Exists));
            Assert.Equal(0L, await ScalarAsync<long>(connection, transaction, "SELECT count(*) FROM pg_index WHERE indrelid = 'outbox_messages'::regclass AND NOT indisprimary"));
            Assert.Equal("0", await ScalarAsync<string>(connection, transaction, "SELECT current_setting('lock_timeout')"));
            Assert.Equal(notices.Count, await OutboxWriter.CopyNoticesAsync(connection, notices, Now, default));
            await rebuild.CreateAsync(connection, transaction, default);
            await transaction.CommitAsync();
        }

        Assert.Equal(migrated, await ds.ScalarAsync<string>(Definition));
        Assert.Equal(migratedAll, await ds.RowsAsync(Secondary));
        Assert.All((await ds.RowsAsync(SecondaryOids)).Zip(oids), pair => Assert.NotEqual(pair.Second, pair.First)); // built again, not kept

        // The GIN finds each notice by its order, as the dispatcher's and the cancellations' lookups do.
        await using (var connection = await ds.OpenConnectionAsync())
        {
            await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
            {
                await off.ExecuteNonQueryAsync();
            }

            await using var byOrder = new NpgsqlCommand("SELECT idempotency_key FROM outbox_messages WHERE work_order_ids @> ARRAY[77::bigint]", connection);
            Assert.Equal("order/WO-2027-000077/0", (string)(await byOrder.ExecuteScalarAsync())!);
        }

        // Each claim takes the due rows in (due time, id) order, and none whose release is after the claim's time.
        var store = new OutboxStore(ds);
        var expected = await ds.RowsAsync("SELECT id FROM outbox_messages ORDER BY next_attempt_at, id");
        var claimed = new List<string>();
        var sizes = new List<int>();
        foreach (var at in new[] { Now, Now + Duration.FromDays(40), Now + Duration.FromDays(400) })
        {
            var batch = await store.ClaimAsync(1_000, at, Duration.FromMinutes(5));
            Assert.All(batch, m => Assert.True(m.CreatedAt <= at, $"message {m.Id} claimed at {at} before its release {m.CreatedAt}"));
            var ids = batch.Select(m => m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            claimed.AddRange(ids);
            sizes.Add(ids.Count);
            if (ids.Count > 0)
            {
                await ds.ExecuteAsync($"UPDATE outbox_messages SET status = 'sent', sent_at = now() WHERE id IN ({string.Join(',', ids)})");
            }
        }

        Assert.Equal(expected, claimed);
        Assert.Equal([20, 180, 0], sizes); // at once: the 20 undeferred; 40 days on: every release has come
    }

    [Fact]
    public async Task DropIfWorth_OutboxWithRowsButFewOpen_OnlyTheClaimIndexRebuilt()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var ds = database.DataSource;
        var migratedAll = await ds.RowsAsync(Secondary);
        var oids = await ds.RowsAsync(SecondaryOids);

        // As many rows as the write brings, all sent: the other indexes would sort them all, the claim index none of them.
        await using (var connection = await ds.OpenConnectionAsync())
        {
            await OutboxWriter.CopyNoticesAsync(connection, Notices(150, firstOrder: 10_000), Now, default);
        }

        await ds.ExecuteAsync("UPDATE outbox_messages SET status = 'sent', sent_at = now()");
        await using (var connection = await ds.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var rebuild = await DueIndexBuild.DropIfWorthAsync(connection, transaction, 150, default, minimumNotices: 100);
            Assert.NotNull(rebuild);
            Assert.Equal([DueIndexBuild.IndexName], rebuild.Names);
            Assert.Equal(150, await OutboxWriter.CopyNoticesAsync(connection, Notices(150), Now, default));
            await rebuild.CreateAsync(connection, transaction, default);
            await transaction.CommitAsync();
        }

        Assert.Equal(migratedAll, await ds.RowsAsync(Secondary));
        var after = await ds.RowsAsync(SecondaryOids);
        Assert.NotEqual(oids[0], after[0]); // ix_outbox_messages_due, built again
        Assert.Equal(oids.Skip(1), after.Skip(1)); // the others kept
    }

    [Fact]
    public async Task DropIfWorth_NoticeKeyAlreadyStored_TheKeysBuildFailsAsTheRowWouldAndRollbackRestores()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var ds = database.DataSource;
        var migratedAll = await ds.RowsAsync(Secondary);

        // One notice stored (sent) for order 5: fewer rows than the write, so every index is dropped, and the write brings
        // order 5's notice again.
        await using (var connection = await ds.OpenConnectionAsync())
        {
            await OutboxWriter.CopyNoticesAsync(connection, Notices(1, firstOrder: 5), Now, default);
        }

        await using (var connection = await ds.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var rebuild = await DueIndexBuild.DropIfWorthAsync(connection, transaction, 150, default, minimumNotices: 100);
            Assert.NotNull(rebuild);
            Assert.Equal(SecondaryNames, rebuild.Names);
            Assert.Equal(150, await OutboxWriter.CopyNoticesAsync(connection, Notices(150), Now, default));
            var e = await Assert.ThrowsAsync<PostgresException>(() => rebuild.CreateAsync(connection, transaction, default));
            Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
            await transaction.RollbackAsync();
        }

        Assert.Equal(migratedAll, await ds.RowsAsync(Secondary));
        Assert.Equal(1L, await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));
    }

    [Fact]
    public async Task DropIfWorth_TransactionRolledBackAfterTheDrop_IndexAsBefore()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var ds = database.DataSource;
        var migrated = await ds.ScalarAsync<string>(Definition);
        var migratedAll = await ds.RowsAsync(Secondary);

        await using (var connection = await ds.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            Assert.NotNull(await DueIndexBuild.DropIfWorthAsync(connection, transaction, 150, default, minimumNotices: 100));
            await OutboxWriter.CopyNoticesAsync(connection, Notices(150), Now, default);
            await transaction.RollbackAsync();
        }

        Assert.Equal(migrated, await ds.ScalarAsync<string>(Definition));
        Assert.Equal(migratedAll, await ds.RowsAsync(Secondary));
        Assert.Equal(0L, await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));
    }

    [Theory]
    [InlineData(99, 0)] // fewer notices than the threshold
    [InlineData(150, 150)] // the outbox already holds as many open rows as the write brings: inserting costs less than a rebuild
    public async Task DropIfWorth_SmallWriteOrOpenRowsEnough_NothingDropped(int notices, int openRows)
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var ds = database.DataSource;
        await using var connection = await ds.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await OutboxWriter.CopyNoticesAsync(connection, Notices(openRows, firstOrder: 10_000), Now, default);

        Assert.Null(await DueIndexBuild.DropIfWorthAsync(connection, transaction, notices, default, minimumNotices: 100));
        Assert.Equal(1L, await ScalarAsync<long>(connection, transaction, Exists));
    }

    [Fact]
    public async Task DropIfWorth_OutboxInUseByAnotherTransaction_NothingDroppedAndTheTransactionGoesOn()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var ds = database.DataSource;

        // A dispatcher's claim (or any reader) holds a lock on outbox_messages that the drop's ACCESS EXCLUSIVE lock waits for.
        await using var other = await ds.OpenConnectionAsync();
        await using var otherTransaction = await other.BeginTransactionAsync();
        await ScalarAsync<long>(other, otherTransaction, "SELECT count(*) FROM outbox_messages");

        await using var connection = await ds.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        Assert.Null(await DueIndexBuild.DropIfWorthAsync(connection, transaction, 150, default, minimumNotices: 100));
        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));

        // The savepoint undid the attempt: the index is there, the lock timeout is the session's again, and the write goes on.
        Assert.Equal(1L, await ScalarAsync<long>(connection, transaction, Exists));
        Assert.Equal("0", await ScalarAsync<string>(connection, transaction, "SELECT current_setting('lock_timeout')"));
        Assert.Equal(150, await OutboxWriter.CopyNoticesAsync(connection, Notices(150), Now, default));
        await transaction.CommitAsync();
        await otherTransaction.CommitAsync();
        Assert.Equal(150L, await ds.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE is_open"));
    }

    // Notices as an apply writes them: in order id order, every tenth due at once, the others deferred to one of ~30
    // release days in no relation to their ids (as issueAhead's window starts are).
    private static List<OutboxWriter.Notice> Notices(int count, long firstOrder = 1) =>
        [.. Enumerable.Range(0, count).Select(i => new OutboxWriter.Notice(
            firstOrder + i,
            $"WO-2027-{firstOrder + i:000000}",
            "sparkle",
            i % 10 == 0 ? null : Now + Duration.FromDays(1 + (i * 7919 % 31))))];

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
