using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>A work order as a message about it needs it: what, where (names from the register), when, and its state.</summary>
/// <param name="Id">The row id.</param>
/// <param name="Reference">e.g. <c>WO-2027-000123</c>.</param>
/// <param name="Service">The service id.</param>
/// <param name="AssetId">The site, block or home id.</param>
/// <param name="AssetName">A site's or block's name, a home's address (the id when the register lacks it).</param>
/// <param name="Address">Where to go: a site's name, "block, site", a home's address.</param>
/// <param name="Postcode">The postcode (a block's is its site's); empty when unknown.</param>
/// <param name="WindowStart">First day of the window (inclusive).</param>
/// <param name="WindowEnd">Last day of the window (inclusive).</param>
/// <param name="TargetDate">The day aimed at.</param>
/// <param name="Status">The order's status text (planned, issued, …, cancelled).</param>
/// <param name="ContractorId">Its contractor, if any.</param>
/// <param name="ParentId">For a follow-up, the order it follows.</param>
/// <param name="CancelledReason">For a cancelled order, <c>code: sentence</c>.</param>
/// <param name="AppointmentDate">The day of the order's live appointment with the tenant (<c>gas_appointments</c>, status
/// <c>booked</c>); null when none is booked (none ever was, or it was attended, missed or cancelled).</param>
/// <param name="AppointmentSlot">That appointment's slot as config names it (<c>AM</c>, <c>PM</c>); null with the date.</param>
/// <param name="AppointmentId">That appointment's id (<c>gas_appointments.id</c>): a changed-appointment notice goes only
/// while it is still the one the notice was written for; null with the date.</param>
/// <param name="SlaCategory">For a repair raised from a defect, its SLA target id (<c>work_orders.sla_category</c>, e.g.
/// <c>repairs-emergency</c>); null for calendar work.</param>
/// <param name="ReportedAt">For a repair, when the defect was reported (<c>reported_at</c>): its clock's start.</param>
/// <param name="SlaDueAt">For a repair, the moment it is due by (<c>sla_due_at</c>); null for calendar work.</param>
/// <param name="DefectNote">For a repair raised from a defect, what the reporting contractor wrote about the defect: the
/// <c>note</c> of the defect report that raised it (<c>work_orders.raised_by_event_id</c>; for a repair raised before
/// that link whose report could not be found, the visited order's latest defect report) in <c>work_order_events</c>,
/// as the recorder stored it (trimmed, at most 2,000 characters); null when they wrote none, and for calendar work. Free
/// text from a contractor: escaped wherever it is written, never logged.</param>
/// <remarks>
/// <see cref="ToString"/> prints ids, codes and dates only: never the note, the asset's name, the address or the
/// postcode (a log of the record would otherwise carry a tenant's address and a contractor's words about their home).
/// </remarks>
public sealed record OutboxOrder(
    long Id,
    string Reference,
    string Service,
    string AssetId,
    string AssetName,
    string Address,
    string Postcode,
    LocalDate WindowStart,
    LocalDate WindowEnd,
    LocalDate TargetDate,
    string Status,
    string? ContractorId,
    long? ParentId,
    string? CancelledReason,
    LocalDate? AppointmentDate = null,
    string? AppointmentSlot = null,
    long? AppointmentId = null,
    string? SlaCategory = null,
    Instant? ReportedAt = null,
    Instant? SlaDueAt = null,
    string? DefectNote = null)
{
    /// <summary>Ids, codes and dates only (see the remarks): no note, name, address or postcode.</summary>
    public override string ToString() =>
        $"OutboxOrder {{ Id = {Id}, Reference = {Reference}, Service = {Service}, AssetId = {AssetId}, WindowStart = {WindowStart}, WindowEnd = {WindowEnd}, "
        + $"TargetDate = {TargetDate}, Status = {Status}, ContractorId = {ContractorId}, ParentId = {ParentId}, AppointmentDate = {AppointmentDate}, "
        + $"AppointmentSlot = {AppointmentSlot}, AppointmentId = {AppointmentId}, SlaCategory = {SlaCategory}, ReportedAt = {ReportedAt}, SlaDueAt = {SlaDueAt}, "
        + $"DefectNote = {(DefectNote is null ? "(none)" : "(withheld)")} }}";
}
