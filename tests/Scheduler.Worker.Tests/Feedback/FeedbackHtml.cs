using System.Text.RegularExpressions;

namespace Scheduler.Worker.Tests.Feedback;

/// <summary>
/// Checks on the feedback page's HTML (plain HTML5, so not XML: <c>&lt;br&gt;</c>, <c>checked</c>): every element is
/// closed in order (void elements aside), every attribute is quoted and named once, no raw angle bracket is left in
/// the text, and the form is labelled: every field a contractor fills in (not hidden) inside its <c>&lt;label&gt;</c>,
/// every <c>&lt;fieldset&gt;</c> opening with its <c>&lt;legend&gt;</c>, every button with words.
/// </summary>
internal static partial class FeedbackHtml
{
    private static readonly HashSet<string> Void = ["meta", "br", "input"];

    public static void AssertWellFormedAndLabelled(string html)
    {
        const string Doctype = "<!DOCTYPE html>";
        Assert.StartsWith(Doctype, html, StringComparison.Ordinal);
        var open = new Stack<string>();
        var position = Doctype.Length;
        string? previous = null;
        foreach (Match tag in Tag().Matches(html, position))
        {
            var text = html[position..tag.Index];
            Assert.True(!text.Contains('<', StringComparison.Ordinal) && !text.Contains('>', StringComparison.Ordinal), $"raw angle bracket in text at {position}: {text}");
            position = tag.Index + tag.Length;
            var name = tag.Groups["name"].Value;
            if (tag.Groups["close"].Success)
            {
                Assert.True(open.Count > 0 && open.Peek() == name, $"</{name}> at {tag.Index} closes <{(open.Count > 0 ? open.Peek() : "nothing")}>");
                Assert.False(name == "button" && previous == "button" && text.Trim().Length == 0, $"an empty button at {tag.Index}");
                open.Pop();
                previous = "/" + name;
                continue;
            }

            var attributes = Attribute().Matches(tag.Groups["attributes"].Value).Select(a => a.Groups["name"].Value).ToList();
            Assert.Equal(attributes.Count, attributes.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(tag.Groups["attributes"].Value.Trim(), string.Join(' ', Attribute().Matches(tag.Groups["attributes"].Value).Select(a => a.Value.Trim())));
            Assert.False(previous == "fieldset" && name != "legend", $"<fieldset> at {tag.Index} does not open with its <legend>");
            var hidden = name == "input" && tag.Value.Contains("type=\"hidden\"", StringComparison.Ordinal);
            if (name is "input" or "select" or "textarea" && !hidden)
            {
                Assert.True(open.Contains("label"), $"<{name}> at {tag.Index} has no label: {tag.Value}");
            }

            if (!Void.Contains(name))
            {
                open.Push(name);
            }

            previous = name;
        }

        Assert.Equal(html.Length, position);
        Assert.EndsWith("</html>", html, StringComparison.Ordinal);
        Assert.Empty(open);
    }

    [GeneratedRegex("<(?<close>/)?(?<name>[a-z][a-z0-9]*)(?<attributes>(?:\\s+[a-z-]+(?:=\"[^\"<>]*\")?)*)\\s*>")]
    private static partial Regex Tag();

    [GeneratedRegex("\\s+(?<name>[a-z-]+)(?:=\"[^\"<>]*\")?")]
    private static partial Regex Attribute();
}
