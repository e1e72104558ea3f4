using System.Diagnostics;

namespace Scheduler.Worker.Demo;

/// <summary>
/// Runs an external program (<c>initdb</c>, <c>pg_ctl</c>, <c>apt-get</c>, …) to completion and captures what it
/// printed. With <c>asUser</c> it runs through <c>runuser -u USER --</c> (the process must be root).
/// </summary>
internal static class ProgramRun
{
    /// <summary>The exit code and both output streams of a finished program.</summary>
    internal sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>True when the program exited 0.</summary>
        public bool Succeeded => ExitCode == 0;

        /// <summary>What it printed, both streams, trimmed (for an error message).</summary>
        public string Printed => (Output + Error).Trim();
    }

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> (each passed as one argument, never through a
    /// shell) in <paramref name="workingDirectory"/> (default: the temp folder, which every user may enter).
    /// </summary>
    /// <exception cref="DemoException">The program could not be started at all.</exception>
    public static Result Run(
        string program, IEnumerable<string> arguments, string? asUser = null, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(asUser is null ? program : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        if (asUser is not null)
        {
            foreach (var word in new[] { "-u", asUser, "--", program })
            {
                start.ArgumentList.Add(word);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        try
        {
            using var process = Process.Start(start) ?? throw new DemoException($"Could not start {program}.");
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new Result(process.ExitCode, output, error.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DemoException($"Could not start {(asUser is null ? program : "runuser")}: {e.Message}", e);
        }
    }

    /// <summary>Runs the program and throws <see cref="DemoException"/> with <paramref name="what"/> and its output when it fails.</summary>
    public static Result RunOrThrow(string what, string program, IEnumerable<string> arguments, string? asUser = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Run(program, arguments, asUser, environment);
        return result.Succeeded
            ? result
            : throw new DemoException($"{what} failed ({Path.GetFileName(program)} exited with {result.ExitCode}): {result.Printed}");
    }
}
