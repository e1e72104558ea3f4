using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Scheduler.Persistence;

/// <summary>
/// Opens the estate database for a command and turns every way that can fail into a
/// <see cref="DatabaseNotReadyException"/> whose message says what to do (never a stack trace).
/// </summary>
public static class DatabaseCheck
{
    /// <summary>
    /// A data source for <paramref name="connectionString"/> after checking that the server answers, the login is
    /// accepted, the database exists and (when <paramref name="requireMigrated"/>) every migration is applied.
    /// The caller disposes the data source.
    /// </summary>
    /// <exception cref="DatabaseNotReadyException">Any of those checks failed; nothing was written.</exception>
    public static async Task<NpgsqlDataSource> OpenAsync(string? connectionString, bool requireMigrated, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new DatabaseNotReadyException(
                $"No database is configured. Set the connection string in the configuration key {EstateDatabase.ConnectionStringKey} "
                + $"(environment variable {EstateDatabase.ConnectionStringVariable}, which overrides \"ConnectionStrings\": {{ \"Estate\": ... }} "
                + "in config/appsettings.json), e.g. "
                + $"{EstateDatabase.ConnectionStringVariable}='Host=localhost;Database=estate;Username=estate;Password=...'. "
                + "Keep passwords out of the file: set them in the environment.");
        }

        NpgsqlDataSource dataSource;
        try
        {
            dataSource = EstateDatabase.CreateDataSource(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new DatabaseNotReadyException(
                $"The connection string in {EstateDatabase.ConnectionStringKey} is not valid ({e.Message}). "
                + "Write it as key=value pairs separated by ';', e.g. Host=localhost;Database=estate;Username=estate;Password=....", e);
        }

        try
        {
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
            {
                if (requireMigrated)
                {
                    await using var db = EstateDatabase.CreateContext(connection);
                    var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
                    if (pending.Count > 0)
                    {
                        throw new DatabaseNotReadyException(
                            $"The database '{connection.Database}' is missing {pending.Count} migration(s) ({string.Join(", ", pending)}). "
                            + "Run 'estate-scheduler migrate' to bring it up to date; it only adds tables and columns, and nothing else was changed.");
                    }
                }
            }

            return dataSource;
        }
        catch (Exception e) when (Describe(e, new NpgsqlConnectionStringBuilder(connectionString)) is { } message)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw new DatabaseNotReadyException(message, e);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A one-paragraph explanation of a connection failure, or null when <paramref name="error"/> is not one.</summary>
    public static string? Describe(Exception error, NpgsqlConnectionStringBuilder target)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(target);
        var where = $"{target.Host}:{target.Port}";
        return error switch
        {
            PostgresException { SqlState: "28P01" or "28000" } => $"PostgreSQL at {where} refused the login for user '{target.Username}'. "
                + $"Check the Username and Password in {EstateDatabase.ConnectionStringKey} (environment variable {EstateDatabase.ConnectionStringVariable}).",
            PostgresException { SqlState: "3D000" } => $"The database '{target.Database}' does not exist on {where}. "
                + "Create it (e.g. createdb " + target.Database + ") and run 'estate-scheduler migrate', or fix Database in the connection string.",
            NpgsqlException { InnerException: SocketException or TimeoutException } or NpgsqlException { IsTransient: true } =>
                $"Cannot reach PostgreSQL at {where}: {error.InnerException?.Message ?? error.Message}. "
                + "Check that the server is running and that Host and Port in the connection string are right.",
            _ => null,
        };
    }
}
