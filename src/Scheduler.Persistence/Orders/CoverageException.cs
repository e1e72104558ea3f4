using Scheduler.Domain.Configuration;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// Plan or apply refused because the configuration and the estate register in the database leave a schedule's area
/// with no contractor or with more than one (<see cref="ConfigurationRules.CheckCoverage"/>). Nothing was written.
/// </summary>
public sealed class CoverageException : Exception
{
    public CoverageException()
        : this([])
    {
    }

    public CoverageException(string message)
        : base(message)
    {
        Problems = [];
    }

    public CoverageException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>Creates the exception for <paramref name="problems"/> (each one says where in config to fix it).</summary>
    public CoverageException(IReadOnlyList<ConfigProblem> problems)
        : base($"{problems?.Count ?? 0} contractor coverage problem(s) between config and the estate register in the database; nothing was planned or changed.")
    {
        Problems = problems ?? [];
    }

    /// <summary>Every problem found, in config order.</summary>
    public IReadOnlyList<ConfigProblem> Problems { get; }
}
