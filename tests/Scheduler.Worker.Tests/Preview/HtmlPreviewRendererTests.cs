using System.Xml;
using System.Xml.Linq;
using NodaTime;
using Scheduler.Domain;

namespace Scheduler.Worker.Tests.Preview;

public sealed class HtmlPreviewRendererTests
{
    [Fact]
    public void Render_EncodesHostileValues()
    {
        var configuration = PreviewSamples.Configuration(organisation: "<b>Leeds</b> & \"Homes\"");

        var html = PreviewSamples.Render("html", PreviewSamples.Model(configuration: configuration));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;Quoted&quot; &amp; &#39;single&#39;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Leeds&lt;/b&gt; &amp; &quot;Homes&quot;", html, StringComparison.Ordinal);
        var row = BodyRows(Parse(html)).Single(r => Label(r).StartsWith("<script>", StringComparison.Ordinal));
        Assert.Equal(PreviewSamples.HostileName + "S2", Label(row));
    }

    [Fact]
    public void Render_IsSelfContained()
    {
        var html = PreviewSamples.Render("html", PreviewSamples.Model());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HasPrintLayoutAndReadableType()
    {
        var html = PreviewSamples.Render("html", PreviewSamples.Model());

        Assert.Contains("@page { size: A4 landscape;", html, StringComparison.Ordinal);
        Assert.Contains("break-inside: avoid", html, StringComparison.Ordinal);
        Assert.Matches(@"body \{ font-family: [^}]*sans-serif; font-size: 12pt;", html);
    }

    [Fact]
    public void Render_TitleNamesOrganisationAndRange()
    {
        var document = Parse(PreviewSamples.Render("html", PreviewSamples.Model()));

        Assert.Equal("Leeds Homes: planner, 1 April 2025 to 30 June 2025", document.Descendants("title").Single().Value);
        Assert.Equal("Leeds Homes: planner", document.Descendants("h1").Single().Value);
    }

    [Fact]
    public void Render_LegendListsEveryServicePresentAndNoOther()
    {
        var document = Parse(PreviewSamples.Render("html", PreviewSamples.Model()));

        var legend = document.Descendants("ul").Single(u => (string?)u.Attribute("class") == "services");
        var items = legend.Elements("li").Select(li => li.Value.Trim()).ToList();
        Assert.Equal(["Communal cleaningcommunal-clean", "Grass cuttinggrass-cut", "Path sweepingpath-sweep"], items);
    }

    [Fact]
    public void Render_SameServiceAlwaysGetsTheSameColour()
    {
        var all = PreviewSamples.Render("html", PreviewSamples.Model());
        var grassOnly = PreviewSamples.Render(
            "html",
            PreviewSamples.Model(PreviewSamples.Occurrences().Where(o => o.Service == "grass-cut").ToList()));

        Assert.Equal(SwatchClass(all, "Grass cutting"), SwatchClass(grassOnly, "Grass cutting"));
        Assert.NotEqual(SwatchClass(all, "Grass cutting"), SwatchClass(all, "Path sweeping"));
    }

    [Fact]
    public void Render_MarksWindowWeeksAndTargetWeekDistinctly()
    {
        var document = Parse(PreviewSamples.Render("html", PreviewSamples.Model()));

        // Weeks from 1 April 2025: [1-6 Apr] [7-13] [14-20] [21-27] ... [30 Jun], 14 in all; S1's cut: window 1-15 April, target 7 April.
        var cut = BodyRows(document).Single(r => Label(r) == "Oakfield EstateS1" && ServiceCell(r) == "Grass cutting");
        var cells = cut.Elements("td").Where(td => (string?)td.Attribute("class") != "svc").ToList();
        Assert.Equal(14, cells.Count);
        Assert.Equal(["w", "t", "w", string.Empty, string.Empty], cells.Take(5).Select(c => (string?)c.Attribute("class") ?? string.Empty));
        Assert.Equal("●", cells[1].Value);
        Assert.Equal(string.Empty, cells[0].Value);
        var tooltip = (string?)cells[1].Attribute("title");
        Assert.Equal(
            "Week 15: Mon 7 Apr 2025 to Sun 13 Apr 2025\nGrass cutting: window Tue 1 Apr 2025 to Tue 15 Apr 2025, target Mon 7 Apr 2025",
            tooltip);
        Assert.All(cells.Skip(3), c => Assert.Null(c.Attribute("title")));
    }

    [Fact]
    public void Render_WeekColumnsAreGroupedUnderMonths()
    {
        var document = Parse(PreviewSamples.Render("html", PreviewSamples.Model()));

        var head = document.Descendants("thead").First().Elements("tr").ToList();
        var months = head[0].Elements("th").Where(th => (string?)th.Attribute("scope") == "colgroup").ToList();
        Assert.Equal(["Apr 2025", "May", "Jun"], months.Select(m => m.Value));
        Assert.Equal([5, 4, 5], months.Select(m => (int)m.Attribute("colspan")!));
        Assert.Equal(["1", "7", "14", "21", "28", "5", "12", "19", "26", "2", "9", "16", "23", "30"], head[1].Elements("th").Select(th => th.Value));
    }

    [Fact]
    public void Render_LongRange_UsesMonthColumns()
    {
        var model = PreviewSamples.Model(from: new LocalDate(2025, 1, 1), to: new LocalDate(2026, 12, 31));

        var document = Parse(PreviewSamples.Render("html", model));

        var head = document.Descendants("thead").First().Elements("tr").ToList();
        Assert.Equal(["2025", "2026"], head[0].Elements("th").Where(th => (string?)th.Attribute("scope") == "colgroup").Select(th => th.Value));
        Assert.Equal(24, head[1].Elements("th").Count());
        Assert.Equal("April 2025", (string?)head[1].Elements("th").ElementAt(3).Attribute("title"));
    }

    [Fact]
    public void Render_ManyHomes_AreGroupedByAreaWithCounts()
    {
        const int homes = 30;
        var register = PreviewSamples.Register(homes: homes);
        var occurrences = Enumerable.Range(1, homes)
            .Select(i => new Occurrence(
                "gas",
                "gas-safety",
                $"H{i}",
                new ServiceWindow(new LocalDate(2025, 4, 1).PlusDays(i), new LocalDate(2025, 5, 31)),
                new LocalDate(2025, 4, 1).PlusDays(i)))
            .ToList();

        var document = Parse(PreviewSamples.Render("html", PreviewSamples.Model(occurrences, register)));

        var rows = BodyRows(document).ToList();
        Assert.Equal(["South Leeds15 homes", "North Leeds15 homes"], rows.Select(Label));
        var targeted = rows.SelectMany(r => r.Elements("td")).Where(td => (string?)td.Attribute("class") == "t").Sum(td => int.Parse(td.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(homes, targeted);
        Assert.Contains(document.Descendants("p"), p => p.Value.StartsWith("30 homes are grouped by area", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_FewAssets_OneRowPerAssetAndService()
    {
        var document = Parse(PreviewSamples.Render("html", PreviewSamples.Model()));

        var grass = document.Descendants("section").Single(s => s.Element("h2")!.Value.Contains("schedule grass", StringComparison.Ordinal));
        Assert.Equal(
            ["Oakfield EstateS1|Grass cutting", "Oakfield EstateS1|Path sweeping", PreviewSamples.HostileName + "S2|Grass cutting"],
            BodyRows(grass).Select(r => $"{Label(r)}|{ServiceCell(r)}"));
        var clean = document.Descendants("section").Single(s => s.Element("h2")!.Value.Contains("schedule clean", StringComparison.Ordinal));
        Assert.DoesNotContain(clean.Descendants("td"), td => (string?)td.Attribute("class") == "svc");
    }

    [Fact]
    public void Render_NoOccurrences_SaysSo()
    {
        var document = Parse(PreviewSamples.Render("html", PreviewSamples.Model(occurrences: [])));

        Assert.Contains(document.Descendants("p"), p => p.Value == "No visits fall in this range.");
        Assert.Empty(document.Descendants("table"));
    }

    private static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static IEnumerable<XElement> BodyRows(XContainer container) =>
        container.Descendants("tbody").SelectMany(b => b.Elements("tr"));

    private static string Label(XElement row) => row.Element("th")!.Value;

    private static string? ServiceCell(XElement row) =>
        row.Elements("td").FirstOrDefault(td => (string?)td.Attribute("class") == "svc")?.Value;

    private static string SwatchClass(string html, string serviceName)
    {
        var item = Parse(html).Descendants("li").Single(li => li.Value.Trim().StartsWith(serviceName, StringComparison.Ordinal));
        return (string)item.Elements("span").First().Attribute("class")!;
    }
}
