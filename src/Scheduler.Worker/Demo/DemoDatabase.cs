using Npgsql;
using Scheduler.Persistence;

namespace Scheduler.Worker.Demo;

/// <summary>
/// The database the demo fills. On the demo's own cluster it is <see cref="LocalName"/>, dropped and created afresh on
/// every run. A database the user configured (<c>ConnectionStrings:Estate</c>) is never wiped unless asked: the demo
/// runs on it only when it holds no estate yet (no imported register, no work orders), or with <c>--reset</c>, which
/// drops and recreates that database.
/// </summary>
internal static class DemoDatabase
{
    /// <summary>The database's name on the demo's own cluster.</summary>
    public const string LocalName = "estate_demo";

    /// <summary>
    /// Drops the database <paramref name="connectionString"/> names (closing its sessions) and creates it empty,
    /// connected to the server's <c>postgres</c> database with the same login.
    /// </summary>
    /// <exception cref="DemoException">The server refused (e.g. the login may not create databases).</exception>
    public static async Task RecreateAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var name = target.Database;
        if (string.IsNullOrWhiteSpace(name) || name is "postgres" or "template0" or "template1")
        {
            throw new DemoException($"The connection string names the database '{name}'; the demo only recreates a database of its own (set Database=...).");
        }

        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var quoted = Quote(name);
            await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", connection))
            {
                await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw new DemoException(
                $"Could not recreate the database '{name}' on {target.Host}:{target.Port}: "
                + (DatabaseCheck.Describe(e, admin) ?? e.Message), e);
        }
    }

    /// <summary>
    /// What the configured database already holds: imported register runs plus work orders (0 for a database with
    /// no estate tables yet).
    /// </summary>
    /// <exception cref="DemoException">The database cannot be reached; the message says why.</exception>
    public static async Task<long> ExistingEstateRowsAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var tables = new NpgsqlCommand("SELECT to_regclass('work_orders') IS NOT NULL AND to_regclass('import_runs') IS NOT NULL", connection))
            {
                if (await tables.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    return 0;
                }
            }

            await using var count = new NpgsqlCommand("SELECT (SELECT count(*) FROM import_runs) + (SELECT count(*) FROM work_orders)", connection);
            return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (NpgsqlException e) when (DatabaseCheck.Describe(e, target) is { } message)
        {
            throw new DemoException(message, e);
        }
    }

    /// <summary>The connection string without its password, to print.</summary>
    public static string Printable(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.Password))
        {
            builder.Password = null;
        }

        return builder.ConnectionString;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
