using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Scheduler.Worker.Hosting.Digest;

/// <summary>
/// The payload of a <c>manager-digest</c> outbox row: the local date (the organisation's zone) and the sections, in the order they go in the
/// email. JSON: <c>{"date":"2027-01-04","sections":[{"order":10,"title":"…","summary":"…","lines":[{"group":"…",
/// "reference":"…","text":"…"}]}]}</c>. The dispatcher renders it when it sends (<c>DigestComposer</c>).
/// </summary>
/// <param name="Date">The day the digest is for.</param>
/// <param name="Sections">The sections, lowest <see cref="DigestSection.Order"/> first, then by title.</param>
public sealed record DigestPayload(LocalDate Date, IReadOnlyList<DigestSection> Sections)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The payload of <paramref name="sections"/> for <paramref name="date"/>, sorted into email order.</summary>
    public static DigestPayload Of(LocalDate date, IEnumerable<DigestSection> sections) =>
        new(date, [.. sections.OrderBy(s => s.Order).ThenBy(s => s.Title, StringComparer.Ordinal)]);

    /// <summary>The JSON stored in the <c>payload</c> column.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Shape(LocalDatePattern.Iso.Format(Date), Sections), Json);

    /// <summary>Reads a stored payload; throws <see cref="FormatException"/> saying what is wrong when it is not one.</summary>
    public static DigestPayload FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Shape? shape;
        try
        {
            shape = JsonSerializer.Deserialize<Shape>(json, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The digest payload is not valid JSON: {e.Message}", e);
        }

        if (shape?.Date is null || shape.Sections is null)
        {
            throw new FormatException("The digest payload needs 'date' and 'sections'.");
        }

        var date = LocalDatePattern.Iso.Parse(shape.Date);
        if (!date.Success)
        {
            throw new FormatException($"The digest payload's date '{shape.Date}' is not a date (yyyy-MM-dd).");
        }

        if (shape.Sections.Any(s => s is null || s.Title is null || s.Summary is null || s.Lines is null || s.Lines.Any(l => l is null || l.Group is null || l.Reference is null || l.Text is null)))
        {
            throw new FormatException("A section of the digest payload lacks its title, summary or lines, or a line its group, reference or text.");
        }

        return new DigestPayload(date.Value, shape.Sections);
    }

    private sealed record Shape(string? Date, IReadOnlyList<DigestSection>? Sections);
}
