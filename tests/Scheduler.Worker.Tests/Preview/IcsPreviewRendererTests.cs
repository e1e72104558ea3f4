using System.Text;
using NodaTime;
using Scheduler.Domain;
using Scheduler.Worker.Preview;

namespace Scheduler.Worker.Tests.Preview;

public sealed class IcsPreviewRendererTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Fact]
    public void Render_WritesTheCalendarEnvelope()
    {
        var properties = IcsTestReader.Properties(PreviewSamples.Render("ics", PreviewSamples.Model()));

        Assert.Equal(new IcsProperty("BEGIN", string.Empty, "VCALENDAR"), properties[0]);
        Assert.Equal(new IcsProperty("END", string.Empty, "VCALENDAR"), properties[^1]);
        var calendar = properties.TakeWhile(p => p is not { Name: "BEGIN", Value: "VEVENT" }).ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal("2.0", calendar["VERSION"]);
        Assert.Equal("-//EstateScheduler//Preview//EN", calendar["PRODID"]);
        Assert.Equal("GREGORIAN", calendar["CALSCALE"]);
        Assert.Equal("PUBLISH", calendar["METHOD"]);
    }

    [Fact]
    public void Render_OneAllDayEventPerOccurrence_WithExclusiveEnd()
    {
        var occurrences = PreviewSamples.Occurrences();

        var events = IcsTestReader.Events(IcsTestReader.Properties(PreviewSamples.Render("ics", PreviewSamples.Model(occurrences))));

        Assert.Equal(occurrences.Count, events.Count);
        for (var i = 0; i < occurrences.Count; i++)
        {
            var o = occurrences[i];
            var e = events[i];
            Assert.Equal(IcsPreviewRenderer.UidOf(o), e["UID"].Value);
            Assert.Equal("20250301T093015Z", e["DTSTAMP"].Value);
            Assert.Equal(new IcsProperty("DTSTART", "VALUE=DATE", $"{o.Window.Start:uuuuMMdd}"), e["DTSTART"]);
            Assert.Equal(new IcsProperty("DTEND", "VALUE=DATE", $"{o.Window.End.PlusDays(1):uuuuMMdd}"), e["DTEND"]);
            Assert.Equal(o.Service, IcsTestReader.UnescapeText(e["CATEGORIES"].Value));
            var description = IcsTestReader.UnescapeText(e["DESCRIPTION"].Value);
            Assert.Contains($"Target date: {o.TargetDate:uuuu-MM-dd}", description, StringComparison.Ordinal);
            Assert.Contains("Contractor: ", description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_SummaryNamesServiceAndAsset_DescriptionNamesContractor()
    {
        var events = IcsTestReader.Events(IcsTestReader.Properties(PreviewSamples.Render("ics", PreviewSamples.Model())));

        Assert.Equal("Grass cutting - Oakfield Estate", IcsTestReader.UnescapeText(events[0]["SUMMARY"].Value));
        Assert.Equal("Path sweeping - Oakfield Estate", IcsTestReader.UnescapeText(events[1]["SUMMARY"].Value));
        Assert.Equal("Communal cleaning - Birch House", IcsTestReader.UnescapeText(events[3]["SUMMARY"].Value));
        Assert.Contains("Contractor: GreenCo; Grounds, Ltd (greenco)", IcsTestReader.UnescapeText(events[0]["DESCRIPTION"].Value), StringComparison.Ordinal);
        Assert.Contains("Contractor: not assigned", IcsTestReader.UnescapeText(events[2]["DESCRIPTION"].Value), StringComparison.Ordinal);
        Assert.Contains("Contractor: shine", IcsTestReader.UnescapeText(events[3]["DESCRIPTION"].Value), StringComparison.Ordinal);
        Assert.Equal("Birch House, LS1 1AA", IcsTestReader.UnescapeText(events[3]["LOCATION"].Value));
    }

    [Fact]
    public void Render_FollowUp_IsRelatedToItsParent()
    {
        var occurrences = PreviewSamples.Occurrences();

        var events = IcsTestReader.Events(IcsTestReader.Properties(PreviewSamples.Render("ics", PreviewSamples.Model(occurrences))));

        Assert.Equal(events[0]["UID"].Value, events[1]["RELATED-TO"].Value);
        Assert.False(events[0].ContainsKey("RELATED-TO"));
    }

    [Fact]
    public void Render_EscapesSemicolonCommaBackslashAndNewline()
    {
        var register = PreviewSamples.Register(secondSiteName: "Ash; Court, \\ North\nBlock\r\nTwo");

        var text = PreviewSamples.Render("ics", PreviewSamples.Model(register: register));

        var events = IcsTestReader.Events(IcsTestReader.Properties(text));
        var summary = events[2]["SUMMARY"].Value;
        Assert.Equal("Grass cutting - Ash\\; Court\\, \\\\ North\\nBlock\\nTwo", summary);
        Assert.Equal("Grass cutting - Ash; Court, \\ North\nBlock\nTwo", IcsTestReader.UnescapeText(summary));
        Assert.Contains("GreenCo\\; Grounds\\, Ltd", events[0]["DESCRIPTION"].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LongMultiByteValues_FoldWithin75OctetsWithoutSplittingCharacters()
    {
        var longName = string.Concat(Enumerable.Repeat("Tŷ Gwŷn € 🏠 ", 30));
        var register = PreviewSamples.Register(secondSiteName: longName);

        var text = PreviewSamples.Render("ics", PreviewSamples.Model(register: register));

        var lines = IcsTestReader.PhysicalLines(text);
        Assert.All(lines, line => Assert.InRange(StrictUtf8.GetByteCount(line), 1, 75));
        Assert.Contains(lines, line => StrictUtf8.GetByteCount(line) >= 72);
        var events = IcsTestReader.Events(IcsTestReader.Properties(text));
        Assert.Equal($"Grass cutting - {longName}", IcsTestReader.UnescapeText(events[2]["SUMMARY"].Value));
    }

    [Fact]
    public void Render_UidIsStableAcrossRendersAndUniqueWithin()
    {
        var occurrences = PreviewSamples.Occurrences();
        var first = PreviewSamples.Render("ics", PreviewSamples.Model(occurrences));
        var second = PreviewSamples.Render(
            "ics",
            PreviewSamples.Model(occurrences.Reverse().ToList(), generatedAt: Instant.FromUtc(2025, 9, 1, 0, 0)));

        var firstUids = IcsTestReader.Events(IcsTestReader.Properties(first)).Select(e => e["UID"].Value).ToList();
        var secondUids = IcsTestReader.Events(IcsTestReader.Properties(second)).Select(e => e["UID"].Value).Reverse().ToList();

        Assert.Equal(firstUids, secondUids);
        Assert.Equal(firstUids.Count, firstUids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(firstUids, uid => Assert.Matches("^[A-Za-z0-9._-]+@estate-scheduler$", uid));
    }

    [Fact]
    public void UidOf_KeysThatSanitiseAlike_StayDistinct()
    {
        var window = PreviewSamples.Window(2025, 4, 1, 2025, 4, 2);
        Occurrence[] similar =
        [
            new("x.y", "svc", "z", window, window.Start),
            new("x", "svc", "y.z", window, window.Start),
            new("x_2Ey", "svc", "z", window, window.Start),
            new("x y", "svc", "z", window, window.Start),
            new("x-y", "svc", "z", window, window.Start),
            new("xŷ", "svc", "z", window, window.Start),
        ];

        var uids = similar.Select(IcsPreviewRenderer.UidOf).ToList();

        Assert.Equal(similar.Length, uids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("x_2Ey.z.2025-04-01.svc@estate-scheduler", uids[0]);
        Assert.Equal("x_C5_B7.z.2025-04-01.svc@estate-scheduler", uids[5]);
    }

    [Fact]
    public void Render_ParsesWithAnIndependentLibrary()
    {
        var occurrences = PreviewSamples.Occurrences();
        var text = PreviewSamples.Render("ics", PreviewSamples.Model(occurrences));

        var calendar = Ical.Net.Calendar.Load(text)!;

        var events = calendar.Events.ToList();
        Assert.Equal(occurrences.Count, events.Count);
        for (var i = 0; i < occurrences.Count; i++)
        {
            var o = occurrences[i];
            Assert.Equal(IcsPreviewRenderer.UidOf(o), events[i].Uid);
            Assert.False(events[i].DtStart!.HasTime);
            Assert.Equal(o.Window.Start.ToDateOnly(), events[i].DtStart!.Date);
            Assert.Equal(o.Window.End.PlusDays(1).ToDateOnly(), events[i].DtEnd!.Date);
        }

        Assert.Equal("GreenCo; Grounds, Ltd (greenco)", events[0].Description!.Split('\n')[2]["Contractor: ".Length..]);
    }
}
