using System.Text.Json.Serialization;

namespace Scheduler.Worker.Feedback;

/// <summary>The body of <c>POST /api/v1/feedback</c>. Unknown members are refused.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record FeedbackApiRequest(
    [property: JsonPropertyName("reference")] string? Reference,
    [property: JsonPropertyName("date")] string? Date,
    [property: JsonPropertyName("outcome")] string? Outcome,
    [property: JsonPropertyName("category")] string? Category,
    [property: JsonPropertyName("note")] string? Note)
{
    /// <summary>The fields as sent, but never the note (a contractor's free text, never logged).</summary>
    public override string ToString() =>
        $"FeedbackApiRequest {{ Reference = {Reference}, Date = {Date}, Outcome = {Outcome}, Category = {Category}, Note = {(Note is null ? "(none)" : "(withheld)")} }}";
}
