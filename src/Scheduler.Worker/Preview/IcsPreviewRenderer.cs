using System.Globalization;
using System.Text;
using NodaTime.Text;
using Scheduler.Domain;

namespace Scheduler.Worker.Preview;

/// <summary>
/// <c>preview --format ics</c>: an RFC 5545 calendar (written by hand, CRLF, folded at 75 octets) with one all-day
/// VEVENT per occurrence spanning its window: <c>DTSTART;VALUE=DATE</c> is the first day and <c>DTEND;VALUE=DATE</c>
/// the day <i>after</i> the last (iCalendar ends are exclusive). <c>UID</c> is derived from
/// <see cref="Occurrence.Key"/> only, so re-importing a later preview updates events instead of duplicating them;
/// <c>DTSTAMP</c> is <see cref="PreviewModel.GeneratedAt"/>. Events are transparent (they do not block free/busy),
/// and a follow-up names its parent with <c>RELATED-TO</c>.
/// </summary>
public sealed class IcsPreviewRenderer : IPreviewRenderer
{
    /// <summary>The calendar's product identifier.</summary>
    public const string ProductId = "-//EstateScheduler//Preview//EN";

    /// <summary>The domain part of every UID.</summary>
    public const string UidDomain = "estate-scheduler";

    private static readonly LocalDatePattern DateValue = LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");
    private static readonly LocalDatePattern Readable = LocalDatePattern.CreateWithInvariantCulture("uuuu-MM-dd '('dddd')'");
    private static readonly InstantPattern DateTimeUtc = InstantPattern.CreateWithInvariantCulture("uuuuMMdd'T'HHmmss'Z'");

    /// <inheritdoc />
    public string Format => "ics";

    /// <inheritdoc />
    public string ContentType => "text/calendar; charset=utf-8";

    /// <summary>
    /// The UID of <paramref name="occurrence"/>'s event: its key with <c>/</c> written as <c>.</c> and any other
    /// character but ASCII letters, digits and <c>-</c> written as <c>_</c> and its UTF-8 bytes in hex, then
    /// <c>@estate-scheduler</c>. Distinct keys always give distinct UIDs.
    /// </summary>
    public static string UidOf(Occurrence occurrence)
    {
        ArgumentNullException.ThrowIfNull(occurrence);
        var uid = new StringBuilder();
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in occurrence.Key.EnumerateRunes())
        {
            if (rune.Value == '/')
            {
                uid.Append('.');
            }
            else if (rune.IsAscii && (Rune.IsLetterOrDigit(rune) || rune.Value == '-'))
            {
                uid.Append((char)rune.Value);
            }
            else
            {
                var length = rune.EncodeToUtf8(utf8);
                foreach (var b in utf8[..length])
                {
                    uid.Append('_').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
        }

        return uid.Append('@').Append(UidDomain).ToString();
    }

    /// <inheritdoc />
    public void Render(PreviewModel model, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);
        var labels = new PreviewLabels(model);
        var ics = new IcsContentWriter(output);
        var stamp = DateTimeUtc.Format(model.GeneratedAt);

        ics.WriteLine("BEGIN:VCALENDAR");
        ics.Write("VERSION", "2.0");
        ics.Write("PRODID", ProductId);
        ics.Write("CALSCALE", "GREGORIAN");
        ics.Write("METHOD", "PUBLISH");
        ics.WriteText(
            "X-WR-CALNAME",
            $"{model.Configuration.Organisation.Name}: work from {LocalDatePattern.Iso.Format(model.From)} to {LocalDatePattern.Iso.Format(model.To)}");
        foreach (var o in model.Occurrences)
        {
            var service = labels.ServiceName(o.Service);
            var asset = labels.AssetName(o.AssetId);
            ics.WriteLine("BEGIN:VEVENT");
            ics.Write("UID", UidOf(o));
            ics.Write("DTSTAMP", stamp);
            ics.Write("DTSTART;VALUE=DATE", DateValue.Format(o.Window.Start));
            ics.Write("DTEND;VALUE=DATE", DateValue.Format(o.Window.End.PlusDays(1)));
            ics.WriteText("SUMMARY", $"{service} - {asset}");
            ics.WriteText("DESCRIPTION", Description(o, labels));
            if (labels.AssetPostcode(o.AssetId) is { } postcode)
            {
                ics.WriteText("LOCATION", $"{asset}, {postcode}");
            }

            ics.WriteText("CATEGORIES", o.Service);
            if (o.Parent is { } parent)
            {
                ics.Write("RELATED-TO", UidOf(parent));
            }

            ics.Write("TRANSP", "TRANSPARENT");
            ics.WriteLine("END:VEVENT");
        }

        ics.WriteLine("END:VCALENDAR");
    }

    private static string Description(Occurrence o, PreviewLabels labels)
    {
        var contractor = labels.ContractorName(o.ContractorId) is { } name
            ? name == o.ContractorId ? name : $"{name} ({o.ContractorId})"
            : "not assigned";
        var text = new StringBuilder()
            .Append("Target date: ").Append(Readable.Format(o.TargetDate)).Append('\n')
            .Append("Window: ").Append(LocalDatePattern.Iso.Format(o.Window.Start))
            .Append(" to ").Append(LocalDatePattern.Iso.Format(o.Window.End)).Append(" (inclusive)\n")
            .Append("Contractor: ").Append(contractor).Append('\n')
            .Append("Asset: ").Append(o.AssetId).Append('\n')
            .Append("Schedule: ").Append(o.ScheduleId);
        if (o.Parent is { } parent)
        {
            text.Append('\n').Append("Follows: ").Append(parent.Key);
        }

        return text.ToString();
    }
}
