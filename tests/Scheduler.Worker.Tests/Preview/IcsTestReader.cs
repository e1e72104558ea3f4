using System.Text;

namespace Scheduler.Worker.Tests.Preview;

/// <summary>One unfolded iCalendar content line: <c>NAME;PARAMS:VALUE</c>.</summary>
internal sealed record IcsProperty(string Name, string Parameters, string Value);

/// <summary>
/// A deliberately tiny RFC 5545 reader for the tests: splits on CRLF, unfolds continuation lines, splits each
/// content line into name, parameters and value, and groups VEVENTs. It knows nothing of the renderer.
/// </summary>
internal static class IcsTestReader
{
    /// <summary>The physical lines; fails the test unless every line ends in CRLF and no bare CR or LF occurs.</summary>
    public static IReadOnlyList<string> PhysicalLines(string text)
    {
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var lines = text[..^2].Split("\r\n");
        Assert.All(lines, l => Assert.False(l.Contains('\r', StringComparison.Ordinal) || l.Contains('\n', StringComparison.Ordinal), $"bare CR or LF in: {l}"));
        return lines;
    }

    /// <summary>The unfolded content lines, parsed.</summary>
    public static IReadOnlyList<IcsProperty> Properties(string text)
    {
        var logical = new List<StringBuilder>();
        foreach (var line in PhysicalLines(text))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                Assert.NotEmpty(logical);
                logical[^1].Append(line, 1, line.Length - 1);
            }
            else
            {
                logical.Add(new StringBuilder(line));
            }
        }

        return logical.Select(l => Parse(l.ToString())).ToList();
    }

    /// <summary>The VEVENTs, each as its properties by name (a name repeated within an event fails the test).</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, IcsProperty>> Events(IReadOnlyList<IcsProperty> properties)
    {
        var events = new List<IReadOnlyDictionary<string, IcsProperty>>();
        Dictionary<string, IcsProperty>? current = null;
        foreach (var p in properties)
        {
            if (p is { Name: "BEGIN", Value: "VEVENT" })
            {
                Assert.Null(current);
                current = new Dictionary<string, IcsProperty>(StringComparer.Ordinal);
            }
            else if (p is { Name: "END", Value: "VEVENT" })
            {
                Assert.NotNull(current);
                events.Add(current);
                current = null;
            }
            else if (current is not null)
            {
                Assert.True(current.TryAdd(p.Name, p), $"{p.Name} twice in one event");
            }
        }

        Assert.Null(current);
        return events;
    }

    /// <summary>Undoes TEXT escaping (§3.3.11); fails on a lone backslash or an unescaped comma or semicolon.</summary>
    public static string UnescapeText(string value)
    {
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            Assert.False(ch is ';' or ',', $"unescaped '{ch}' in TEXT value: {value}");
            if (ch != '\\')
            {
                text.Append(ch);
                continue;
            }

            Assert.True(i + 1 < value.Length, $"lone backslash at the end of: {value}");
            var next = value[++i];
            text.Append(next switch
            {
                'n' or 'N' => '\n',
                '\\' or ';' or ',' => next,
                _ => throw new Xunit.Sdk.XunitException($"bad escape \\{next} in: {value}"),
            });
        }

        return text.ToString();
    }

    private static IcsProperty Parse(string line)
    {
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (line[i] == ':' && !inQuotes)
            {
                var head = line[..i];
                var semicolon = head.IndexOf(';', StringComparison.Ordinal);
                return semicolon < 0
                    ? new IcsProperty(head, string.Empty, line[(i + 1)..])
                    : new IcsProperty(head[..semicolon], head[(semicolon + 1)..], line[(i + 1)..]);
            }
        }

        throw new Xunit.Sdk.XunitException($"content line without a colon: {line}");
    }
}
