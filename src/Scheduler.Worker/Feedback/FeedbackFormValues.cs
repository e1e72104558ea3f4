namespace Scheduler.Worker.Feedback;

/// <summary>
/// What the feedback page's form holds: on a GET only the outcome the emailed link chose; after a refused POST every
/// field as the contractor sent it (their own text, shown back to them HTML-encoded and never logged), so a refusal
/// does not make them type the note again.
/// </summary>
/// <param name="Outcome">The outcome chosen (<c>done</c>, <c>no-access</c>, <c>defect</c>), or anything else sent.</param>
/// <param name="Date">The visit date as sent (yyyy-MM-dd, or what was typed); null on a GET (today is offered).</param>
/// <param name="Category">The defect category as sent, or null.</param>
/// <param name="Note">The note as sent, or null.</param>
internal sealed record FeedbackFormValues(string? Outcome, string? Date = null, string? Category = null, string? Note = null)
{
    /// <summary>Nothing sent: the open form's defaults (Done, today).</summary>
    public static readonly FeedbackFormValues None = new((string?)null);

    /// <summary>The fields but the note: the note is the contractor's free text (it may quote the tenant) and is never logged.</summary>
    public override string ToString() =>
        $"FeedbackFormValues {{ Outcome = {Outcome}, Date = {Date}, Category = {Category}, Note = {(string.IsNullOrEmpty(Note) ? "(none)" : "(withheld)")} }}";
}
