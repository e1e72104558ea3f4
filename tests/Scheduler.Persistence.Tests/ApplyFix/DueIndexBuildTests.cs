using Npgsql;
using NodaTime;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.ApplyFix;

/// <summary>
/// <see cref="DueIndexBuild"/>: a large notice write into an outbox with few open rows drops the claim index and
/// builds it again after the rows, in the same transaction; the index comes back exactly as the migration made it, the
/// claim takes due rows in (due time, id) order and never a row before its release, and anything that stops the drop
/// (a lock held elsewhere, a small write, a full outbox) leaves the index and the transaction as they were.
/// </summary>
public sealed class DueIndexBuildTests
{
    private static readonly Instant Now = Instant.FromUtc(2027, 1, 1, 2, 30);
    private const string Definition = "SELECT pg_get_indexdef('ix_outbox_messages_due'::regclass)";
    private const string Exists = "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_outbox_messages_due'";

    [Fact]
    public async Task DropIfWorth_LargeWriteIntoEmptyOutbox_RebuiltAsMigratedAndClaimedInDueOrderNeverBeforeRelease()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var ds = database.DataSource;
        var migrated = await ds.ScalarAsync<string>(Definition);
        var notices = Notices(200);

        await using (var connection = await ds.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var rebuild = await DueIndexBuild.DropIfWorthAsync(connection, transaction, notices.Count, default, minimumNotices: 100);
            Assert.NotNull(rebuild);
            Assert.Equal([DueIndexBuild.IndexName], rebuild.Names);
            Assert.Equal(0L, await ScalarAsync<long>(connection, transaction, Exists));
            Assert.Equal("0", await ScalarAsync<string>(connection, transaction, "SELECT current_setting('lock_timeout')"));
            Assert.Equal(notices.Count, await OutboxWriter.CopyNoticesAsync(connection, notices, Now, default));
            await rebuild.CreateAsync(connection, transaction, default);
            await transaction.CommitAsync();
        }

        Assert.Equal(migrated, await ds.ScalarAsync<string>(Definition));

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
    public async Task DropIfWorth_TransactionRolledBackAfterTheDrop_IndexAsBefore()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var ds = database.DataSource;
        var migrated = await ds.ScalarAsync<string>(Definition);

        await using (var connection = await ds.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            Assert.NotNull(await DueIndexBuild.DropIfWorthAsync(connection, transaction, 150, default, minimumNotices: 100));
            await OutboxWriter.CopyNoticesAsync(connection, Notices(150), Now, default);
            await transaction.RollbackAsync();
        }

        Assert.Equal(migrated, await ds.ScalarAsync<string>(Definition));
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
