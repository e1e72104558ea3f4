using System.Globalization;
using System.Net;
using System.Text;

namespace Scheduler.Worker.Reports;

/// <summary>
/// Inline SVG bar charts for the report page: no scripts, no external references, readable in print. Each chart
/// carries a title for screen readers; the same numbers are in the tables beside it.
/// </summary>
internal static class ReportChart
{
    private const int Width = 900;
    private const int LabelWidth = 330;
    private const int BarLeft = LabelWidth + 10;
    private const int BarWidth = 470;
    private const int RowHeight = 36;
    private const int Top = 44;

    /// <summary>One labelled pair of bars: the share delivered and the share on time, in percent (null: nothing planned).</summary>
    public sealed record Row(string Label, decimal? Delivered, decimal? OnTime);

    /// <summary>A horizontal bar chart of <paramref name="rows"/>, two bars a row, with gridlines every 25%.</summary>
    public static string Bars(string id, string title, IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var height = Top + rows.Count * RowHeight + 24;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"{id}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}\">{Encode(title)}</title>");
        Legend(svg);
        for (var p = 0; p <= 100; p += 25)
        {
            var x = BarLeft + BarWidth * p / 100;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"{Top - 6}\" x2=\"{x}\" y2=\"{height - 22}\" class=\"grid\"></line>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{height - 6}\" class=\"axis\" text-anchor=\"middle\">{p}%</text>");
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var y = Top + i * RowHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth}\" y=\"{y + 19}\" class=\"label\" text-anchor=\"end\">{Encode(row.Label)}</text>");
            if (row.Delivered is null)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{BarLeft + 4}\" y=\"{y + 19}\" class=\"none\">none planned</text>");
                continue;
            }

            Bar(svg, y + 3, 13, row.Delivered.Value, "delivered");
            Bar(svg, y + 17, 13, row.OnTime ?? 0m, "ontime");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>A single meter from 0 to 100% for a headline measure.</summary>
    public static string Meter(string id, string title, decimal? percent)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"meter\" viewBox=\"0 0 200 16\" role=\"img\" aria-labelledby=\"{id}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}\">{Encode(title)}</title>");
        svg.Append("<rect x=\"0\" y=\"0\" width=\"200\" height=\"16\" rx=\"3\" class=\"track\"></rect>");
        if (percent is { } p)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{Num(200m * p / 100m)}\" height=\"16\" rx=\"3\" class=\"ontime\"></rect>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static void Legend(StringBuilder svg)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{BarLeft}\" y=\"8\" width=\"14\" height=\"14\" class=\"delivered\"></rect>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{BarLeft + 20}\" y=\"20\" class=\"label\">delivered</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{BarLeft + 120}\" y=\"8\" width=\"14\" height=\"14\" class=\"ontime\"></rect>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{BarLeft + 140}\" y=\"20\" class=\"label\">on time</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{BarLeft + 230}\" y=\"20\" class=\"axis\">share of the work planned</text>");
    }

    private static void Bar(StringBuilder svg, int y, int h, decimal percent, string css)
    {
        var w = BarWidth * percent / 100m;
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{BarLeft}\" y=\"{y}\" width=\"{Num(w)}\" height=\"{h}\" class=\"{css}\"></rect>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Num(BarLeft + w + 5)}\" y=\"{y + h - 2}\" class=\"value\">{percent.ToString("0.0", CultureInfo.InvariantCulture)}%</text>");
    }

    private static string Num(decimal d) => Math.Round(d, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
