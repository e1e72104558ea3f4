using NodaTime;
using NodaTime.Testing;
using Scheduler.Worker.Cli;

namespace Scheduler.Worker.Tests.Cli;

/// <summary>Runs the real command line in-process against the real files of the repository.</summary>
internal static class CliRunner
{
    /// <summary>A fixed "now": 29 November 2026, 10:00 UTC.</summary>
    public static Instant Now { get; } = Instant.FromUtc(2026, 11, 29, 10, 0);

    /// <summary>The repository root (the folder holding EstateScheduler.sln).</summary>
    public static string RepositoryRoot => Tests.RepositoryRoot.Path;

    public static Task<(int Exit, string Out, string Error)> RunInAsync(string workingDirectory, params string[] args) =>
        RunAtAsync(Now, workingDirectory, args);

    /// <summary>Runs the command line with the clock at <paramref name="now"/> (e.g. after a lease has run out).</summary>
    public static async Task<(int Exit, string Out, string Error)> RunAtAsync(Instant now, string workingDirectory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, new CliContext(output, error, new FakeClock(now), workingDirectory));
        return (exit, output.ToString(), error.ToString());
    }

    public static Task<(int Exit, string Out, string Error)> RunAsync(params string[] args) => RunInAsync(RepositoryRoot, args);

    /// <summary>Copies the shipped config/ folder (with its sample register) to a fresh temporary folder.</summary>
    public static string CopyOfShippedConfig()
    {
        var target = Path.Combine(Path.GetTempPath(), "estate-cli-" + Guid.NewGuid().ToString("N"));
        var source = Path.Combine(RepositoryRoot, "config");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }
}
