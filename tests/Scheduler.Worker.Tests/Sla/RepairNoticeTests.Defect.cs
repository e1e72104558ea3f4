using System.Globalization;
using System.Text;
using MimeKit;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Worker.Email;
using Scheduler.Worker.Tests.Reports;

namespace Scheduler.Worker.Tests.Sla;

/// <summary>
/// A repair's notice says what the defect is: the note the reporting contractor wrote (the visited order's defect report
/// in <c>work_order_events</c>) is in the email's details (text and HTML), the weekly programme's line, the calendar
/// entry's DESCRIPTION and the CSV's <c>defect</c> column, with the CSV's <c>due</c> beside it. Until branch defect29 the
/// repair reached its contractor as "Repair the reported defect" (the service's checklist) and nothing said what was
/// wrong. The note is free text: escaped for each format, on one line and at most 500 characters in the notice (the CSV
/// has all of it), and a report without one reads "no description was given".
/// </summary>
public sealed partial class RepairNoticeTests
{
    private const string Pane = "Cracked pane in the communal door, by the bins";

    private const string DefectRow = "<th scope=\"row\" style=\"text-align: left; padding: 0.2em 1em 0.2em 0; vertical-align: top;\">Defect</th>";

    /// <summary>
    /// 2,000 characters (the most the recorder accepts) that each format must escape: markup, an ampersand, commas, both
    /// quotes, a semicolon, CRLF, LF and a tab, and emoji (surrogate pairs) all the way through, where any cut falls.
    /// </summary>
    private static string AwkwardNote()
    {
        const string head = "<script>alert(\"x\")</script> & <b>bold</b>, \"quoted\", 'single';\r\nsecond line\n\ttabbed 🚿💧 leak";
        var note = new StringBuilder(head);
        while (note.Length + 8 <= 2000)
        {
            note.Append(" drip 💧");
        }

        note.Append('.', 2000 - note.Length);
        return note.ToString();
    }

    /// <summary>The repair's row of the notice's CSV, after checking the header's last columns.</summary>
    private static List<string> RepairRow(MimeMessage notice)
    {
        var records = ReportCsv.Records(CsvOf(notice));
        Assert.Equal(2, records.Count);
        Assert.Equal(OrderCsv.Header, string.Join(',', records[0]));
        Assert.Equal(["defect", "due"], records[0][^2..]);
        Assert.Equal(18, records[1].Count);
        return records[1];
    }

    private static string Lf(string? text) => Assert.IsType<string>(text).ReplaceLineEndings("\n");

    /// <summary>The one line of <paramref name="text"/> that starts with <paramref name="start"/>.</summary>
    private static string LineStarting(string? text, string start) =>
        Assert.Single(Assert.IsType<string>(text).Split('\n'), l => l.StartsWith(start, StringComparison.Ordinal)).TrimEnd('\r');

    [Fact]
    public async Task DefectNote_IsInTheNoticeTextHtmlCalendarAndCsv_WithTheDueMoment()
    {
        var notice = await RepairNoticeAsync("repairs-routine", Instant.FromUtc(2027, 3, 4, 10, 0), "jobs@fixit.example", note: Pane);

        AssertHas(Lf(notice.TextBody), $"Repair:       Routine repairs: complete within 17 days of the report\nDefect:       {Pane}\nReported:");
        AssertHas(notice.HtmlBody, $"{DefectRow}<td>{Pane}</td>");
        AssertHas(Unfolded(IcsOf(notice)), @"Defect: Cracked pane in the communal door\, by the bins\n");
        var row = RepairRow(notice);
        Assert.Equal(Pane, row[16]);
        Assert.Equal("2027-03-22T00:00+00:00", row[17]); // by the end of Sun 21 Mar: sla_due_at, in London with its offset
    }

    [Fact]
    public async Task DefectNote_OfAnEmergencyInSummer_CsvDueIsTheLondonHourWithItsOffset()
    {
        // Reported 10:00 BST on Tue 1 Jun 2027 (09:00 UTC): due 4 hours on, 2pm BST.
        var notice = await RepairNoticeAsync("repairs-emergency", Instant.FromUtc(2027, 6, 1, 9, 0), "jobs@fixit.example", note: Pane);

        AssertHas(notice.TextBody, "Due:          by 2pm on Tuesday 1 June 2027", $"Defect:       {Pane}");
        Assert.Equal("2027-06-01T14:00+01:00", RepairRow(notice)[17]);
    }

    [Fact]
    public async Task DefectNote_ImportedInACsv_IsInTheNotice()
    {
        var notice = await RepairNoticeAsync("gas-heating-non-urgent", Instant.FromUtc(2027, 3, 4, 10, 0), "jobs@warmfix.example", note: "Radiator valve \"stiff\" in the back bedroom", imported: true);

        AssertHas(notice.TextBody, "Defect:       Radiator valve \"stiff\" in the back bedroom");
        AssertHas(notice.HtmlBody, $"{DefectRow}<td>Radiator valve &quot;stiff&quot; in the back bedroom</td>");
        Assert.Equal("Radiator valve \"stiff\" in the back bedroom", RepairRow(notice)[16]);
    }

    [Fact]
    public async Task DefectNote_None_NoticeSaysNoDescriptionWasGiven()
    {
        var notice = await RepairNoticeAsync("repairs-routine", Instant.FromUtc(2027, 3, 4, 10, 0), "jobs@fixit.example");

        AssertHas(notice.TextBody, "Defect:       no description was given");
        AssertHas(notice.HtmlBody, $"{DefectRow}<td>no description was given</td>");
        AssertHas(Unfolded(IcsOf(notice)), @"Defect: no description was given\n");
        Assert.Equal("no description was given", RepairRow(notice)[16]);
    }

    [Fact]
    public async Task DefectNote_Awkward_IsEscapedAndShortenedInTheNotice_WholeInTheCsv()
    {
        var note = AwkwardNote();
        Assert.Equal(2000, note.Length);
        var notice = await RepairNoticeAsync("repairs-routine", Instant.FromUtc(2027, 3, 4, 10, 0), "jobs@fixit.example", note: note);
        var ics = IcsOf(notice);

        // No character was broken on the way: a split surrogate pair or UTF-8 sequence would decode as U+FFFD.
        Assert.All(new[] { notice.TextBody, notice.HtmlBody, ics, CsvOf(notice) }, part => Assert.DoesNotContain("\uFFFD", part, StringComparison.Ordinal));

        // Text: one line (the breaks and the tab are spaces), the first 500 characters at most, then the mark.
        var shown = LineStarting(notice.TextBody, "Defect:       ")["Defect:       ".Length..];
        Assert.StartsWith("<script>alert(\"x\")</script> & <b>bold</b>, \"quoted\", 'single'; second line tabbed 🚿💧 leak drip 💧 drip", shown, StringComparison.Ordinal);
        Assert.EndsWith(OrderRepair.ShortenedMark, shown, StringComparison.Ordinal);
        Assert.InRange(new StringInfo(shown[..^OrderRepair.ShortenedMark.Length]).LengthInTextElements, 400, OrderRepair.MaxDefectShown);

        // HTML: every markup character escaped; nothing of the note is markup.
        Assert.DoesNotContain("<script", notice.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>bold", notice.HtmlBody, StringComparison.Ordinal);
        AssertHas(
            notice.HtmlBody,
            $"{DefectRow}<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;, &quot;quoted&quot;, &#39;single&#39;; second line tabbed 🚿💧 leak drip 💧",
            $"{OrderRepair.ShortenedMark}</td>");

        // Calendar: TEXT-escaped (commas, semicolon), folded at 75 octets between whole characters.
        Assert.All(ics.Split("\r\n"), line => Assert.InRange(Encoding.UTF8.GetByteCount(line), 0, 75));
        AssertHas(Unfolded(ics), @"Defect: <script>alert(""x"")</script> & <b>bold</b>\, ""quoted""\, 'single'\; second line tabbed 🚿💧 leak drip 💧");
        AssertHas(Unfolded(ics), OrderRepair.ShortenedMark + @"\n");

        // CSV: the whole note as stored, line breaks and all (as LF: the recorder stores a CRLF as LF), read back exactly.
        Assert.Equal(note.Replace("\r\n", "\n", StringComparison.Ordinal), RepairRow(notice)[16]);
    }

    [Fact]
    public async Task DefectNote_ToAWeeklyContractor_IsOnTheProgrammesLine()
    {
        // Reported on Saturday 13 March 2027, first workable on Monday 15 March: in that week's programme (branch prog29; a
        // repair reported on a working day goes as a notice of its own the same day).
        var programme = await RepairNoticeAsync(
            "repairs-routine", Instant.FromUtc(2027, 3, 13, 10, 0), "jobs@fixit.example", DispatchMode.Weekly, note: "Gate <latch> broken & hanging");

        Assert.StartsWith("programme/fixit/2027-03-15", programme.MessageId, StringComparison.Ordinal);
        AssertHas(Lf(programme.TextBody), "made 10am on Saturday 13 March 2027)\n  Defect: Gate <latch> broken & hanging\n");
        AssertHas(programme.HtmlBody, "<td>repairs<br>Defect: Gate &lt;latch&gt; broken &amp; hanging</td>");
        AssertHas(Unfolded(IcsOf(programme)), @"Defect: Gate <latch> broken & hanging\n");
        Assert.Equal("Gate <latch> broken & hanging", RepairRow(programme)[16]);
    }
}
