using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Migrations;

/// <summary>
/// A database of its own on the shared server, migrated up to and including one migration, for a migration's test: write
/// rows in the shape they had then, <see cref="MigrateOnAsync"/>, and read what the later migrations made of them.
/// Holds config version <c>v1</c> (the orders' foreign key). Dropped when disposed.
/// </summary>
internal sealed class PartlyMigratedDatabase : IAsyncDisposable
{
    private readonly PostgresServer _server;
    private readonly string _name;

    private PartlyMigratedDatabase(PostgresServer server, string name)
    {
        _server = server;
        _name = name;
        DataSource = EstateDatabase.CreateDataSource(server.ConnectionString(name));
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>A new database migrated up to <paramref name="migration"/> (e.g. <c>20261202120000_HotReports</c>).</summary>
    public static async Task<PartlyMigratedDatabase> CreateAsync(string migration)
    {
        var server = await PostgresServer.SharedAsync();
        var database = new PartlyMigratedDatabase(server, await server.CreateEmptyDatabaseAsync());
        try
        {
            await using (var db = EstateDatabase.CreateContext(database.DataSource))
            {
                await db.GetService<IMigrator>().MigrateAsync(migration);
            }

            await database.DataSource.ExecuteAsync("INSERT INTO config_versions (id, first_applied_at) VALUES ('v1', now())");
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Applies every later migration, as <c>estate-scheduler migrate</c> does.</summary>
    public Task MigrateOnAsync() => EstateDatabase.MigrateAsync(DataSource);

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _server.DropDatabaseAsync(_name);
    }
}
