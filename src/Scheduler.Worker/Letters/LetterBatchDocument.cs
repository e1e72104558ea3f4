using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Letters;

/// <summary>
/// The printable file of one day's posted letters, for the mailing house: an HTML document for A4 paper, each letter
/// on a page of its own (CSS page breaks; a long letter runs on, the next starts on a new page), the tenant's name and
/// address placed for the window of a DL/C5 envelope (20 mm from the left, 50 mm from the top, 90 × 35 mm), large print
/// where the tenant asked. Each letter sits between <c>&lt;!-- letter begin: ID --&gt;</c> and
/// <c>&lt;!-- letter end: ID --&gt;</c> markers naming its Message-Id, which is how a letter already in the file is
/// recognised and never added twice, and how earlier letters are carried over verbatim when the file is rewritten.
/// </summary>
public static partial class LetterBatchDocument
{
    /// <summary>The last line of a complete file; a file without it was not written by the scheduler and is left alone.</summary>
    public const string EndMarker = "<!-- end of letters -->";

    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    /// <summary>The file name of <paramref name="day"/>'s batch: <c>2027-03-01.html</c>.</summary>
    public static string FileName(LocalDate day) => IsoDate.Format(day) + ".html";

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

    /// <summary>The whole file for <paramref name="day"/> holding <paramref name="sections"/> (from <see cref="Section"/> or <see cref="ReadLetters"/>) in order.</summary>
    public static string Document(LocalDate day, IEnumerable<string> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Letters for posting, {IsoDate.Format(day)}</title>
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
            .letter.large .address {"{"} font-size: 14pt; {"}"}
            </style>
            </head>
            <body>

            """);
        foreach (var section in sections)
        {
            html.Append(section).Append('\n');
        }

        html.Append("</body>\n</html>\n").Append(EndMarker).Append('\n');
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
        foreach (var line in new[] { letter.Name }.Concat(letter.AddressLines).Append(letter.Postcode))
        {
            var text = Line(line);
            if (text.Length > 0)
            {
                html.Append("<p>").Append(HtmlText.Escape(text)).Append("</p>\n");
            }
        }

        html.Append("</div>\n<div class=\"content\">\n");
        html.Append(Body(letter.Html).Trim()).Append('\n');
        html.Append("</div>\n</section>\n");
        html.Append(CultureInfo.InvariantCulture, $"<!-- letter end: {id} -->");
        return html.ToString();
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

    [GeneratedRegex(@"^<!-- letter begin: (?<id>[^ ]+) -->\n.*?\n<!-- letter end: \k<id> -->$", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex LetterPattern();
}
