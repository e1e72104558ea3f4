using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Worker.Hosting.Reload;

/// <summary>
/// The configuration in force while the worker runs, and the problems of the last reading that was rejected. A
/// rejected reading never replaces the configuration in force; readiness reports degraded while
/// <see cref="Problems"/> is not empty. Safe to read from any thread.
/// </summary>
internal sealed class LiveConfiguration
{
    private volatile State _state;

    /// <summary>Starts with <paramref name="initial"/> in force.</summary>
    /// <exception cref="ArgumentException"><paramref name="initial"/> has problems.</exception>
    public LiveConfiguration(ConfigSnapshot initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        if (!initial.IsValid)
        {
            throw new ArgumentException("The initial configuration has problems; the worker does not start with it.", nameof(initial));
        }

        _state = new State(initial.Configuration!, initial.Calendar!, []);
    }

    /// <summary>The configuration in force.</summary>
    public EstateConfiguration Configuration => _state.Configuration;

    /// <summary>The working-day calendar in force.</summary>
    public WorkingDayCalendar Calendar => _state.Calendar;

    /// <summary>The problems of the last rejected reading; empty when the folder as it is now is in force.</summary>
    public IReadOnlyList<ConfigProblem> Problems => _state.Problems;

    /// <summary>
    /// Puts <paramref name="snapshot"/> in force when it is valid (true when its version differs from the one in
    /// force), or records its problems and keeps the configuration in force (false).
    /// </summary>
    public bool Offer(ConfigSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var current = _state;
        if (!snapshot.IsValid)
        {
            _state = current with { Problems = snapshot.Problems };
            return false;
        }

        _state = new State(snapshot.Configuration!, snapshot.Calendar!, []);
        return !string.Equals(snapshot.Configuration!.Version, current.Configuration.Version, StringComparison.Ordinal);
    }

    private sealed record State(EstateConfiguration Configuration, WorkingDayCalendar Calendar, IReadOnlyList<ConfigProblem> Problems);
}
