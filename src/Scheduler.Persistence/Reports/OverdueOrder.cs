using NodaTime;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Reports;

/// <summary>A work order past its window (planned work) or its SLA deadline (a repair) with no completion.</summary>
/// <param name="Reference">The order's reference, e.g. <c>WO-2027-000123</c>.</param>
/// <param name="Service">The service id.</param>
/// <param name="AssetId">The site, block or home.</param>
/// <param name="ContractorId">The contractor it was given to; null when none was.</param>
/// <param name="Status">planned, issued, appointed or no-access (never completed or cancelled).</param>
/// <param name="SlaCategory">The SLA target id for a repair; null for planned work.</param>
/// <param name="DueDate">The last day it was due on (inclusive): the window end, or for a repair the local date (the organisation's zone) of the last moment before <paramref name="SlaDueAt"/>.</param>
/// <param name="SlaDueAt">A repair's deadline instant; null for planned work.</param>
public sealed record OverdueOrder(
    string Reference,
    string Service,
    string AssetId,
    string? ContractorId,
    WorkOrderStatus Status,
    string? SlaCategory,
    LocalDate DueDate,
    Instant? SlaDueAt);
