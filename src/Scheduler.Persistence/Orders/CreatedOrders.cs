namespace Scheduler.Persistence.Orders;

/// <summary>What <see cref="PlanWriter.CreateAsync"/> inserted.</summary>
/// <param name="References">The references of the orders really inserted, parents first.</param>
/// <param name="NoticesWritten">True when the created orders' outbox notices were written with them (the COPY path);
/// false when the idempotent fallback ran and the caller must enqueue them.</param>
internal sealed record CreatedOrders(List<string> References, bool NoticesWritten);
