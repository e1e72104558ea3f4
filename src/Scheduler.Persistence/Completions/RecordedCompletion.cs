using NodaTime;

namespace Scheduler.Persistence.Completions;

/// <summary>
/// A contractor's report on one work order, after it has been checked and written (status, completion date and an
/// audit event), handed to every <see cref="ICompletionEffect"/> inside the same transaction.
/// </summary>
/// <param name="WorkOrderId">The order's database id.</param>
/// <param name="Reference">The order's human reference, e.g. <c>WO-2027-000123</c>.</param>
/// <param name="ScheduleId">The schedule that created the order (e.g. <c>gas-safety</c>), or the repair schedule.</param>
/// <param name="Service">The order's service id (e.g. <c>gas-safety</c>).</param>
/// <param name="AssetId">The home, block or site id.</param>
/// <param name="ContractorId">The contractor that reported, which is the order's contractor.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="On">The date of the visit in the organisation's zone (never in the future, never before the order's window).</param>
/// <param name="At">The moment recorded for the visit (start of <paramref name="On"/> in the organisation's zone when only a date was given).</param>
/// <param name="Source">Where the report came from: <c>cli</c>, <c>link</c>, <c>api</c> or <c>csv</c>.</param>
/// <param name="DefectCategory">For <see cref="VisitOutcome.Defect"/>, the SLA category id of the defect; otherwise null.</param>
/// <param name="Note">The contractor's note, if any (free text: never logged, and not in <see cref="ToString"/>).</param>
/// <param name="FurtherDefect">True for another defect of a visit already reported done with a defect (the same visit
/// date, another category, docs/feedback.md): the visit itself was recorded by the earlier report, so this one only
/// raises its own repair (<see cref="RepairFromDefectEffect"/>, under a key naming its category); the other effects (gas
/// record, follow-ups) ignore it (<see cref="VisitAlreadyRecorded"/>).</param>
/// <param name="AfterDone">True for a defect of a visit already reported done (the same visit date, docs/feedback.md):
/// as for <paramref name="FurtherDefect"/>, the visit was recorded by the done report and this one only raises its
/// repair, the visit's first (under the key <c>repair/{reference}</c>); the other effects ignore it.</param>
public sealed record RecordedCompletion(
    long WorkOrderId,
    string Reference,
    string ScheduleId,
    string Service,
    string AssetId,
    string ContractorId,
    VisitOutcome Outcome,
    LocalDate On,
    Instant At,
    string Source,
    string? DefectCategory,
    string? Note,
    bool FurtherDefect = false,
    bool AfterDone = false)
{
    /// <summary>
    /// True when an earlier report recorded this visit (a defect after its done report, or another defect after its
    /// defect report): the order, the gas record and the follow-ups were moved by that report and are not moved again;
    /// this report adds its audit row and its repair only.
    /// </summary>
    public bool VisitAlreadyRecorded => FurtherDefect || AfterDone;

    /// <summary>Ids and codes only: the note is a contractor's free text (it may quote the tenant) and is never logged.</summary>
    public override string ToString() =>
        $"RecordedCompletion {{ WorkOrderId = {WorkOrderId}, Reference = {Reference}, ScheduleId = {ScheduleId}, Service = {Service}, AssetId = {AssetId}, "
        + $"ContractorId = {ContractorId}, Outcome = {Outcome}, On = {On}, At = {At}, Source = {Source}, DefectCategory = {DefectCategory}, "
        + $"Note = {(Note is null ? "(none)" : "(withheld)")}, FurtherDefect = {FurtherDefect}, AfterDone = {AfterDone} }}";
}
