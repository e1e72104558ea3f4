using System.Diagnostics;
using Scheduler.Persistence;

namespace Scheduler.Worker.Tests.Commands;

/// <summary>
/// Runs the built worker as a real OS process (<c>dotnet estate-scheduler.dll …</c>, copied next to the test binaries by
/// the project reference), with an environment of its own: the test process's, less <c>ConnectionStrings__Estate</c>
/// unless given.
/// </summary>
internal static class WorkerProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>The worker's entry assembly.</summary>
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "estate-scheduler.dll");

    /// <summary>Starts the worker in <paramref name="workingDirectory"/>; <paramref name="connectionString"/> null means the variable is unset.</summary>
    public static Process Start(string workingDirectory, string? connectionString, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove(EstateDatabase.ConnectionStringVariable);
        if (connectionString is not null)
        {
            start.Environment[EstateDatabase.ConnectionStringVariable] = connectionString;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
    }

    /// <summary>Waits for a started worker: its exit code and everything it printed.</summary>
    public static async Task<(int Exit, string Out, string Error)> WaitAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"estate-scheduler did not finish within {Limit}: {await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts the worker and waits for it.</summary>
    public static async Task<(int Exit, string Out, string Error)> RunAsync(string workingDirectory, string? connectionString, params string[] args)
    {
        using var process = Start(workingDirectory, connectionString, args);
        return await WaitAsync(process);
    }
}
