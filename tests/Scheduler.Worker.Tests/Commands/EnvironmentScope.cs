namespace Scheduler.Worker.Tests.Commands;

/// <summary>Environment variables set for a test and put back after it (null removes one).</summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly (string Name, string? Value)[] _previous;

    public EnvironmentScope(params (string Name, string? Value)[] values)
    {
        _previous = [.. values.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name)))];
        foreach (var (name, value) in values)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
