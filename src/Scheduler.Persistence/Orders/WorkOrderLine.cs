using NodaTime;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Orders;

/// <summary>One row of the orders listing, in the column order of <c>estate-scheduler orders --format csv</c>.</summary>
public sealed record WorkOrderLine(
    string Reference,
    string Schedule,
    string Service,
    string Asset,
    LocalDate WindowStart,
    LocalDate WindowEnd,
    LocalDate TargetDate,
    WorkOrderStatus Status,
    string? Contractor);
