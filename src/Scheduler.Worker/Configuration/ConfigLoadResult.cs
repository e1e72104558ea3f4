using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// What loading the config folder gave: the configuration when nothing is wrong, otherwise null and every
/// problem found, ordered by file, line and column (problems about the folder as a whole come first).
/// </summary>
public sealed record ConfigLoadResult(EstateConfiguration? Configuration, IReadOnlyList<ConfigProblem> Problems)
{
    /// <summary>True when the configuration loaded with no problems.</summary>
    public bool Succeeded => Configuration is not null;
}
