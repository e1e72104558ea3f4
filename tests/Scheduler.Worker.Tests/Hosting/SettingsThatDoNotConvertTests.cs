using Scheduler.Worker.Tests.Cli;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>
/// A <c>Feedback</c> setting that cannot be read as its type (<c>Feedback__MaxBodyBytes=abc</c>) is one more listed
/// settings problem, with the exit code of the others, on every verb that reads the section (<c>run</c> at start,
/// <c>dispatch</c> for the feedback links): until branch ops39 <c>run</c> died of the configuration binder's
/// <c>InvalidOperationException</c> ("Failed to convert configuration value…") with a stack trace, and <c>dispatch</c>
/// printed the binder's message. Through the real command line, the value set in the environment as an operator would.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public class SettingsThatDoNotConvertTests
{
    private const string Expected = "Feedback:MaxBodyBytes = 'abc': not a whole number (Int32, up to 2147483647)";

    [Fact]
    public async Task Run_FeedbackNumberThatDoesNotConvert_IsListedWithTheOthersAndExitsOne()
    {
        using var config = new TempConfig();
        File.WriteAllText(config.File("appsettings.json"), """
            {
              "ConnectionStrings": { "Estate": "Host=127.0.0.1;Port=1;Database=estate;Username=estate" },
              "Scheduler": { "ShutdownTimeout": "soon" }
            }
            """);

        var (exit, output, error) = await WithEnvironmentAsync(
            new() { ["Feedback__MaxBodyBytes"] = "abc", ["Feedback__PermitsPerMinute"] = "99999999999", ["Feedback__SigingKey"] = "c2VjcmV0LXNpZ25pbmcta2V5" },
            () => CliRunner.RunAsync("run", "--config", config.Path));

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Equal(
            [
                "Scheduler:ShutdownTimeout = 'soon': not a duration: write hh:mm:ss (or d.hh:mm:ss), e.g. 00:05:00",
                Expected,
                "Feedback:PermitsPerMinute = '99999999999': not a whole number (Int32, up to 2147483647)",
                "Feedback:SigingKey = (set; not shown): not a setting; the Feedback settings are SigningKey, BaseUrl, LinkDaysAfterWindow, PermitsPerMinute, PermitsPerMinutePerAddress, MaxBodyBytes",
                "4 setting(s) not valid (in " + config.File("appsettings.json") + " or environment variables such as Scheduler__ShutdownTimeout); the worker did not start.",
            ],
            Lines(error));
        Assert.DoesNotContain("c2VjcmV0", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_FeedbackNumberThatDoesNotConvert_IsListedAndNothingIsSent()
    {
        using var config = new TempConfig();
        var pickup = config.File("pickup");

        var (exit, output, error) = await WithEnvironmentAsync(
            new() { ["Feedback__MaxBodyBytes"] = "abc", ["Smtp__From"] = "Example Homes <orders@examplehomes.example>", ["Mail__PickupDirectory"] = pickup },
            () => CliRunner.RunAsync("dispatch", "--once", "--config", config.Path));

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Equal([$"mail settings: {Expected}", "1 problem(s) found; nothing was sent."], Lines(error));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Runs <paramref name="run"/> with <paramref name="variables"/> set in the process environment, then puts back what was there.</summary>
    private static async Task<T> WithEnvironmentAsync<T>(Dictionary<string, string?> variables, Func<Task<T>> run)
    {
        var previous = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            return await run();
        }
        finally
        {
            foreach (var (name, value) in previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
