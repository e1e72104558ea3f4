namespace Scheduler.Domain.Configuration;

/// <summary>
/// A service the landlord provides (config <c>services:</c>): its name for letters and work orders, the
/// checklist printed on every order (e.g. "hardstanding kept weed and litter free" on grounds visits), and
/// whether it disturbs nesting birds, so the scheduler refuses to place it from 1 March to 31 August.
/// </summary>
public sealed record ServiceDefinition(string Id, string Name, IReadOnlyList<string> Checklist, bool NestingSensitive)
{
    /// <summary>
    /// What a tenant's appointment letter lists under "The visit covers:", in words addressed to the tenant (config
    /// <c>tenantChecklist</c>); null when not given, and the letter lists <see cref="Checklist"/>.
    /// </summary>
    public IReadOnlyList<string>? TenantChecklist { get; init; }

    /// <summary>The lines a tenant's letter lists: <see cref="TenantChecklist"/> when given, else <see cref="Checklist"/>.</summary>
    public IReadOnlyList<string> ForTenants => TenantChecklist ?? Checklist;

    /// <summary>Where the service was written in config.</summary>
    public SourceLocation Origin { get; init; }
}
