using Microsoft.Extensions.Configuration;
using Scheduler.Persistence;

namespace Scheduler.Worker.Commands;

/// <summary>
/// Reads the database connection string, the configuration key <c>ConnectionStrings:Estate</c>: from
/// <c>appsettings.json</c> in the config folder (optional; the shipped one holds an empty value and no secrets),
/// overridden by the environment variable <c>ConnectionStrings__Estate</c>.
/// </summary>
internal static class ConnectionSettings
{
    /// <summary>The settings file's name inside the config folder.</summary>
    public const string FileName = "appsettings.json";

    /// <summary>
    /// The connection string, or null/empty when neither the file nor the environment sets it (then
    /// <see cref="DatabaseCheck.OpenAsync"/> says how to set it).
    /// </summary>
    /// <exception cref="DatabaseNotReadyException">The settings file is not valid JSON; the message names it and the line.</exception>
    public static string? Read(string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(configDirectory);
        var path = Path.GetFullPath(Path.Combine(configDirectory, FileName));
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(path, optional: true, reloadOnChange: false)
                .AddEnvironmentVariables()
                .Build();
            return configuration[EstateDatabase.ConnectionStringKey];
        }
        catch (InvalidDataException e)
        {
            throw new DatabaseNotReadyException(
                $"{Path.Combine(configDirectory, FileName)} is not valid JSON ({e.InnerException?.Message ?? e.Message}). "
                + $"Write it as {{\"ConnectionStrings\": {{\"Estate\": \"Host=...;Database=...;Username=...\"}}}}, or delete it and set the "
                + $"environment variable {EstateDatabase.ConnectionStringVariable}.",
                e);
        }
    }
}
