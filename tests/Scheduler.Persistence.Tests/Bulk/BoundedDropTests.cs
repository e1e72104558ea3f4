using Npgsql;
using Scheduler.Persistence.Bulk;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Bulk;

/// <summary>
/// <see cref="BoundedDrop"/>, the drop every bulk write's deferred indexes and keys go through: it runs inside the
/// caller's transaction, puts the caller's lock timeout back, and when another transaction holds the table it gives up
/// after <see cref="BoundedDrop.LockTimeout"/> with nothing dropped and the transaction still usable.
/// </summary>
public sealed class BoundedDropTests : IAsyncLifetime
{
    private const string Index = "ix_work_orders_cancelled";

    private EstateTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await EstateTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task TryAsync_TableFree_DropsInTheTransaction_LockTimeoutPutBack_RollbackBringsItBack()
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, transaction, "SET LOCAL lock_timeout = '7s'");

        Assert.True(await BoundedDrop.TryAsync(connection, transaction, "test_drop", $"DROP INDEX {Index};", CancellationToken.None));

        Assert.Equal(0L, await IndexCountAsync(connection, transaction));
        Assert.Equal("7s", await ScalarAsync<string>(connection, transaction, "SELECT current_setting('lock_timeout')"));
        Assert.Equal(1L, await _database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM pg_indexes WHERE indexname = '{Index}'")); // not committed: others still see it
        await transaction.RollbackAsync();
        Assert.Equal(1L, await _database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM pg_indexes WHERE indexname = '{Index}'"));
    }

    [Fact]
    public async Task TryAsync_AnotherTransactionHoldsTheTable_FalseNothingDropped_TransactionGoesOn()
    {
        await using var holder = await _database.DataSource.OpenConnectionAsync();
        await using var held = await holder.BeginTransactionAsync();
        await ExecuteAsync(holder, held, "LOCK TABLE work_orders IN ACCESS SHARE MODE");

        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, transaction, "SET LOCAL lock_timeout = '7s'");

        Assert.False(await BoundedDrop.TryAsync(connection, transaction, "test_drop", $"DROP INDEX {Index};", CancellationToken.None));

        // Rolled back to the savepoint: the index is there, the caller's timeout is its own again, and the transaction works.
        Assert.Equal(1L, await IndexCountAsync(connection, transaction));
        Assert.Equal("7s", await ScalarAsync<string>(connection, transaction, "SELECT current_setting('lock_timeout')"));
        await transaction.CommitAsync();
        await held.RollbackAsync();
    }

    private static Task<long> IndexCountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        ScalarAsync<long>(connection, transaction, $"SELECT count(*) FROM pg_indexes WHERE indexname = '{Index}'");

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
