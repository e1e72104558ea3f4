using System.Text.RegularExpressions;

namespace Scheduler.Worker.Email;

/// <summary>
/// The naming convention of <c>config/templates/</c>: <c>{name}.{language}.{txt|html}.sbn</c> for a body,
/// <c>{name}.{language}.large.html.sbn</c> for an optional large-print HTML of its own, and
/// <c>_{name}.{txt|html}.sbn</c> for a partial other templates include as <c>{{ include '_name.html' }}</c>.
/// Names are lower case letters, digits and hyphens; a language is a tag such as <c>en</c>, <c>pl</c> or <c>pt-br</c>.
/// </summary>
public sealed partial record TemplateFileName(string Name, string? Language, bool LargePrint, TemplateFormat Format)
{
    /// <summary>The extension every template file has.</summary>
    public const string Extension = ".sbn";

    /// <summary>True for a partial (<c>_name.html.sbn</c>): it is only included, never rendered on its own.</summary>
    public bool IsPartial => Language is null;

    /// <summary>The file name, e.g. <c>tenant-appointment-first.pl.large.html.sbn</c>.</summary>
    public override string ToString() => IsPartial
        ? $"_{Name}.{FormatPart(Format)}{Extension}"
        : $"{Name}.{Language}{(LargePrint ? ".large" : string.Empty)}.{FormatPart(Format)}{Extension}";

    /// <summary>The body template file for a name, language and format.</summary>
    public static TemplateFileName Body(string name, string language, TemplateFormat format, bool largePrint = false) =>
        new(name, language, largePrint, format);

    /// <summary>Reads a file name; null when it does not follow the convention.</summary>
    public static TemplateFileName? TryParse(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var m = BodyPattern().Match(fileName);
        if (m.Success)
        {
            var large = m.Groups["large"].Success;
            var format = ParseFormat(m.Groups["format"].Value);
            return large && format != TemplateFormat.Html ? null : new TemplateFileName(m.Groups["name"].Value, m.Groups["lang"].Value, large, format);
        }

        m = PartialPattern().Match(fileName);
        return m.Success ? new TemplateFileName(m.Groups["name"].Value, null, false, ParseFormat(m.Groups["format"].Value)) : null;
    }

    /// <summary>True when <paramref name="language"/> is a language tag as file names spell it (lower case).</summary>
    public static bool IsLanguageTag(string language) => LanguagePattern().IsMatch(language);

    private static TemplateFormat ParseFormat(string text) => text == "html" ? TemplateFormat.Html : TemplateFormat.Text;

    private static string FormatPart(TemplateFormat format) => format == TemplateFormat.Html ? "html" : "txt";

    [GeneratedRegex(@"^(?<name>[a-z][a-z0-9-]*)\.(?<lang>[a-z]{2,3}(?:-[a-z0-9]{1,8})*)(?<large>\.large)?\.(?<format>html|txt)\.sbn$", RegexOptions.CultureInvariant)]
    private static partial Regex BodyPattern();

    [GeneratedRegex(@"^_(?<name>[a-z][a-z0-9-]*)\.(?<format>html|txt)\.sbn$", RegexOptions.CultureInvariant)]
    private static partial Regex PartialPattern();

    [GeneratedRegex(@"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();
}
