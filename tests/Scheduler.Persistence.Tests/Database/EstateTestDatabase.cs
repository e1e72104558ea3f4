using Npgsql;
using Scheduler.Persistence;

namespace Scheduler.Persistence.Tests.Database;

/// <summary>
/// A fresh, migrated estate database of its own on the shared <see cref="PostgresServer"/>, dropped when disposed.
/// Use it as a class fixture (<c>IClassFixture&lt;EstateTestDatabase&gt;</c>: one database per test class), or
/// create one in a test with <see cref="CreateAsync"/> when a test needs a database to itself.
/// </summary>
public sealed class EstateTestDatabase : IAsyncLifetime, IAsyncDisposable
{
    private PostgresServer? _server;
    private NpgsqlDataSource? _dataSource;

    /// <summary>The database name.</summary>
    public string Name { get; private set; } = string.Empty;

    /// <summary>A connection string to the database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>A NodaTime-enabled data source over the database (shared by the tests of the class).</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The database is not created yet.");

    /// <summary>Creates a migrated database; dispose it when done.</summary>
    public static async Task<EstateTestDatabase> CreateAsync()
    {
        var database = new EstateTestDatabase();
        await database.InitializeAsync().ConfigureAwait(false);
        return database;
    }

    /// <summary>A new context over the database; the caller disposes it.</summary>
    public EstateDbContext CreateContext() => EstateDatabase.CreateContext(DataSource);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _server = await PostgresServer.SharedAsync().ConfigureAwait(false);
        Name = await _server.CreateMigratedDatabaseAsync().ConfigureAwait(false);
        ConnectionString = _server.ConnectionString(Name);
        _dataSource = EstateDatabase.CreateDataSource(ConnectionString);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        if (_server is not null && Name.Length > 0)
        {
            await _server.DropDatabaseAsync(Name).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
