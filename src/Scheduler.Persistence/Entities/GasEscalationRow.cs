using NodaTime;

namespace Scheduler.Persistence.Entities;

/// <summary>
/// A row of <c>gas_escalations</c>: a home where every allowed attempt failed for no access, escalated to the
/// compliance manager with the evidence. While <see cref="ResolvedOn"/> is null the home is flagged: no further
/// appointment is booked automatically, and it shows in the digest and the compliance report.
/// </summary>
public sealed class GasEscalationRow
{
    public long Id { get; set; }

    public required string HomeId { get; set; }

    /// <summary>The order the attempts were made under (the last one).</summary>
    public long WorkOrderId { get; set; }

    public LocalDate Deadline { get; set; }

    /// <summary>The day the last attempt was reported and the case escalated.</summary>
    public LocalDate EscalatedOn { get; set; }

    /// <summary>Failed attempts at the time of escalation.</summary>
    public int Attempts { get; set; }

    /// <summary>A one-line summary (dates and slots; no tenant details).</summary>
    public required string Reason { get; set; }

    /// <summary>The evidence as sent to the manager (jsonb, <see cref="Gas.GasEscalationPayload"/>).</summary>
    public required string Evidence { get; set; }

    /// <summary>The day a check was at last made and the flag lifted; null while flagged.</summary>
    public LocalDate? ResolvedOn { get; set; }

    public Instant CreatedAt { get; set; }
}
