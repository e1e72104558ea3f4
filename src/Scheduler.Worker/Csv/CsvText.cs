using System.Text;

namespace Scheduler.Worker.Csv;

/// <summary>
/// Writing one CSV field per RFC 4180: as it is, unless it holds a comma, a quote or a line break, in which case it is
/// quoted with inner quotes doubled. The one place every CSV the product writes (preview, orders, order attachments) quotes.
/// </summary>
internal static class CsvText
{
    /// <summary>Appends <paramref name="value"/> as one CSV field and returns <paramref name="csv"/>.</summary>
    public static StringBuilder AppendField(StringBuilder csv, string value) =>
        NeedsQuotes(value)
            ? csv.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"')
            : csv.Append(value);

    /// <summary><paramref name="value"/> as one CSV field.</summary>
    public static string Field(string value) =>
        NeedsQuotes(value) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static bool NeedsQuotes(string value) => value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
}
