namespace Scheduler.Persistence.Outbox;

/// <summary>What <see cref="OutboxWriter.EnqueueForPlanAsync"/> wrote.</summary>
/// <param name="Notices">Contractor notices added (orders of per-order contractors).</param>
/// <param name="Cancellations">Cancellation notices added (cancelled orders the contractor had been sent, or was being sent).</param>
/// <param name="Superseded">Notices still waiting whose order was cancelled: they will not be sent.</param>
public sealed record OutboxEnqueueResult(int Notices, int Cancellations, int Superseded);
