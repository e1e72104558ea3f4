using NodaTime.Text;
using Scheduler.Domain;

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
        foreach (var o in model.Occurrences)
        {
            WriteField(output, o.ScheduleId);
            output.Write(',');
            WriteField(output, o.Service);
            output.Write(',');
            WriteField(output, o.AssetId);
            output.Write(',');
            output.Write(LocalDatePattern.Iso.Format(o.Window.Start));
            output.Write(',');
            output.Write(LocalDatePattern.Iso.Format(o.Window.End));
            output.Write(',');
            output.Write(LocalDatePattern.Iso.Format(o.TargetDate));
            output.Write(',');
            WriteField(output, o.ContractorId ?? string.Empty);
            output.Write(',');
            WriteField(output, o.Parent?.Key ?? string.Empty);
            output.Write('\n');
        }
    }

    private static void WriteField(TextWriter output, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            output.Write(value);
            return;
        }

        output.Write('"');
        output.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        output.Write('"');
    }
}
