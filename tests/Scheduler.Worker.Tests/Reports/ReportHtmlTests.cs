using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Scheduler.Worker.Reports;

namespace Scheduler.Worker.Tests.Reports;

/// <summary>
/// The HTML page is well-formed (every element, every &lt;svg&gt;, closed), self-contained (no scripts, no external
/// references), and every number in its tables equals the CSV's.
/// </summary>
public class ReportHtmlTests(SeededYear year) : IClassFixture<SeededYear>
{
    private const string All = ReportHtmlWriter.All;

    [Fact]
    public void Html_IsWellFormedAndSelfContained()
    {
        var html = ReportHtmlWriter.Write(year.Report);
        File.WriteAllText(Path.Join(AppContext.BaseDirectory, "report-sample.html"), html); // for a look in a browser

        var page = Parse(html);
        var svgs = page.Descendants().Where(e => e.Name.LocalName == "svg").ToList();
        Assert.Equal(Regex.Count(html, "<svg[ >]"), svgs.Count);
        Assert.Equal(Regex.Count(html, "<svg[ >]"), Regex.Count(html, "</svg>"));
        Assert.True(svgs.Count >= 6, $"{svgs.Count} charts");
        Assert.All(svgs, s => Assert.NotNull(s.Elements().FirstOrDefault(e => e.Name.LocalName == "title")));
        Assert.DoesNotMatch(new Regex("<script|<link|<img|<iframe|<object|@import|url\\(|https?:|//[a-z]", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain(page.Descendants().SelectMany(e => e.Attributes()), a => a.Name.LocalName is "src" or "href" || a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
        Assert.Contains("How these figures are worked out", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_EveryTableFigure_EqualsTheSumOfTheCsvRows()
    {
        var csv = ReportCsvWriter.Write(year.Report).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(ReportCsv.Parse).ToList();
        var rows = Parse(ReportHtmlWriter.Write(year.Report)).Descendants().Where(e => e.Name.LocalName == "tr" && e.Attribute("data-commitment") is not null).ToList();

        Assert.True(rows.Count > 40, $"{rows.Count} rows");
        foreach (var row in rows)
        {
            var (commitment, contractor, area) = (Attr(row, "data-commitment"), Attr(row, "data-contractor"), Attr(row, "data-area"));
            var matching = csv.Where(r => (commitment == All || r.Commitment == commitment) && (contractor == All || r.Contractor == contractor) && (area == All || r.Area == area)).ToList();
            var what = $"{commitment}/{contractor}/{area}";
            Assert.True(matching.Sum(r => r.Planned) == Figure(row, "planned"), $"planned {what}");
            Assert.True(matching.Sum(r => r.Delivered) == Figure(row, "delivered"), $"delivered {what}");
            Assert.True(matching.Sum(r => r.OnTime) == Figure(row, "on-time"), $"on time {what}");
        }

        // Every commitment, contractor and area of the CSV appears in the page.
        Assert.Subset(rows.Select(r => Attr(r, "data-commitment")).ToHashSet(), csv.Select(r => r.Commitment).ToHashSet());
        Assert.Subset(rows.Select(r => Attr(r, "data-contractor")).ToHashSet(), csv.Select(r => r.Contractor).ToHashSet());
        Assert.Subset(rows.Select(r => Attr(r, "data-area")).ToHashSet(), csv.Select(r => r.Area).ToHashSet());
    }

    [Fact]
    public void Html_MeasureTiles_ShowRp02AndBs01()
    {
        var tiles = Parse(ReportHtmlWriter.Write(year.Report)).Descendants().Where(e => e.Attribute("data-measure") is not null)
            .ToDictionary(e => Attr(e, "data-measure"));

        Assert.Equal(("66.7%", 2, 3), Tile(tiles["rp02b"]));
        Assert.Equal(("66.7%", 2, 3), Tile(tiles["rp02a"]));
        Assert.Equal(("50.0%", 3, 6), Tile(tiles["bs01"]));
    }

    private static (string, int, int) Tile(XElement tile) =>
        (Text(tile, "percent"), int.Parse(Text(tile, "part"), CultureInfo.InvariantCulture), int.Parse(Text(tile, "whole"), CultureInfo.InvariantCulture));

    private static string Text(XElement e, string figure) =>
        e.Descendants().Single(d => (string?)d.Attribute("data-figure") == figure).Value;

    private static int Figure(XElement row, string figure) => int.Parse(Text(row, figure), CultureInfo.InvariantCulture);

    private static string Attr(XElement e, string name) => (string?)e.Attribute(name) ?? string.Empty;

    private static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }
}
