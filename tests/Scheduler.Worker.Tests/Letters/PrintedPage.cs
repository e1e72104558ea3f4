using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Worker.Tests.Letters;

/// <summary>
/// Reads one letter of a printed batch file as a printer would size it: the style sheet's rules for the address block
/// (a large-print page's rule over the plain one), the letter's own inline font size, and every other font size inside
/// it. Sizes are in points; an <c>em</c> size is relative to the letter's own.
/// </summary>
internal sealed partial record PrintedPage(double AddressPoints, double AddressLineHeight, IReadOnlyList<string> AddressLines, double BodyPoints, IReadOnlyList<double> OtherPoints, string Section)
{
    /// <summary>The envelope window's height in points (35 mm).</summary>
    public const double WindowPoints = 35 / 25.4 * 72;

    /// <summary>The smallest size any text of the letter is printed at.</summary>
    public double SmallestPoints => OtherPoints.Append(AddressPoints).Append(BodyPoints).Min();

    /// <summary>How tall the address lines stand.</summary>
    public double AddressHeightPoints => AddressLines.Count * AddressPoints * AddressLineHeight;

    public static PrintedPage Read(string file, string markerId)
    {
        var css = Style().Match(file).Groups[1].Value;
        var section = Regex.Match(file, $"<!-- letter begin: {Regex.Escape(markerId)} -->\n(.*?)<!-- letter end: ", RegexOptions.Singleline).Groups[1].Value;
        Assert.NotEmpty(section);
        var large = section.StartsWith("<section class=\"letter large\"", StringComparison.Ordinal);
        var address = Declarations(css, ".address");
        if (large)
        {
            foreach (var (property, value) in Declarations(css, ".letter.large .address"))
            {
                address[property] = value;
            }
        }

        var block = AddressBlock().Match(section);
        Assert.True(block.Success);
        var lines = Paragraph().Matches(block.Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
        var content = section[section.IndexOf("<div class=\"content\">", StringComparison.Ordinal)..];
        var sizes = FontSize().Matches(content).Select(m => (Value: Number(m.Groups[1].Value), Unit: m.Groups[2].Value)).ToList();
        Assert.Equal("pt", sizes[0].Unit);
        var body = sizes[0].Value;
        Assert.All(sizes, s => Assert.Contains(s.Unit, new[] { "pt", "em" }));
        var others = sizes.Skip(1).Select(s => s.Unit == "em" ? s.Value * body : s.Value).ToList();
        return new PrintedPage(Points(address["font-size"]), Number(address["line-height"]), lines, body, others, section);
    }

    private static Dictionary<string, string> Declarations(string css, string selector)
    {
        var rule = Regex.Match(css, $@"(?:^|\n)\s*{Regex.Escape(selector)}\s*\{{([^}}]*)\}}");
        Assert.True(rule.Success, $"no rule for {selector}");
        return rule.Groups[1].Value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(':', 2, StringSplitOptions.TrimEntries))
            .ToDictionary(d => d[0], d => d[1], StringComparer.Ordinal);
    }

    private static double Points(string value)
    {
        Assert.EndsWith("pt", value, StringComparison.Ordinal);
        return Number(value[..^2]);
    }

    private static double Number(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex Style();

    [GeneratedRegex("<div class=\"address\">\n(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex AddressBlock();

    [GeneratedRegex("<p>(.*?)</p>")]
    private static partial Regex Paragraph();

    [GeneratedRegex(@"font-size:\s*([0-9.]+)([a-z%]*)")]
    private static partial Regex FontSize();
}
