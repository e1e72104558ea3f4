namespace Scheduler.Persistence.Outbox;

/// <summary>A contractor as the <c>contractors</c> table holds it (copied from config on every apply).</summary>
public sealed record OutboxContractor(string Id, string Name, string Email, IReadOnlyList<string> Services, IReadOnlyList<string> Areas, string Dispatch, bool Active)
{
    /// <summary>Its id, trade name and dispatch: never the email address (logs carry ids).</summary>
    public override string ToString() =>
        $"OutboxContractor {{ Id = {Id}, Name = {Name}, Email = (withheld), Services = [{string.Join(", ", Services)}], Areas = [{string.Join(", ", Areas)}], Dispatch = {Dispatch}, Active = {Active} }}";
}
