using System.Globalization;
using System.Net;
using System.Text;

namespace Scheduler.Worker.Reports;

/// <summary>
/// The report as one self-contained HTML page for an annual report: inline CSS, inline SVG charts, no scripts and no
/// external references (fonts, images, links), printable on A4. Well-formed as XML too (every element closed), so it
/// can be checked mechanically. Figure cells carry <c>data-figure</c> and their rows <c>data-commitment</c>,
/// <c>data-contractor</c> and <c>data-area</c> (<c>*</c> for all), so each number can be traced to the CSV.
/// </summary>
internal static class ReportHtmlWriter
{
    /// <summary>The row key meaning "all of them" in the data attributes.</summary>
    public const string All = "*";

    private const string Style = """
        @page { size: A4; margin: 14mm; }
        * { box-sizing: border-box; }
        body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.45; color: #1b1b1b; background: #fff; margin: 0; }
        main { max-width: 960px; margin: 0 auto; padding: 24px 28px 40px; }
        h1 { font-size: 30px; margin: 0 0 4px; color: #0b3d62; }
        h2 { font-size: 22px; margin: 36px 0 8px; color: #0b3d62; border-bottom: 2px solid #0b3d62; padding-bottom: 4px; }
        h3 { font-size: 18px; margin: 22px 0 6px; }
        p.lead { font-size: 18px; margin: 0 0 8px; }
        .tiles { display: flex; flex-wrap: wrap; gap: 14px; margin: 14px 0; }
        .tile { flex: 1 1 260px; border: 1px solid #c9d3dc; border-radius: 6px; padding: 12px 14px; break-inside: avoid; }
        .tile .code { font-size: 13px; font-weight: 600; color: #4a5a68; letter-spacing: 0.03em; }
        .tile .big { font-size: 34px; font-weight: 700; color: #0b3d62; margin: 2px 0; }
        .tile .what { font-size: 14px; margin: 6px 0 0; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 14px; }
        thead { display: table-header-group; }
        th, td { padding: 5px 8px; border-bottom: 1px solid #dde3e8; text-align: left; vertical-align: top; }
        th { background: #eef3f7; font-weight: 600; }
        th:first-child, td:first-child { width: 46%; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.total td { font-weight: 700; border-top: 2px solid #9aa9b6; }
        .promise { color: #4a5a68; font-size: 13px; }
        svg.chart { width: 100%; height: auto; margin: 8px 0; }
        svg.meter { width: 200px; height: 16px; display: block; margin-top: 6px; }
        svg text { font-family: "Segoe UI", Arial, Helvetica, sans-serif; }
        .label { font-size: 13px; fill: #1b1b1b; }
        .value { font-size: 12px; fill: #1b1b1b; }
        .axis { font-size: 11px; fill: #4a5a68; }
        .none { font-size: 12px; fill: #6b7884; font-style: italic; }
        .grid { stroke: #dde3e8; stroke-width: 1; }
        .delivered { fill: #8fbcdb; }
        .ontime { fill: #0b5d91; }
        .track { fill: #e4eaef; }
        .method { font-size: 14px; }
        .method li { margin: 4px 0; }
        footer { margin-top: 30px; font-size: 13px; color: #4a5a68; }
        section { break-inside: auto; }
        .keep { break-inside: avoid; }
        @media print { main { padding: 0; } h2 { break-after: avoid; } h3 { break-after: avoid; } }
        """;

    public static string Write(PerformanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        var year = report.Year.ToString(CultureInfo.InvariantCulture);
        html.Append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\" />\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
            .Append("<title>").Append(E($"{report.Organisation}: how we did in {year}")).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n<main>\n");

        html.Append("<header>\n<h1>").Append(E($"How we did in {year}")).Append("</h1>\n")
            .Append("<p class=\"lead\">").Append(E($"{report.Organisation}: our service commitments to you, 1 January to 31 December {year}."))
            .Append("</p>\n<p>").Append(E("For each promise we made, this page shows how much work was planned, how much was done, and how much was done on time, with the measures the Regulator of Social Housing asks every landlord to publish."))
            .Append("</p>\n</header>\n");

        Measures(html, report);
        Overall(html, report);
        ByGroup(html, report, "contractors", "By contractor", "Who did the work, and how each did against our commitments.",
            report.Figures.Select(f => f.Contractor), report.ContractorName, contractor: true);
        ByGroup(html, report, "areas", "By area", "The same figures for each area we manage.",
            report.Figures.Select(f => f.Area), report.AreaName, contractor: false);
        Method(html, report);

        html.Append("<footer>").Append(E($"{report.Organisation}. Produced by EstateScheduler from the work orders recorded for {year}."))
            .Append("</footer>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Measures(StringBuilder html, PerformanceReport report)
    {
        html.Append("<section id=\"measures\">\n<h2>The regulator's measures</h2>\n<div class=\"tiles\">\n");
        Tile(html, "rp02b", "RP02 (b)", "Emergency repairs completed within our target", report.Rp02.Emergency.Percentage,
            report.Rp02.Emergency.WithinTarget, report.Rp02.Emergency.Completed, "completed in the year");
        Tile(html, "rp02a", "RP02 (a)", "Non-emergency repairs completed within our target", report.Rp02.NonEmergency.Percentage,
            report.Rp02.NonEmergency.WithinTarget, report.Rp02.NonEmergency.Completed, "completed in the year");
        var date = report.Bs01Date.ToString("d MMMM uuuu", CultureInfo.InvariantCulture);
        Tile(html, "bs01", "BS01", $"Homes with a gas safety check in date on {date}", report.Bs01.Percentage(),
            report.Bs01.WithInDateCheck, report.Bs01.Total, "gas homes");
        html.Append("</div>\n</section>\n");
    }

    private static void Tile(StringBuilder html, string id, string code, string what, decimal? percent, int part, int whole, string of)
    {
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"tile\" data-measure=\"{id}\">\n<div class=\"code\">{E(code)}</div>\n")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"big\" data-figure=\"percent\">{(percent is { } p ? Pct(p) : "no data")}</div>\n")
            .Append(ReportChart.Meter($"m-{id}", $"{code}: {(percent is { } q ? Pct(q) : "no data")}", percent)).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"<p class=\"what\">{E(what)}: <span data-figure=\"part\">{part}</span> of <span data-figure=\"whole\">{whole}</span> {E(of)}.</p>\n</div>\n");
    }

    private static void Overall(StringBuilder html, PerformanceReport report)
    {
        html.Append("<section id=\"commitments\">\n<h2>Our commitments</h2>\n");
        var rows = report.Commitments
            .Select(c => (c, ReportFigure.Sum(c.Id, All, All, report.Figures.Where(f => f.Commitment == c.Id))))
            .ToList();
        html.Append(ReportChart.Bars("chart-commitments", $"Share of planned work delivered and on time, {report.Year}, by commitment",
            [.. rows.Select(r => new ReportChart.Row(r.c.Name, ReportFigure.Percent(r.Item2.Delivered, r.Item2.Planned), ReportFigure.Percent(r.Item2.OnTime, r.Item2.Planned)))]))
            .Append('\n');
        TableStart(html);
        foreach (var (commitment, figure) in rows)
        {
            Row(html, commitment, figure, withPromise: true);
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void ByGroup(
        StringBuilder html, PerformanceReport report, string id, string heading, string lead, IEnumerable<string> keys,
        Func<string, string> name, bool contractor)
    {
        var groups = keys.Distinct(StringComparer.Ordinal).OrderBy(name, StringComparer.CurrentCulture).ToList();
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"{id}\">\n<h2>{E(heading)}</h2>\n<p>{E(lead)}</p>\n");
        if (groups.Count == 0)
        {
            html.Append("<p>No work was planned in the year.</p>\n</section>\n");
            return;
        }

        var totals = groups.Select(g => (g, ReportFigure.Sum(All, contractor ? g : All, contractor ? All : g,
            report.Figures.Where(f => (contractor ? f.Contractor : f.Area) == g)))).ToList();
        html.Append(ReportChart.Bars($"chart-{id}", $"Share of planned work delivered and on time, {report.Year}, {heading.ToLowerInvariant()}",
            [.. totals.Select(t => new ReportChart.Row(name(t.g), ReportFigure.Percent(t.Item2.Delivered, t.Item2.Planned), ReportFigure.Percent(t.Item2.OnTime, t.Item2.Planned)))]))
            .Append('\n');
        foreach (var (group, total) in totals)
        {
            html.Append("<div class=\"keep\">\n<h3>").Append(E(name(group))).Append("</h3>\n");
            TableStart(html);
            foreach (var commitment in report.Commitments)
            {
                var mine = report.Figures.Where(f => f.Commitment == commitment.Id && (contractor ? f.Contractor : f.Area) == group).ToList();
                if (mine.Count > 0)
                {
                    Row(html, commitment, ReportFigure.Sum(commitment.Id, contractor ? group : All, contractor ? All : group, mine), withPromise: false);
                }
            }

            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"total\"{Keys(total)}><td>All work</td>");
            Cells(html, total);
            html.Append("</tr>\n</tbody>\n</table>\n</div>\n");
        }

        html.Append("</section>\n");
    }

    private static void TableStart(StringBuilder html)
    {
        html.Append("<table>\n<thead>\n<tr><th>Commitment</th>")
            .Append("<th class=\"n\">Planned</th><th class=\"n\">Delivered</th><th class=\"n\">On time</th>")
            .Append("<th class=\"n\">Delivered %</th><th class=\"n\">On time %</th></tr>\n</thead>\n<tbody>\n");
    }

    private static void Row(StringBuilder html, Commitment commitment, ReportFigure figure, bool withPromise)
    {
        html.Append(CultureInfo.InvariantCulture, $"<tr{Keys(figure)}><td>{E(commitment.Name)}");
        if (withPromise && commitment.Promise.Length > 0)
        {
            html.Append("<br /><span class=\"promise\">").Append(E(commitment.Promise)).Append("</span>");
        }

        html.Append("</td>");
        Cells(html, figure);
        html.Append("</tr>\n");
    }

    private static void Cells(StringBuilder html, ReportFigure f) =>
        html.Append(CultureInfo.InvariantCulture, $"<td class=\"n\" data-figure=\"planned\">{f.Planned}</td>")
            .Append(CultureInfo.InvariantCulture, $"<td class=\"n\" data-figure=\"delivered\">{f.Delivered}</td>")
            .Append(CultureInfo.InvariantCulture, $"<td class=\"n\" data-figure=\"on-time\">{f.OnTime}</td>")
            .Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{Pct(ReportFigure.Percent(f.Delivered, f.Planned))}</td>")
            .Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{Pct(ReportFigure.Percent(f.OnTime, f.Planned))}</td>");

    private static string Keys(ReportFigure f) =>
        $" data-commitment=\"{E(f.Commitment)}\" data-contractor=\"{E(f.Contractor)}\" data-area=\"{E(f.Area)}\"";

    private static void Method(StringBuilder html, PerformanceReport report)
    {
        var year = report.Year.ToString(CultureInfo.InvariantCulture);
        string[] items =
        [
            $"The year is 1 January to 31 December {year}, in UK time. Figures come from the work orders recorded by our scheduling system; cancelled orders (for example work replaced by a new visit) are not counted.",
            "Planned: for estate work, gas checks and cleaning, the visits whose target date fell in the year. For repairs, the repairs reported in the year.",
            "Delivered: of those, the ones recorded as completed (at any time, including after the year ended). A visit where we could not get in is not delivered.",
            "On time: completed within the visit's window (for example the 1st to the 15th of the month for a grass cut); for a gas safety check, on or before the home's legal deadline; for a repair, by its target time, counted from the moment it was reported (hours are elapsed time, days are calendar days).",
            "Cleaning is reported by how often each block is cleaned: weekly, fortnightly or monthly, as our cleaning calendars set for each block.",
            "Percentages are of the work planned, rounded to one decimal place.",
            "RP02 (the regulator's Tenant Satisfaction Measure): repairs completed in the year, wherever they were reported, and the share completed within our own target. Emergency means our emergency repairs (attend and make safe) and heating call-outs (no heat or hot water, or a leak), the two promises counted in hours; every other repair category is non-emergency. Repairs still open are not counted.",
            $"BS01: every home with a gas supply that we look after on {report.Bs01Date.ToString("d MMMM uuuu", CultureInfo.InvariantCulture)}, and the share whose gas safety check was in date that day (a check lasts 12 months, and a check in the 2 months before the deadline keeps the anniversary). Remedial work is not counted.",
        ];
        html.Append("<section id=\"method\" class=\"method\">\n<h2>How these figures are worked out</h2>\n<ol>\n");
        foreach (var item in items)
        {
            html.Append("<li>").Append(E(item)).Append("</li>\n");
        }

        html.Append("</ol>\n</section>\n");
    }

    private static string Pct(decimal? percent) =>
        percent is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
