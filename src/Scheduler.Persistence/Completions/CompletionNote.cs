namespace Scheduler.Persistence.Completions;

/// <summary>
/// A report's note as it is counted and stored, the same whichever route sent it (the page, the API, a CSV row,
/// <c>complete --note</c>): line breaks as LF (a browser sends a textarea's line breaks as CRLF, a CSV file may hold
/// CRLF or CR), no white space at either end, and counted in Unicode characters (code points: an emoji, a Chinese
/// character or a Polish <c>ą</c> is one), so a note that fits the page's box (<c>maxlength</c> counts a line break as
/// one) is never refused as too long (docs/feedback.md, "What can be reported").
/// </summary>
public static class CompletionNote
{
    /// <summary>
    /// The note as stored: CRLF and a lone CR become LF, white space at either end is cut; null when nothing is left.
    /// </summary>
    public static string? Normalise(string? note)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            return null;
        }

        var text = note.Contains('\r', StringComparison.Ordinal)
            ? note.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            : note;
        return text.Trim();
    }

    /// <summary>The length of <paramref name="note"/> in Unicode characters (code points; a line break is one).</summary>
    public static int Length(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var count = 0;
        foreach (var _ in note.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>True when the note as stored (<see cref="Normalise"/>) is longer than <see cref="CompletionRecorder.MaxNoteLength"/> characters.</summary>
    public static bool IsTooLong(string? note) =>
        note is { Length: > CompletionRecorder.MaxNoteLength } && Normalise(note) is { } stored && Length(stored) > CompletionRecorder.MaxNoteLength;
}
