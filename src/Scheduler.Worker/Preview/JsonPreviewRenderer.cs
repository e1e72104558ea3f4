using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using NodaTime.Text;

namespace Scheduler.Worker.Preview;

/// <summary>
/// <c>preview --format json</c>: one object
/// <c>{ "from", "to", "count", "occurrences": [ { "schedule", "service", "asset", "windowStart", "windowEnd",
/// "targetDate", "contractor", "parent" } ] }</c> with ISO dates; <c>contractor</c> and <c>parent</c> (the parent's
/// <see cref="Scheduler.Domain.Occurrence.Key"/>) are <c>null</c> when there is none. Written with a
/// <see cref="Utf8JsonWriter"/> and handed to the <see cref="TextWriter"/> in chunks, so memory stays flat for
/// hundreds of thousands of rows. Accented letters are written as they are; HTML-sensitive characters (and characters
/// outside the Basic Multilingual Plane) are written as \u escapes.
/// </summary>
public sealed class JsonPreviewRenderer : IPreviewRenderer
{
    /// <summary>Bytes buffered before they are passed on to the text writer.</summary>
    private const int FlushThreshold = 32 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <inheritdoc />
    public string Format => "json";

    /// <inheritdoc />
    public string ContentType => "application/json; charset=utf-8";

    /// <inheritdoc />
    public void Render(PreviewModel model, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new ArrayBufferWriter<byte>(FlushThreshold * 2);
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        using var json = new Utf8JsonWriter(buffer, Options);
        json.WriteStartObject();
        json.WriteString("from", LocalDatePattern.Iso.Format(model.From));
        json.WriteString("to", LocalDatePattern.Iso.Format(model.To));
        json.WriteNumber("count", model.Occurrences.Count);
        json.WriteStartArray("occurrences");
        foreach (var o in model.Occurrences)
        {
            json.WriteStartObject();
            json.WriteString("schedule", o.ScheduleId);
            json.WriteString("service", o.Service);
            json.WriteString("asset", o.AssetId);
            json.WriteString("windowStart", LocalDatePattern.Iso.Format(o.Window.Start));
            json.WriteString("windowEnd", LocalDatePattern.Iso.Format(o.Window.End));
            json.WriteString("targetDate", LocalDatePattern.Iso.Format(o.TargetDate));
            json.WriteString("contractor", o.ContractorId);
            json.WriteString("parent", o.Parent?.Key);
            json.WriteEndObject();
            if (json.BytesPending >= FlushThreshold)
            {
                Drain(json, buffer, decoder, output);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        Drain(json, buffer, decoder, output);
        output.Write('\n');
    }

    private static void Drain(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Decoder decoder, TextWriter output)
    {
        json.Flush();
        var bytes = buffer.WrittenSpan;
        var chars = new char[decoder.GetCharCount(bytes, flush: false)];
        var written = decoder.GetChars(bytes, chars, flush: false);
        output.Write(chars, 0, written);
        buffer.ResetWrittenCount();
    }
}
