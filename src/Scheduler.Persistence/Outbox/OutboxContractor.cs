namespace Scheduler.Persistence.Outbox;

/// <summary>A contractor as the <c>contractors</c> table holds it (copied from config on every apply).</summary>
public sealed record OutboxContractor(string Id, string Name, string Email, IReadOnlyList<string> Services, IReadOnlyList<string> Areas, string Dispatch, bool Active);
