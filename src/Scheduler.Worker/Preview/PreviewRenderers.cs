namespace Scheduler.Worker.Preview;

/// <summary>The preview formats the command line offers, by name.</summary>
public static class PreviewRenderers
{
    private static readonly IPreviewRenderer[] All =
    [
        new TablePreviewRenderer(),
        new CsvPreviewRenderer(),
        new JsonPreviewRenderer(),
        new IcsPreviewRenderer(),
        new HtmlPreviewRenderer(),
    ];

    /// <summary>The format names, in the order the help text lists them: <c>table, csv, json, ics, html</c>.</summary>
    public static IReadOnlyList<string> Formats { get; } = Array.AsReadOnly(All.Select(r => r.Format).ToArray());

    /// <summary>
    /// The renderer for <paramref name="format"/>, matched ignoring case. Throws <see cref="ArgumentException"/>
    /// with a message that lists the valid formats when there is none, so the command line can show it as is.
    /// </summary>
    public static IPreviewRenderer For(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return All.FirstOrDefault(r => string.Equals(r.Format, format.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"Unknown preview format '{format}'; expected one of: {string.Join(", ", Formats)}.",
                nameof(format));
    }
}
