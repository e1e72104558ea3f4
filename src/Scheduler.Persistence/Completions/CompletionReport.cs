using NodaTime;

namespace Scheduler.Persistence.Completions;

/// <summary>
/// A contractor's report on one work order, before it is checked: what <see cref="CompletionRecorder.RecordAsync"/>
/// takes from the feedback page, the API, a CSV row or <c>estate-scheduler complete</c>.
/// </summary>
/// <param name="Reference">The order's reference, e.g. <c>WO-2027-000123</c>.</param>
/// <param name="ContractorId">
/// Who is reporting. Null only when the landlord itself records the visit (<c>estate-scheduler complete</c>); then the
/// order's own contractor is recorded. Any other value must be the order's contractor.
/// </param>
/// <param name="Outcome">What happened.</param>
/// <param name="On">The date of the visit in the organisation's zone: not after today, not before the order's window start.</param>
/// <param name="Source">Where the report came from: <c>cli</c>, <c>link</c>, <c>api</c> or <c>csv</c> (<see cref="CompletionSources"/>).</param>
/// <param name="DefectCategory">
/// For <see cref="VisitOutcome.Defect"/>, required: the repair's SLA id (<c>repairs-emergency</c>, <c>repairs-routine</c>,
/// <c>repairs-external</c>, <c>repairs-major</c> or one of the four <c>gas-heating-*</c> ids). Must be null otherwise.
/// </param>
/// <param name="Note">Free text from the contractor (at most <see cref="CompletionRecorder.MaxNoteLength"/> characters); stored, never logged.</param>
/// <param name="At">The moment of the visit when the reporter knows it; null means the start of <paramref name="On"/> in the organisation's zone.</param>
public sealed record CompletionReport(
    string Reference,
    string? ContractorId,
    VisitOutcome Outcome,
    LocalDate On,
    string Source,
    string? DefectCategory = null,
    string? Note = null,
    Instant? At = null)
{
    /// <summary>Ids and codes only: the note is a contractor's free text (it may quote the tenant) and is never logged.</summary>
    public override string ToString() =>
        $"CompletionReport {{ Reference = {Reference}, ContractorId = {ContractorId}, Outcome = {Outcome}, On = {On}, Source = {Source}, DefectCategory = {DefectCategory}, "
        + $"Note = {(Note is null ? "(none)" : "(withheld)")}, At = {At} }}";
}
