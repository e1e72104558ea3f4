using System.Text;
using NodaTime.Text;
using Scheduler.Domain;
using Scheduler.Worker.Csv;

namespace Scheduler.Worker.Preview;

/// <summary>
/// <c>preview --format csv</c>: a header row, then one row per occurrence with ISO dates. Fields are quoted as
/// RFC 4180 says (only when they hold a comma, a double quote or a line break; quotes doubled); lines end in
/// <c>\n</c>. <c>contractor</c> and <c>parent</c> (the parent occurrence's <see cref="Occurrence.Key"/>) are empty
/// when there is none.
/// </summary>
public sealed class CsvPreviewRenderer : IPreviewRenderer
{
    /// <summary>The header row, without its line end.</summary>
    public const string Header = "schedule,service,asset,window_start,window_end,target_date,contractor,parent";

    /// <inheritdoc />
    public string Format => "csv";

    /// <inheritdoc />
    public string ContentType => "text/csv; charset=utf-8";

    /// <inheritdoc />
    public void Render(PreviewModel model, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Header);
        output.Write('\n');
        var row = new StringBuilder(128);
        foreach (var o in model.Occurrences)
        {
            row.Clear();
            AppendField(row, o.ScheduleId).Append(',');
            AppendField(row, o.Service).Append(',');
            AppendField(row, o.AssetId).Append(',');
            row.Append(LocalDatePattern.Iso.Format(o.Window.Start)).Append(',');
            row.Append(LocalDatePattern.Iso.Format(o.Window.End)).Append(',');
            row.Append(LocalDatePattern.Iso.Format(o.TargetDate)).Append(',');
            AppendField(row, o.ContractorId ?? string.Empty).Append(',');
            AppendField(row, o.Parent?.Key ?? string.Empty).Append('\n');

            // One write per row: cheap on a buffered writer, and bearable on an unbuffered console.
            output.Write(row);
        }
    }

    private static StringBuilder AppendField(StringBuilder row, string value) => CsvText.AppendField(row, value);
}
