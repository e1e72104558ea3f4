using System.Globalization;
using Npgsql;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Drills;

/// <summary>What every drill needs: the repository, the PostgreSQL server, databases copied from one another, SQL.</summary>
internal static class Drill
{
    /// <summary>The checkout (the folder with EstateScheduler.sln), found from the drill's own location.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>A new database that is a copy of <paramref name="template"/> (which must have no open connections).</summary>
    public static async Task<string> CopyDatabaseAsync(PostgresServer server, string template)
    {
        var name = $"drill_{Guid.NewGuid():N}"[..24];
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(server.ConnectionString("postgres"));
        await admin.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {template}", admin);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return name;
    }

    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        var value = await ScalarAsync(connectionString, sql).ConfigureAwait(false);
        return Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    public static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync().ConfigureAwait(false);
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Polls until no session is connected to <paramref name="database"/>; returns how long that took.</summary>
    public static async Task<TimeSpan> WaitForNoSessionsAsync(PostgresServer server, string database, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sql = $"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()";
        while (await CountAsync(server.ConnectionString("postgres"), sql).ConfigureAwait(false) > 0)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"sessions of {database} still open {timeout.TotalSeconds:F0} s after the kill");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        return clock.Elapsed;
    }

    public static Dictionary<string, string> Environment(PostgresServer server, string database, params (string Key, string Value)[] more)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings__Estate"] = server.ConnectionString(database),
            ["Mail__PickupDirectory"] = string.Empty,
        };
        foreach (var (key, value) in more)
        {
            environment[key] = value;
        }

        return environment;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "EstateScheduler.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the drills from inside the repository (EstateScheduler.sln not found above " + AppContext.BaseDirectory + ").");
    }
}
