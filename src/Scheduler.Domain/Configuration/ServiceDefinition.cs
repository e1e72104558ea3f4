namespace Scheduler.Domain.Configuration;

/// <summary>
/// A service the landlord provides (config <c>services:</c>): its name for letters and work orders, the
/// checklist printed on every order (e.g. "hardstanding kept weed and litter free" on grounds visits), and
/// whether it disturbs nesting birds, so the scheduler refuses to place it from 1 March to 31 August.
/// </summary>
public sealed record ServiceDefinition(string Id, string Name, IReadOnlyList<string> Checklist, bool NestingSensitive)
{
    /// <summary>Where the service was written in config.</summary>
    public SourceLocation Origin { get; init; }
}
