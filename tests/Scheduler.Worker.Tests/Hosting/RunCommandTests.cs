using Scheduler.Worker.Tests.Cli;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>
/// <c>estate-scheduler run</c> through the real command line, refusing to start. It reads environment variables
/// (which win over appsettings.json), so it shares the process-environment collection with the tests that set them.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public class RunCommandTests
{
    [Fact]
    public async Task Run_InvalidSettingsFile_ListsEveryFailureAndExitsOneWithoutStarting()
    {
        using var config = new TempConfig();
        File.WriteAllText(config.File("appsettings.json"), """
            {
              "ConnectionStrings": { "Estate": "Host=127.0.0.1;Port=1;Database=estate;Username=estate" },
              "Scheduler": { "JobStore": "Redis", "ShutdownTimeout": "soon" },
              "Health": { "Urls": "ftp://127.0.0.1:21" }
            }
            """);

        var (exit, output, error) = await CliRunner.RunAsync("run", "--config", config.Path);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("Scheduler:JobStore = 'Redis': use one of Postgres, Memory", error, StringComparison.Ordinal);
        Assert.Contains("Scheduler:ShutdownTimeout = 'soon': not a duration", error, StringComparison.Ordinal);
        Assert.Contains("Health:Urls = 'ftp://127.0.0.1:21': not an address to listen on", error, StringComparison.Ordinal);
        Assert.Contains("3 setting(s) not valid", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnreachableDatabase_OneParagraphAndExitOne()
    {
        using var config = new TempConfig();
        File.WriteAllText(config.File("appsettings.json"), """
            { "ConnectionStrings": { "Estate": "Host=127.0.0.1;Port=1;Database=estate;Username=estate;Timeout=2" } }
            """);

        var (exit, _, error) = await CliRunner.RunAsync("run", "--config", config.Path);

        Assert.Equal(1, exit);
        Assert.Contains("Cannot reach PostgreSQL at 127.0.0.1:1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnusableFeedbackKey_IsListedWithTheOtherFailuresAndExitsOne()
    {
        using var config = new TempConfig();
        File.WriteAllText(config.File("appsettings.json"), """
            {
              "ConnectionStrings": { "Estate": "Host=127.0.0.1;Port=1;Database=estate;Username=estate" },
              "Scheduler": { "ShutdownTimeout": "soon" },
              "Feedback": { "SigningKey": "c2hvcnQta2V5" }
            }
            """);

        var (exit, output, error) = await CliRunner.RunAsync("run", "--config", config.Path);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("Feedback:SigningKey = (set; not shown): Feedback:SigningKey must be base64 of at least 32 random bytes", error, StringComparison.Ordinal);
        Assert.Contains("Scheduler:ShutdownTimeout = 'soon': not a duration", error, StringComparison.Ordinal);
        Assert.Contains("2 setting(s) not valid", error, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnQta2V5", error, StringComparison.Ordinal);
    }
}
