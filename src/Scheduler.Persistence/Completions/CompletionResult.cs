namespace Scheduler.Persistence.Completions;

/// <summary>
/// What became of a report. <see cref="Message"/> is one sentence a contractor can read; it never holds the note, a
/// token or a key, so it is safe to show and to log.
/// </summary>
/// <param name="Status">Recorded, already recorded, or refused.</param>
/// <param name="Refusal">Why it was refused; <see cref="CompletionRefusal.None"/> otherwise.</param>
/// <param name="Reference">The reference the report named.</param>
/// <param name="Message">The outcome in words.</param>
/// <param name="Completion">What was recorded (also for <see cref="CompletionStatus.AlreadyRecorded"/>, the earlier record's order); null when refused.</param>
/// <param name="CreatedReferences">References of orders the effects created (a defect's repair); empty otherwise.</param>
public sealed record CompletionResult(
    CompletionStatus Status,
    CompletionRefusal Refusal,
    string Reference,
    string Message,
    RecordedCompletion? Completion,
    IReadOnlyList<string> CreatedReferences)
{
    /// <summary>True when the report stands (recorded now or before).</summary>
    public bool IsAccepted => Status is CompletionStatus.Recorded or CompletionStatus.AlreadyRecorded;

    internal static CompletionResult Refused(CompletionRefusal refusal, string reference, string message) =>
        new(CompletionStatus.Refused, refusal, reference, message, null, []);
}
