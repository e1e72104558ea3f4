using System.Globalization;
using NodaTime.Text;

namespace Scheduler.Worker.Preview;

/// <summary>
/// <c>preview --format table</c> (the default on a terminal): the CSV's columns as left-aligned plain text,
/// a dashed rule under the header, then a closing line such as <c>42 occurrences</c>. Columns are two spaces
/// apart and sized to their widest value; trailing spaces are trimmed; control characters in a value are shown
/// as spaces so one odd id cannot break the layout. Lines end in <c>\n</c>.
/// </summary>
public sealed class TablePreviewRenderer : IPreviewRenderer
{
    private const string Gap = "  ";

    private static readonly string[] Headers =
        ["schedule", "service", "asset", "window_start", "window_end", "target_date", "contractor", "parent"];

    /// <inheritdoc />
    public string Format => "table";

    /// <inheritdoc />
    public string ContentType => "text/plain; charset=utf-8";

    /// <inheritdoc />
    public void Render(PreviewModel model, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);
        var rows = new string[model.Occurrences.Count][];
        var widths = Headers.Select(h => h.Length).ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            var o = model.Occurrences[i];
            var row = new[]
            {
                Printable(o.ScheduleId),
                Printable(o.Service),
                Printable(o.AssetId),
                LocalDatePattern.Iso.Format(o.Window.Start),
                LocalDatePattern.Iso.Format(o.Window.End),
                LocalDatePattern.Iso.Format(o.TargetDate),
                Printable(o.ContractorId ?? string.Empty),
                Printable(o.Parent?.Key ?? string.Empty),
            };
            for (var c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }

            rows[i] = row;
        }

        WriteRow(output, Headers, widths);
        WriteRow(output, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in rows)
        {
            WriteRow(output, row, widths);
        }

        var count = rows.Length;
        output.Write(count.ToString(CultureInfo.InvariantCulture));
        output.Write(count == 1 ? " occurrence\n" : " occurrences\n");
    }

    private static void WriteRow(TextWriter output, string[] cells, int[] widths)
    {
        var line = new System.Text.StringBuilder();
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0)
            {
                line.Append(Gap);
            }

            line.Append(cells[c].PadRight(widths[c]));
        }

        output.Write(line.ToString().TrimEnd());
        output.Write('\n');
    }

    private static string Printable(string value) =>
        value.Any(char.IsControl) ? string.Concat(value.Select(ch => char.IsControl(ch) ? ' ' : ch)) : value;
}
