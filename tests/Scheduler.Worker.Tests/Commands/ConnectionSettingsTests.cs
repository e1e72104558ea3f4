using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Worker.Tests.Commands;

/// <summary>
/// Where the connection string comes from, through the real worker process: config/appsettings.json, overridden by the
/// environment variable ConnectionStrings__Estate.
/// </summary>
public sealed class ConnectionSettingsTests : IDisposable
{
    private readonly string _configDir = Directory.CreateTempSubdirectory("estate-settings-").FullName;

    public void Dispose() => Directory.Delete(_configDir, recursive: true);

    [Fact]
    public async Task Migrate_ConnectionStringOnlyInTheFile_UsesTheFile()
    {
        var server = await PostgresServer.SharedAsync();
        var name = await server.CreateEmptyDatabaseAsync();
        try
        {
            WriteSettings(server.ConnectionString(name));

            var (exit, output, error) = await WorkerProcess.RunAsync(RepositoryRoot.Path, null, "migrate", "--config", _configDir);

            Assert.Equal((0, string.Empty), (exit, error));
            Assert.StartsWith("Applied ", output, StringComparison.Ordinal);
        }
        finally
        {
            await server.DropDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task Migrate_EnvironmentVariableSet_OverridesTheFile()
    {
        var server = await PostgresServer.SharedAsync();
        var name = await server.CreateEmptyDatabaseAsync();
        try
        {
            WriteSettings(server.ConnectionString("estate_named_only_in_the_file"));

            var fromFile = await WorkerProcess.RunAsync(RepositoryRoot.Path, null, "migrate", "--config", _configDir);
            var fromEnvironment = await WorkerProcess.RunAsync(RepositoryRoot.Path, server.ConnectionString(name), "migrate", "--config", _configDir);

            Assert.Equal(1, fromFile.Exit);
            Assert.StartsWith("The database 'estate_named_only_in_the_file' does not exist", fromFile.Error, StringComparison.Ordinal);
            Assert.Equal((0, string.Empty), (fromEnvironment.Exit, fromEnvironment.Error));
            Assert.StartsWith("Applied ", fromEnvironment.Out, StringComparison.Ordinal);
        }
        finally
        {
            await server.DropDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task Orders_ShippedSettingsAndNoVariable_OneParagraphSayingHowToSetIt()
    {
        var (exit, output, error) = await WorkerProcess.RunAsync(RepositoryRoot.Path, null, "orders");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Equal(
            "No database is configured. Set the connection string in the configuration key ConnectionStrings:Estate (environment variable "
            + "ConnectionStrings__Estate, which overrides \"ConnectionStrings\": { \"Estate\": ... } in config/appsettings.json), e.g. "
            + "ConnectionStrings__Estate='Host=localhost;Database=estate;Username=estate;Password=...'. Keep passwords out of the file: set them in the environment."
            + Environment.NewLine,
            error);
    }

    [Fact]
    public async Task Migrate_SettingsFileNotJson_NamesTheFileAndExitsOne()
    {
        await File.WriteAllTextAsync(Path.Combine(_configDir, "appsettings.json"), "{ \"ConnectionStrings\": { \"Estate\": \"Host=x\" ");

        var (exit, _, error) = await WorkerProcess.RunAsync(RepositoryRoot.Path, null, "migrate", "--config", _configDir);

        Assert.Equal(1, exit);
        Assert.StartsWith(Path.Combine(_configDir, "appsettings.json") + " is not valid JSON (", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedSettings_HoldAnEmptyConnectionStringAndNoSecrets()
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.ConfigFolder, "appsettings.json")));

        var estate = json.RootElement.GetProperty("ConnectionStrings").GetProperty("Estate");
        Assert.Equal(string.Empty, estate.GetString());
        Assert.Empty(Secrets(json.RootElement));
    }

    /// <summary>Every non-empty value under a key that names a secret (password, API key, signing key).</summary>
    private static IEnumerable<string> Secrets(System.Text.Json.JsonElement element, string path = "")
    {
        if (element.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var property in element.EnumerateObject())
        {
            var name = path + ":" + property.Name;
            if (property.Value.ValueKind == System.Text.Json.JsonValueKind.String
                && property.Value.GetString() is { Length: > 0 }
                && (property.Name.Contains("Password", StringComparison.OrdinalIgnoreCase)
                    || property.Name.Contains("ApiKey", StringComparison.OrdinalIgnoreCase)
                    || property.Name.Contains("SigningKey", StringComparison.OrdinalIgnoreCase)))
            {
                yield return name;
            }

            foreach (var inner in Secrets(property.Value, name))
            {
                yield return inner;
            }
        }
    }

    private void WriteSettings(string connectionString) =>
        File.WriteAllText(
            Path.Combine(_configDir, "appsettings.json"),
            System.Text.Json.JsonSerializer.Serialize(new { ConnectionStrings = new { Estate = connectionString } }));
}
