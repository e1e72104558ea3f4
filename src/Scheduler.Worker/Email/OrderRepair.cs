using System.Globalization;
using System.Text;
using NodaTime;

namespace Scheduler.Worker.Email;

/// <summary>
/// The promise a repair raised from a defect carries (its SLA target), as a contractor's notice, programme and calendar
/// file say it: which promise, when the clock started and the moment it is due by, in the organisation's zone, and what
/// the defect is, in the words of the contractor who reported it.
/// </summary>
/// <param name="Category">The SLA target id, e.g. <c>repairs-emergency</c>.</param>
/// <param name="Name">The promise's name as the yearly report gives it, e.g. "Emergency repairs".</param>
/// <param name="Promise">What was promised, e.g. "Attend and make safe within 4 hours".</param>
/// <param name="Emergency">True for a target counted in hours (attend and make safe, the heating call-out).</param>
/// <param name="Reported">When the defect was reported: the clock's start.</param>
/// <param name="Due">The moment the repair is due by (inclusive).</param>
/// <param name="Defect">
/// The defect's description as the reporting contractor wrote it (the note of the visit's report, at most
/// 2,000 characters), or null when they wrote none. Free text: escaped wherever it is written, never logged.
/// </param>
public sealed record OrderRepair(string Category, string Name, string Promise, bool Emergency, ZonedDateTime Reported, ZonedDateTime Due, string? Defect = null)
{
    /// <summary>
    /// The most of <see cref="Defect"/> a notice, a programme line or a calendar entry shows, in characters as a reader
    /// counts them (text elements: an emoji is one, never cut in half). 500 is a long paragraph: the recorder accepts
    /// notes of up to 2,000, and a weekly programme of many repairs stays readable. The CSV carries the whole note.
    /// </summary>
    public const int MaxDefectShown = 500;

    /// <summary>The promise and its times only: never <see cref="Defect"/> (a contractor's free text, never logged).</summary>
    public override string ToString() =>
        $"OrderRepair {{ Category = {Category}, Emergency = {Emergency}, Reported = {Reported}, Due = {Due}, Defect = {(Defect is null ? "(none)" : "(withheld)")} }}";

    /// <summary>What a notice says when the reporting contractor described nothing (a defect's note is optional).</summary>
    public const string NoDefectDescription = "no description was given";

    /// <summary>What ends a description shortened to <see cref="MaxDefectShown"/>.</summary>
    public const string ShortenedMark = "… (shortened: the CSV file has the whole description)";

    /// <summary>
    /// "by 4pm on Sunday 29 November 2026", or "by the end of Tuesday 2 March 2027" for a deadline at midnight (a days
    /// target, or an hours target that ends at midnight): never "12 midnight", which readers place on either day.
    /// </summary>
    public string DueText => Due.TimeOfDay == LocalTime.Midnight
        ? $"by the end of {DateTexts.Of(Due.Date.PlusDays(-1)).Long}"
        : $"by {TemplateValues.EnglishTime(Due.TimeOfDay)} on {DateTexts.Of(Due.Date).Long}";

    /// <summary>"8pm on Tuesday 2 March 2027": when the defect was reported.</summary>
    public string ReportedText => $"{TemplateValues.EnglishTime(Reported.TimeOfDay)} on {DateTexts.Of(Reported.Date).Long}";

    /// <summary>
    /// <see cref="Defect"/> as a notice shows it (<see cref="DefectShown"/>), or <see cref="NoDefectDescription"/> when
    /// there is none.
    /// </summary>
    public string DefectText => DefectShown ?? NoDefectDescription;

    /// <summary>
    /// <see cref="Defect"/> on one line (every run of white space, line breaks and control characters becomes one
    /// space), and at most <see cref="MaxDefectShown"/> characters: a longer one is cut at the last space before that
    /// (when one is in its last 100) and ends with <see cref="ShortenedMark"/>. Null when there is no description. Not
    /// escaped: each writer escapes for its own format (HTML, iCalendar TEXT).
    /// </summary>
    public string? DefectShown => Defect is null ? null : OneLine(Defect) is { Length: > 0 } line ? Shorten(line) : null;

    private static string OneLine(string text)
    {
        var line = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch) || char.IsControl(ch))
            {
                space = line.Length > 0;
                continue;
            }

            if (space)
            {
                line.Append(' ');
                space = false;
            }

            line.Append(ch);
        }

        return line.ToString();
    }

    private static string Shorten(string line)
    {
        var elements = new StringInfo(line);
        if (elements.LengthInTextElements <= MaxDefectShown)
        {
            return line;
        }

        var cut = elements.SubstringByTextElements(0, MaxDefectShown);
        var lastSpace = cut.LastIndexOf(' ');
        if (lastSpace > 0 && lastSpace >= cut.Length - 100)
        {
            cut = cut[..lastSpace];
        }

        return cut.TrimEnd(' ', ',', ';', ':', '.') + ShortenedMark;
    }
}
