using System.Globalization;
using System.Text.Json;
using NodaTime;
using Scheduler.Domain.Planning;
using Scheduler.Persistence.Orders;
using Scheduler.Worker.Csv;

namespace Scheduler.Worker.Commands;

/// <summary>Writes the orders listing as an aligned table, CSV (RFC 4180 quoting) or a JSON array.</summary>
internal static class OrdersWriter
{
    /// <summary>The CSV header; the contract starts with these columns.</summary>
    public const string CsvHeader = "reference,schedule,service,asset,window_start,window_end,target_date,status,contractor";

    public static void WriteCsv(IEnumerable<WorkOrderLine> lines, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(CsvHeader);
        foreach (var line in lines)
        {
            output.WriteLine(string.Join(',', Cells(line).Select(Quote)));
        }
    }

    public static void WriteTable(IReadOnlyList<WorkOrderLine> lines, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(output);
        var rows = new List<string[]> { CsvHeader.Split(',') };
        rows.AddRange(lines.Select(Cells));
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{lines.Count} order(s)"));
    }

    public static void WriteJson(IEnumerable<WorkOrderLine> lines, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(output);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var line in lines)
            {
                json.WriteStartObject();
                json.WriteString("reference", line.Reference);
                json.WriteString("schedule", line.Schedule);
                json.WriteString("service", line.Service);
                json.WriteString("asset", line.Asset);
                json.WriteString("windowStart", Iso(line.WindowStart));
                json.WriteString("windowEnd", Iso(line.WindowEnd));
                json.WriteString("targetDate", Iso(line.TargetDate));
                json.WriteString("status", line.Status.ToText());
                json.WriteString("contractor", line.Contractor);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static string[] Cells(WorkOrderLine line) =>
    [
        line.Reference, line.Schedule, line.Service, line.Asset, Iso(line.WindowStart), Iso(line.WindowEnd),
        Iso(line.TargetDate), line.Status.ToText(), line.Contractor ?? string.Empty,
    ];

    private static string Quote(string cell) => CsvText.Field(cell);

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
