using NodaTime.Text;
using Scheduler.Domain;
using Scheduler.Domain.Estate;

namespace Scheduler.Worker.Preview;

/// <summary>What falls in one planner cell: how many windows are open in it and how many visits are aimed at it.</summary>
internal sealed class PlannerCell
{
    /// <summary>Occurrences whose window overlaps the cell's days.</summary>
    public int Windows { get; set; }

    /// <summary>Occurrences whose target date is in the cell's days.</summary>
    public int Targets { get; set; }

    /// <summary>One line per occurrence for the tooltip (detailed rows only).</summary>
    public List<string> Notes { get; } = [];
}

/// <summary>
/// One planner row: an asset and a service, or (aggregated) an area and a service.
/// <see cref="Label"/> is the asset's name or the area's name; <see cref="Id"/> the asset's or area's id.
/// </summary>
internal sealed record PlannerRow(string Label, string Id, string Detail, string ServiceId, PlannerCell[] Cells)
{
    /// <summary>Its ids: never the label or the detail (a home's address and postcode).</summary>
    public override string ToString() => $"PlannerRow {{ Label = (withheld), Id = {Id}, Detail = (withheld), ServiceId = {ServiceId}, Cells = {Cells.Length} }}";
}

/// <summary>
/// One schedule's grid: rows in the order their first occurrence arrives (the caller's order). A schedule on more
/// than <see cref="MaxAssetRows"/> assets (typically gas safety on every home) is aggregated: one row per area and
/// service, and cells count visits instead of describing each one, so 80 or 80,000 homes stay one page.
/// </summary>
internal sealed class PlannerGrid
{
    /// <summary>The most assets a schedule may have before its rows are grouped by area.</summary>
    public const int MaxAssetRows = 24;

    private static readonly LocalDatePattern Short = LocalDatePattern.CreateWithInvariantCulture("ddd d MMM uuuu");

    private PlannerGrid(string scheduleId, bool aggregated, int assetCount, IReadOnlyList<PlannerRow> rows)
    {
        ScheduleId = scheduleId;
        Aggregated = aggregated;
        AssetCount = assetCount;
        Rows = rows;
    }

    public string ScheduleId { get; }

    /// <summary>True when rows are areas rather than assets.</summary>
    public bool Aggregated { get; }

    /// <summary>How many distinct assets the schedule's occurrences cover.</summary>
    public int AssetCount { get; }

    public IReadOnlyList<PlannerRow> Rows { get; }

    /// <summary>True when the rows carry more than one service (a schedule with follow-ups).</summary>
    public bool HasSeveralServices => Rows.Select(r => r.ServiceId).Distinct(StringComparer.Ordinal).Skip(1).Any();

    /// <summary>Builds the grid of <paramref name="occurrences"/>, all from schedule <paramref name="scheduleId"/>.</summary>
    public static PlannerGrid Build(
        string scheduleId,
        IReadOnlyList<Occurrence> occurrences,
        PlannerColumns columns,
        PreviewLabels labels)
    {
        var assetCount = occurrences.Select(o => o.AssetId).Distinct(StringComparer.Ordinal).Count();
        var aggregated = assetCount > MaxAssetRows;
        var rows = new Dictionary<(string Key, string Service), (PlannerRow Row, HashSet<string> Assets, AssetKind Kind)>();
        var order = new List<(string Key, string Service)>();
        foreach (var o in occurrences)
        {
            var asset = labels.Asset(o.AssetId);
            var key = (aggregated ? asset?.AreaId ?? string.Empty : o.AssetId, o.Service);
            if (!rows.TryGetValue(key, out var entry))
            {
                var row = aggregated ? AreaRow(key.Item1, o.Service, labels, columns) : AssetRow(o, labels, columns);
                entry = (row, new HashSet<string>(StringComparer.Ordinal), KindOf(asset));
                rows.Add(key, entry);
                order.Add(key);
            }

            entry.Assets.Add(o.AssetId);
            Place(o, entry.Row, columns, aggregated ? null : labels);
        }

        var finished = order
            .Select(key => rows[key])
            .Select(e => aggregated ? e.Row with { Detail = Count(e.Assets.Count, e.Kind) } : e.Row)
            .ToList();
        return new PlannerGrid(scheduleId, aggregated, assetCount, finished);
    }

    /// <summary>"1 home", "80 homes", "3 sites"...</summary>
    public static string Count(int n, AssetKind kind)
    {
        var noun = kind switch
        {
            AssetKind.Site => "site",
            AssetKind.Block => "block",
            AssetKind.Property => "home",
            _ => "asset",
        };
        return n == 1 ? $"1 {noun}" : $"{n:N0} {noun}s";
    }

    /// <summary>The kind of <paramref name="asset"/>, or <see cref="AssetKind.Invalid"/> when unknown.</summary>
    public static AssetKind KindOf(Asset? asset) => asset?.Kind ?? AssetKind.Invalid;

    private static PlannerRow AssetRow(Occurrence o, PreviewLabels labels, PlannerColumns columns) =>
        new(labels.AssetName(o.AssetId), o.AssetId, labels.AssetPostcode(o.AssetId) ?? string.Empty, o.Service, NewCells(columns));

    private static PlannerRow AreaRow(string areaId, string service, PreviewLabels labels, PlannerColumns columns) =>
        areaId.Length == 0
            ? new PlannerRow("Not in the register", string.Empty, string.Empty, service, NewCells(columns))
            : new PlannerRow(labels.AreaName(areaId), areaId, string.Empty, service, NewCells(columns));

    private static PlannerCell[] NewCells(PlannerColumns columns)
    {
        var cells = new PlannerCell[columns.Columns.Count];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = new PlannerCell();
        }

        return cells;
    }

    private static void Place(Occurrence o, PlannerRow row, PlannerColumns columns, PreviewLabels? detailed)
    {
        var note = detailed is null
            ? null
            : $"{detailed.ServiceName(o.Service)}: window {Short.Format(o.Window.Start)} to {Short.Format(o.Window.End)}, target {Short.Format(o.TargetDate)}";
        if (columns.ColumnsOf(o.Window) is var (first, last))
        {
            for (var c = first; c <= last; c++)
            {
                row.Cells[c].Windows++;
                if (note is not null)
                {
                    row.Cells[c].Notes.Add(note);
                }
            }
        }

        if (columns.ColumnOf(o.TargetDate) is { } target)
        {
            row.Cells[target].Targets++;
        }
    }
}
