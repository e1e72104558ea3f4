using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.WorkingDays;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Letters;

/// <summary>
/// The printable files of one day's posted letters, for the mailing house: HTML documents for A4 paper, each letter on a
/// page of its own (CSS page breaks; a long letter runs on, the next starts on a new page), the tenant's name and
/// address placed for the window of a DL/C5 envelope (20 mm from the left, 50 mm from the top, 90 × 35 mm), large print
/// where the tenant asked. A day's letters come in numbered volumes of at most <see cref="LetterBatchWriter.VolumeLetters"/>
/// letters (<see cref="VolumeName"/>: <c>2027-03-01.html</c>, then <c>2027-03-01_002.html</c>, …), each a whole document
/// ending with <see cref="EndMarker"/>. Each letter sits between <c>&lt;!-- letter begin: ID --&gt;</c> and
/// <c>&lt;!-- letter end: ID --&gt;</c> markers naming its Message-Id, which is how a letter already in a volume is
/// recognised and never added twice, and how a volume's letters are carried over verbatim when it is topped up.
/// </summary>
public static partial class LetterBatchDocument
{
    /// <summary>The last line of a complete file; a file without it was not written by the scheduler and is left alone.</summary>
    public const string EndMarker = "<!-- end of letters -->";

    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    /// <summary>
    /// The day the letters written on <paramref name="writtenOn"/> (a London date) are posted, which names their batch
    /// and dates them: the first working day <em>after</em> it in the organisation's bank-holiday calendar. A day's batch
    /// is thus complete when its day begins (the dispatcher writes only to later days' batches), so the mailing house can
    /// collect it that day and post it that day: Friday's, Saturday's and Sunday's letters are Monday's batch, Monday's are
    /// Tuesday's, and the day before a bank holiday waits for the day after it. Before session 29 a batch was named after
    /// the day it was written, Saturdays, Sundays and bank holidays included, and collected once that day was over.
    /// </summary>
    public static LocalDate PostingDay(LocalDate writtenOn, WorkingDayCalendar workingDays)
    {
        ArgumentNullException.ThrowIfNull(workingDays);
        return workingDays.NextWorkingDay(writtenOn);
    }

    /// <summary>The file name of <paramref name="day"/>'s batch, which is also its first volume's: <c>2027-03-01.html</c>.</summary>
    public static string FileName(LocalDate day) => IsoDate.Format(day) + ".html";

    /// <summary>
    /// The file name of volume <paramref name="number"/> (from 1) of the batch <paramref name="fileName"/>: the batch's own
    /// name for the first (<c>2027-03-01.html</c>), then <c>2027-03-01_002.html</c>, <c>2027-03-01_003.html</c>, … (at least
    /// three digits, so the volumes of a day sort by name in the order they were written up to volume 999).
    /// </summary>
    public static string VolumeName(string fileName, int number)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        return number == 1
            ? fileName
            : string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(fileName)}_{number:D3}{Path.GetExtension(fileName)}");
    }

    /// <summary>The volume number of <paramref name="candidate"/> in the batch <paramref name="fileName"/> (see <see cref="VolumeName"/>); null when it is not one of its volumes.</summary>
    public static int? VolumeNumber(string fileName, string candidate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(candidate);
        if (string.Equals(candidate, fileName, StringComparison.Ordinal))
        {
            return 1;
        }

        var stem = Path.GetFileNameWithoutExtension(fileName) + "_";
        var extension = Path.GetExtension(fileName);
        if (!candidate.StartsWith(stem, StringComparison.Ordinal) || !candidate.EndsWith(extension, StringComparison.Ordinal))
        {
            return null;
        }

        var digits = candidate.AsSpan(stem.Length, candidate.Length - stem.Length - extension.Length);
        return digits.Length >= 3 && digits.Length <= 9 && !digits.ContainsAnyExceptInRange('0', '9')
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 2
            && string.Equals(VolumeName(fileName, number), candidate, StringComparison.Ordinal)
            ? number
            : null;
    }

    /// <summary>
    /// The letters of an existing file, in order, by Message-Id, each exactly as written; null when the text is not a
    /// complete file of this format (no end marker, or markers that do not pair up), so it must not be overwritten.
    /// </summary>
    public static IReadOnlyList<(string MessageId, string Section)>? ReadLetters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.TrimEnd().EndsWith(EndMarker, StringComparison.Ordinal))
        {
            return null;
        }

        var letters = new List<(string, string)>();
        var begins = BeginPattern().Matches(text);
        var matched = 0;
        foreach (Match m in LetterPattern().Matches(text))
        {
            letters.Add((m.Groups["id"].Value, m.Value));
            matched++;
        }

        return matched == begins.Count ? letters : null;
    }

    /// <summary>
    /// Reads a file line by line (never the whole of it at once) and returns which of <paramref name="wanted"/> (ids as
    /// in the markers, <see cref="MarkerId"/>) it holds as whole letters; null when it is not a complete file of this
    /// format (no end marker, or markers that do not pair up), the same test as <see cref="ReadLetters"/>.
    /// </summary>
    public static async Task<HashSet<string>?> FindLettersAsync(TextReader reader, IReadOnlySet<string> wanted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(wanted);
        var found = new HashSet<string>(StringComparer.Ordinal);
        string? open = null;
        string? last = null;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                last = line;
            }

            if (!line.StartsWith("<!-- letter ", StringComparison.Ordinal))
            {
                continue;
            }

            if (BeginPattern().Match(line) is { Success: true } begin)
            {
                if (open is not null)
                {
                    return null;
                }

                open = begin.Groups["id"].Value;
            }
            else if (EndPattern().Match(line) is { Success: true } end)
            {
                var id = end.Groups["id"].Value;
                if (!string.Equals(open, id, StringComparison.Ordinal))
                {
                    return null;
                }

                if (wanted.Contains(id))
                {
                    found.Add(id);
                }

                open = null;
            }
        }

        return open is null && last is not null && last.TrimEnd().EndsWith(EndMarker, StringComparison.Ordinal) ? found : null;
    }

    /// <summary>
    /// The whole file for <paramref name="day"/> holding <paramref name="sections"/> (from <see cref="Section"/> or
    /// <see cref="ReadLetters"/>) in order: <see cref="Header"/>, each section on its own line, <see cref="Footer"/>.
    /// </summary>
    public static string Document(LocalDate day, IEnumerable<string> sections, int volume = 1)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var html = new StringBuilder(Header(day, volume));
        foreach (var section in sections)
        {
            html.Append(section).Append('\n');
        }

        return html.Append(Footer).ToString();
    }

    /// <summary>What follows the last letter of a file, ending with <see cref="EndMarker"/> and a line break.</summary>
    public const string Footer = "</body>\n</html>\n" + EndMarker + "\n";

    /// <summary>The start of volume <paramref name="volume"/> of <paramref name="day"/>'s file, up to the first letter: the page set-up for A4 and the envelope window.</summary>
    public static string Header(LocalDate day, int volume = 1)
    {
        var title = volume == 1 ? IsoDate.Format(day) : string.Create(CultureInfo.InvariantCulture, $"{IsoDate.Format(day)}, volume {volume}");
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Letters for posting, {title}</title>
            <style>
            @page {"{"} size: A4; margin: 0; {"}"}
            html, body {"{"} margin: 0; padding: 0; {"}"}
            .letter {"{"} box-sizing: border-box; width: 210mm; min-height: 297mm; position: relative; padding: 95mm 20mm 20mm 20mm;
                      font-family: Arial, Helvetica, sans-serif; text-align: left; break-after: page; page-break-after: always; {"}"}
            .letter:last-of-type {"{"} break-after: auto; page-break-after: auto; {"}"}
            .address {"{"} position: absolute; left: 20mm; top: 50mm; width: 90mm; height: 35mm; overflow: hidden;
                       font-size: 12pt; line-height: 1.25; {"}"}
            .address p {"{"} margin: 0; {"}"}
            .letter .content > div {"{"} padding: 0 !important; max-width: none !important; {"}"}
            .letter.large .address {"{"} font-size: {LargeAddressPoints}pt; line-height: 1.2; {"}"}
            </style>
            </head>
            <body>

            """);
        return html.ToString();
    }

    /// <summary>One letter's page: markers, address block (escaped), and the body of the rendered letter.</summary>
    public static string Section(PrintedLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var id = MarkerId(letter.MessageId);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!-- letter begin: {id} -->\n");
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"letter{(letter.LargePrint ? " large" : string.Empty)}\" lang=\"{HtmlText.Escape(letter.Language)}\" data-message-id=\"{HtmlText.Escape(id)}\">\n");
        html.Append("<div class=\"address\">\n");
        foreach (var line in WindowLines(letter))
        {
            html.Append("<p>").Append(HtmlText.Escape(line)).Append("</p>\n");
        }

        html.Append("</div>\n<div class=\"content\">\n");
        html.Append(Body(letter.Html).Trim()).Append('\n');
        html.Append("</div>\n</section>\n");
        html.Append(CultureInfo.InvariantCulture, $"<!-- letter end: {id} -->");
        return html.ToString();
    }

    /// <summary>
    /// The point size of a large-print letter's address (DOMAIN §8: large print is at least 16 pt; the address is
    /// printed at the minimum because the envelope window is 35 mm high). Clear print's address is 12 pt.
    /// </summary>
    public const int LargeAddressPoints = 16;

    /// <summary>
    /// How many address lines the 35 mm window shows: six at 12 pt (line-height 1.25, 15 pt a line), five in large
    /// print (16 pt, line-height 1.2, 19.2 pt a line). The block clips what does not fit.
    /// </summary>
    public static int WindowLineCount(bool largePrint) => largePrint ? 5 : 6;

    /// <summary>
    /// The address block's lines: the name, the home's address lines and the postcode, empty ones left out. When they
    /// are more than the window shows (<see cref="WindowLineCount"/>), the first address lines are joined with a comma
    /// ("Flat 1, Ashworth House") until they fit, so the post town and postcode keep lines of their own and are never
    /// clipped off.
    /// </summary>
    public static IReadOnlyList<string> WindowLines(PrintedLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var name = Line(letter.Name);
        var postcode = Line(letter.Postcode);
        var address = letter.AddressLines.Select(Line).Where(l => l.Length > 0).ToList();
        var others = (name.Length > 0 ? 1 : 0) + (postcode.Length > 0 ? 1 : 0);
        while (address.Count >= 2 && others + address.Count > WindowLineCount(letter.LargePrint))
        {
            address[0] += ", " + address[1];
            address.RemoveAt(1);
        }

        var lines = new List<string>(address.Count + 2);
        if (name.Length > 0)
        {
            lines.Add(name);
        }

        lines.AddRange(address);
        if (postcode.Length > 0)
        {
            lines.Add(postcode);
        }

        return lines;
    }

    /// <summary>The inside of the <c>body</c> element of a rendered letter; the whole text when it has none.</summary>
    internal static string Body(string html)
    {
        var open = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var close = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        if (open < 0 || close < open)
        {
            return html;
        }

        var start = html.IndexOf('>', open);
        return start < 0 || start > close ? html : html[(start + 1)..close];
    }

    /// <summary>A Message-Id as it appears in the markers: no <c>--</c> or <c>&gt;</c> (which would end an HTML comment), no spaces.</summary>
    internal static string MarkerId(string messageId) =>
        new string(messageId.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '@' or '.' or '/' or '_' or '-' ? ch : '_').ToArray())
            .Replace("--", "-_", StringComparison.Ordinal);

    private static string Line(string? value) => TemplateValues.OneLine(value ?? string.Empty).Trim();

    [GeneratedRegex(@"^<!-- letter begin: (?<id>[^ ]+) -->$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex BeginPattern();

    [GeneratedRegex(@"^<!-- letter end: (?<id>[^ ]+) -->$", RegexOptions.CultureInvariant)]
    private static partial Regex EndPattern();

    [GeneratedRegex(@"^<!-- letter begin: (?<id>[^ ]+) -->\n.*?\n<!-- letter end: \k<id> -->$", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex LetterPattern();
}
