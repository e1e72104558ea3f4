using System.Globalization;
using System.Net;
using NodaTime.Text;
using Scheduler.Domain;
using Scheduler.Domain.Estate;

namespace Scheduler.Worker.Preview;

/// <summary>
/// <c>preview --format html</c>: a year planner to print. One self-contained page (inline CSS; no scripts, fonts,
/// images or links), A4 landscape when printed: a title with the organisation and range, a legend of the services
/// present, then one grid per schedule. Rows are assets (name and id) and services; columns are weeks, or months for
/// ranges over a year (<see cref="PlannerColumns"/>). A cell is tinted when a window is open in it and filled and
/// marked ● when a visit is aimed at it; its tooltip gives the dates. A schedule on many assets shows one row per
/// area with visit counts instead (<see cref="PlannerGrid.MaxAssetRows"/>). Every inserted value is HTML-encoded,
/// and the markup is also well-formed XML.
/// </summary>
public sealed class HtmlPreviewRenderer : IPreviewRenderer
{
    private static readonly LocalDatePattern LongDate = LocalDatePattern.CreateWithInvariantCulture("d MMMM uuuu");
    private static readonly InstantPattern Stamp = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm 'UTC'");

    private const string Css = """
        @page { size: A4 landscape; margin: 10mm; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font-family: Arial, Helvetica, "Liberation Sans", sans-serif; font-size: 12pt; color: #111; margin: 12px; }
        h1 { font-size: 18pt; margin: 0 0 4px; }
        h2 { font-size: 14pt; margin: 0 0 4px; break-after: avoid; page-break-after: avoid; }
        p { margin: 0 0 8px; }
        .sub, .id { color: #555; font-weight: normal; }
        .id { font-size: 10pt; margin-left: 4px; }
        .legend { margin: 0 0 14px; }
        .legend ul { list-style: none; margin: 4px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 22px; }
        .sw { display: inline-block; width: 14px; height: 14px; border: 1px solid #888; vertical-align: middle; margin-right: 2px; }
        .schedule { margin: 0 0 18px; break-inside: avoid; page-break-inside: avoid; }
        table.grid { width: 100%; table-layout: fixed; border-collapse: collapse; break-inside: avoid; page-break-inside: avoid; }
        table.grid thead { display: table-header-group; }
        table.grid tr { break-inside: avoid; page-break-inside: avoid; }
        table.grid th, table.grid td { border: 1px solid #c8c8c8; padding: 0; }
        table.grid col.label { width: 50mm; }
        table.grid col.svc { width: 36mm; }
        table.grid th.label, table.grid td.svc { font-size: 12pt; text-align: left; padding: 2px 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-weight: normal; }
        table.grid thead th { font-weight: bold; background: #f2f2f2; white-space: nowrap; overflow: hidden; }
        table.grid thead th[scope="colgroup"] { font-size: 10pt; }
        table.grid thead tr.cols th { font-size: 8pt; font-weight: normal; }
        table.grid td { height: 18px; text-align: center; font-size: 9pt; line-height: 1; }
        table.grid tbody tr:nth-child(even) th.label, table.grid tbody tr:nth-child(even) td.svc { background: #fafafa; }
        .k.w { background: #dcdcdc; }
        .k.t { background: #8c8c8c; }
        .note { font-size: 12pt; color: #333; margin-top: 4px; }
        footer { color: #555; margin-top: 12px; }
        """;

    /// <inheritdoc />
    public string Format => "html";

    /// <inheritdoc />
    public string ContentType => "text/html; charset=utf-8";

    /// <inheritdoc />
    public void Render(PreviewModel model, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);
        var labels = new PreviewLabels(model);
        var columns = PlannerColumns.For(model.From, model.To);
        var services = model.Occurrences
            .Select(o => o.Service)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(s => labels.ServiceIndex(s) ?? int.MaxValue)
            .ThenBy(s => s, StringComparer.Ordinal)
            .ToList();
        var slots = services.ToDictionary(s => s, s => ServicePalette.SlotOf(s, labels.ServiceIndex(s)), StringComparer.Ordinal);
        var organisation = model.Configuration.Organisation.Name;
        var range = $"{LongDate.Format(model.From)} to {LongDate.Format(model.To)}";

        output.Write("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\" />\n");
        output.Write($"<title>{E(organisation)}: planner, {E(range)}</title>\n");
        output.Write("<style>\n");
        output.Write(Css);
        output.Write('\n');
        foreach (var slot in slots.Values.Distinct().Order())
        {
            output.Write(Invariant($"tr.c{slot} td.w, .sw.c{slot}.w {{ background: {ServicePalette.Tint(slot)}; }}\n"));
            output.Write(Invariant($"tr.c{slot} td.t, .sw.c{slot}.t {{ background: {ServicePalette.Strong(slot)}; }}\n"));
        }

        output.Write("</style>\n</head>\n<body>\n");
        output.Write($"<h1>{E(organisation)}: planner</h1>\n");
        output.Write($"<p class=\"sub\">{E(range)} · {E(Visits(model.Occurrences.Count))}</p>\n");
        WriteLegend(output, services, slots, labels);
        if (model.Occurrences.Count == 0)
        {
            output.Write("<p>No visits fall in this range.</p>\n");
        }

        foreach (var (scheduleId, occurrences) in BySchedule(model.Occurrences))
        {
            var grid = PlannerGrid.Build(scheduleId, occurrences, columns, labels);
            WriteSchedule(output, grid, columns, model, labels, slots);
        }

        output.Write($"<footer>Made by estate-scheduler preview at {E(Stamp.Format(model.GeneratedAt))}. ");
        output.Write(columns.Weekly
            ? "Columns are weeks, Monday to Sunday, headed by the date of their Monday.</footer>\n"
            : "Columns are months.</footer>\n");
        output.Write("</body>\n</html>\n");
    }

    private static void WriteLegend(
        TextWriter output,
        List<string> services,
        Dictionary<string, int> slots,
        PreviewLabels labels)
    {
        output.Write("<section class=\"legend\">\n<h2>Key</h2>\n<ul>\n");
        output.Write("<li><span class=\"sw k w\"></span> pale: the window is open</li>\n");
        output.Write("<li><span class=\"sw k t\"></span> filled, with ● or a count: the visit's target date</li>\n");
        output.Write("</ul>\n<ul class=\"services\">\n");
        foreach (var service in services)
        {
            var slot = slots[service];
            output.Write(Invariant($"<li><span class=\"sw c{slot} t\"></span><span class=\"sw c{slot} w\"></span> "));
            output.Write($"{E(labels.ServiceName(service))}<span class=\"id\">{E(service)}</span></li>\n");
        }

        output.Write("</ul>\n</section>\n");
    }

    private static void WriteSchedule(
        TextWriter output,
        PlannerGrid grid,
        PlannerColumns columns,
        PreviewModel model,
        PreviewLabels labels,
        Dictionary<string, int> slots)
    {
        var schedule = model.Configuration.FindSchedule(grid.ScheduleId);
        var kind = schedule?.AppliesTo ?? AssetKind.Invalid;
        var serviceName = labels.ServiceName(schedule?.Service ?? grid.Rows[0].ServiceId);
        var showService = grid.HasSeveralServices;

        output.Write("<section class=\"schedule\">\n");
        output.Write($"<h2>{E(serviceName)} <span class=\"sub\">schedule {E(grid.ScheduleId)} · {E(PlannerGrid.Count(grid.AssetCount, kind))}</span></h2>\n");
        output.Write("<table class=\"grid\">\n<colgroup><col class=\"label\" />");
        output.Write(showService ? "<col class=\"svc\" />" : string.Empty);
        output.Write(Invariant($"<col span=\"{columns.Columns.Count}\" /></colgroup>\n<thead>\n<tr>"));
        var rowHeading = grid.Aggregated ? "Area" : kind switch
        {
            AssetKind.Site => "Site",
            AssetKind.Block => "Block",
            AssetKind.Property => "Home",
            _ => "Asset",
        };
        output.Write($"<th class=\"label\" scope=\"col\" rowspan=\"2\">{rowHeading}</th>");
        output.Write(showService ? "<th class=\"label\" scope=\"col\" rowspan=\"2\">Service</th>" : string.Empty);
        foreach (var group in columns.Groups)
        {
            output.Write(Invariant($"<th scope=\"colgroup\" colspan=\"{group.Span}\" title=\"{E(group.Label)}\">{E(group.Label)}</th>"));
        }

        output.Write("</tr>\n<tr class=\"cols\">");
        foreach (var column in columns.Columns)
        {
            output.Write($"<th scope=\"col\" title=\"{E(column.Title)}\">{E(column.Label)}</th>");
        }

        output.Write("</tr>\n</thead>\n<tbody>\n");
        foreach (var row in grid.Rows)
        {
            WriteRow(output, row, columns, labels, grid.Aggregated, showService, slots[row.ServiceId]);
        }

        output.Write("</tbody>\n</table>\n");
        if (grid.Aggregated)
        {
            output.Write($"<p class=\"note\">{E(PlannerGrid.Count(grid.AssetCount, kind))} are grouped by area: ");
            output.Write("a number is how many visits are targeted in that column; its tooltip also says how many windows are open.</p>\n");
        }

        output.Write("</section>\n");
    }

    private static void WriteRow(
        TextWriter output,
        PlannerRow row,
        PlannerColumns columns,
        PreviewLabels labels,
        bool aggregated,
        bool showService,
        int slot)
    {
        var extra = row.Detail.Length > 0 ? $", {row.Detail}" : string.Empty;
        var rowTitle = row.Id.Length > 0 ? $"{row.Label} ({row.Id}{extra})" : $"{row.Label}{extra}";
        output.Write(Invariant($"<tr class=\"c{slot}\"><th class=\"label\" scope=\"row\" title=\"{E(rowTitle)}\">"));
        output.Write(E(row.Label));
        if (aggregated)
        {
            output.Write($"<span class=\"id\">{E(row.Detail)}</span>");
        }
        else if (row.Id.Length > 0 && row.Id != row.Label)
        {
            output.Write($"<span class=\"id\">{E(row.Id)}</span>");
        }

        output.Write("</th>");
        if (showService)
        {
            output.Write($"<td class=\"svc\">{E(labels.ServiceName(row.ServiceId))}</td>");
        }

        for (var c = 0; c < row.Cells.Length; c++)
        {
            var cell = row.Cells[c];
            if (cell.Windows == 0 && cell.Targets == 0)
            {
                output.Write("<td></td>");
                continue;
            }

            var title = aggregated
                ? $"{columns.Columns[c].Title}: {Visits(cell.Targets)} targeted, {Windows(cell.Windows)} open"
                : string.Join('\n', cell.Notes.Prepend(columns.Columns[c].Title));
            var mark = cell.Targets == 0 ? string.Empty
                : aggregated ? cell.Targets.ToString("N0", CultureInfo.InvariantCulture)
                : "●";
            output.Write($"<td class=\"{(cell.Targets > 0 ? "t" : "w")}\" title=\"{Attribute(title)}\">{mark}</td>");
        }

        output.Write("</tr>\n");
    }

    private static IEnumerable<(string ScheduleId, List<Occurrence> Occurrences)> BySchedule(IReadOnlyList<Occurrence> occurrences)
    {
        var groups = new Dictionary<string, List<Occurrence>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var o in occurrences)
        {
            if (!groups.TryGetValue(o.ScheduleId, out var list))
            {
                list = [];
                groups.Add(o.ScheduleId, list);
                order.Add(o.ScheduleId);
            }

            list.Add(o);
        }

        return order.Select(id => (id, groups[id]));
    }

    private static string Windows(int n) => n == 1 ? "1 window" : $"{n.ToString("N0", CultureInfo.InvariantCulture)} windows";

    private static string Visits(int n) => n == 1 ? "1 visit" : $"{n.ToString("N0", CultureInfo.InvariantCulture)} visits";

    /// <summary>HTML-encodes text for an element's content or a quoted attribute.</summary>
    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Encodes an attribute value, keeping line breaks as <c>&amp;#10;</c> so tooltips show them.</summary>
    private static string Attribute(string text) => E(text).Replace("\n", "&#10;", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
