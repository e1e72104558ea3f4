using System.Diagnostics;
using System.Text.RegularExpressions;
using Scheduler.Persistence;
using Scheduler.Worker.Tests.Commands;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>
/// <c>estate-scheduler run</c> as a real OS process (the built <c>estate-scheduler.dll</c>), its settings in environment
/// variables, its console log collected line by line so tests wait for log events instead of sleeping.
/// </summary>
internal sealed partial class WorkerNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private WorkerNode(Process process, string name)
    {
        _process = process;
        Name = name;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Every line so far (a copy).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Starts <c>run --config <paramref name="configDirectory"/></c> with <paramref name="settings"/> as <c>Section__Key</c> variables.</summary>
    public static WorkerNode Start(string name, string configDirectory, string connectionString, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = configDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WorkerProcess.Dll);
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configDirectory);
        foreach (var variable in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }

        start.Environment[EstateDatabase.ConnectionStringVariable] = connectionString;
        start.Environment["Seq__BufferFolder"] = Path.Join(configDirectory, "logs");
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return new WorkerNode(Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet."), name);
    }

    /// <summary>The first line (already written or still to come) that <paramref name="match"/> accepts; fails after <paramref name="guard"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan guard, string what)
    {
        Task<string> found;
        lock (_lock)
        {
            if (_lines.Find(l => match(l)) is { } line)
            {
                return line;
            }

            var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, waiter));
            found = waiter.Task;
        }

        try
        {
            return await found.WaitAsync(guard);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name}: no log line within {guard}: {what}. Its log:\n{string.Join('\n', Lines)}");
        }
    }

    /// <summary>SIGKILL: the process dies at once, mid-job if it is running one.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGTERM: the host stops gracefully.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to exit; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan guard)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(guard);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} did not exit within {guard}. Its log:\n{string.Join('\n', Lines)}");
        }

        return _process.ExitCode;
    }

    /// <summary>The generate runs this node logged: event 4001 (started) joined with 4002 (applied) by fire instance id.</summary>
    public IReadOnlyList<GenerateRunLine> GenerateRuns()
    {
        var lines = Lines;
        var applied = lines.Select(l => AppliedLine().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups["fire"].Value, m => int.Parse(m.Groups["created"].Value, System.Globalization.CultureInfo.InvariantCulture));
        return
        [
            .. lines.Select(l => StartedLine().Match(l)).Where(m => m.Success).Select(m => new GenerateRunLine(
                Name,
                m.Groups["trigger"].Value,
                m.Groups["fire"].Value,
                m.Groups["node"].Value,
                m.Groups["scheduled"].Value,
                applied.TryGetValue(m.Groups["fire"].Value, out var created) ? created : null)),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Found.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }

    [GeneratedRegex(@"Job estate\.generate fired by (?<trigger>\S+) \((?<fire>[^)]+)\) on node (?<node>\S+), scheduled for (?<scheduled>\S+):")]
    private static partial Regex StartedLine();

    [GeneratedRegex(@"Job estate\.generate \((?<fire>[^)]+)\) applied the plan as of \S+: (?<created>\d+) created")]
    private static partial Regex AppliedLine();
}

/// <summary>One generate run as a node logged it.</summary>
/// <param name="Process">The test's name for the process.</param>
/// <param name="TriggerKey">The trigger that fired it (<c>estate.generate-nightly</c>, or <c>RECOVERING_JOBS.recover_…</c>).</param>
/// <param name="FireInstanceId">Quartz's id of the firing.</param>
/// <param name="Node">The scheduler instance id.</param>
/// <param name="ScheduledFor">The firing's scheduled time, as logged.</param>
/// <param name="Created">Orders the run created; null while it has not applied (running, or killed).</param>
internal sealed record GenerateRunLine(string Process, string TriggerKey, string FireInstanceId, string Node, string ScheduledFor, int? Created);
