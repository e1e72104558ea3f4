using Scheduler.Persistence.Completions;

namespace Scheduler.Worker.Feedback;

/// <summary>
/// The largest body the feedback page takes, sized from its own form so that every form the page can produce fits: a
/// note of <see cref="CompletionRecorder.MaxNoteLength"/> characters, each up to 4 bytes of UTF-8 and each byte sent
/// percent-encoded (<c>%F0%9F%92%A7</c>, 12 characters for one emoji), with the longest outcome, date and category the
/// page offers and the fields' names, and <see cref="Spare"/> bytes for what a browser may add (a date typed by hand
/// where it shows a text box instead of a date picker). A body larger than that is not from the page: it is refused
/// before it is read (docs/feedback.md, "Limits").
/// </summary>
internal static class FeedbackFormSize
{
    /// <summary>The most a note's character takes in a form body: 4 bytes of UTF-8, each sent as <c>%XX</c>.</summary>
    public const int BytesPerNoteCharacter = 4 * 3;

    /// <summary>Room for what a browser may send beyond the longest form (a hand-typed date).</summary>
    public const int Spare = 1024;

    /// <summary>The date as the page's date field sends it (yyyy-MM-dd).</summary>
    private const int DateLength = 10;

    /// <summary>
    /// The longest form the page can produce: <c>outcome=no-access&amp;date=yyyy-MM-dd&amp;category=…&amp;note=…</c>
    /// with the longest category and a note of 4-byte characters (24,081 bytes).
    /// </summary>
    public static int LongestForm { get; } =
        "outcome=".Length + FeedbackPage.Outcomes.Max(o => o.Value.Length)
        + "&date=".Length + DateLength
        + "&category=".Length + DefectCategories.All.Max(c => c.Length)
        + "&note=".Length + (CompletionRecorder.MaxNoteLength * BytesPerNoteCharacter);

    /// <summary>The largest body the page reads (<see cref="LongestForm"/> and <see cref="Spare"/>: 25,105 bytes); larger is refused unread.</summary>
    public static int MaxBytes { get; } = LongestForm + Spare;
}
