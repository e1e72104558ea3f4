using System.Text.RegularExpressions;

namespace Scheduler.Domain.Tests.Docs;

/// <summary>
/// Checks that every relative markdown link in a set of pages resolves (the README's and docs/*.md's: <see cref="DocLinksTests"/>).
/// A link <c>[text](path)</c> must name a file or folder that exists (relative to the page), and <c>[text](path#anchor)</c>
/// or <c>[text](#anchor)</c> a heading of that markdown page by GitHub's anchor rule: the heading's text (inline code and
/// links reduced to their text, inline HTML and emphasis dropped) in lower case, every character that is not a letter,
/// digit, space, <c>-</c> or <c>_</c> dropped, spaces turned into <c>-</c>; a repeated heading gets <c>-1</c>, <c>-2</c>, ...
/// in order. <c>&lt;a id="..."&gt;</c> and <c>&lt;a name="..."&gt;</c> count as anchors too. Links to http(s), mailto and other
/// schemes, and anything inside code (fenced blocks and <c>inline code</c>), are not checked. (Until session 27 this was
/// <c>scripts/check-doc-links.py</c>, which nothing ran.)
/// </summary>
internal static partial class DocLinks
{
    /// <summary>A link that does not resolve: the page (relative to the root, with <c>/</c>), its line, the target and why.</summary>
    public sealed record Broken(string Page, int Line, string Target, string Why)
    {
        public override string ToString() => $"{Page}:{Line}: {Target}: {Why}";
    }

    /// <summary>The pages the test checks: README.md and docs/*.md under <paramref name="root"/>, in order.</summary>
    public static IReadOnlyList<string> Pages(string root) =>
        [Path.Combine(root, "README.md"), .. Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal)];

    /// <summary>Checks every relative link of <paramref name="pages"/>; how many were checked and those that are broken.</summary>
    public static (int Checked, IReadOnlyList<Broken> Broken) Check(string root, IReadOnlyList<string> pages)
    {
        var anchorsOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var broken = new List<Broken>();
        var checkedCount = 0;
        foreach (var page in pages)
        {
            foreach (var (line, target) in Links(page))
            {
                if (Scheme().IsMatch(target))
                {
                    continue; // http:, https:, mailto:, ...
                }

                checkedCount++;
                var hash = target.IndexOf('#', StringComparison.Ordinal);
                var filePart = hash < 0 ? target : target[..hash];
                var anchor = hash < 0 ? string.Empty : target[(hash + 1)..];
                var destination = filePart.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, filePart));
                string? why = null;
                if (!File.Exists(destination) && !Directory.Exists(destination))
                {
                    why = "no such file";
                }
                else if (anchor.Length > 0)
                {
                    if (!string.Equals(Path.GetExtension(destination), ".md", StringComparison.Ordinal))
                    {
                        why = "anchor into a file that is not markdown";
                    }
                    else
                    {
                        if (!anchorsOf.TryGetValue(destination, out var anchors))
                        {
                            anchors = Anchors(destination);
                            anchorsOf[destination] = anchors;
                        }

                        if (!anchors.Contains(anchor))
                        {
                            why = "no such heading";
                        }
                    }
                }

                if (why is not null)
                {
                    broken.Add(new Broken(Path.GetRelativePath(root, page).Replace('\\', '/'), line, target, why));
                }
            }
        }

        return (checkedCount, broken);
    }

    /// <summary>The anchor GitHub gives a heading with this text (before a repeat's <c>-1</c>, <c>-2</c>, ...).</summary>
    public static string Slug(string title)
    {
        var text = HeadingText(title).ToLowerInvariant();
        var kept = new string([.. text.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')]);
        return kept.Replace(' ', '-');
    }

    private static string HeadingText(string title)
    {
        title = InlineCodeText().Replace(title, "$1");
        title = LinkText().Replace(title, "$1");
        title = HtmlTag().Replace(title, string.Empty);
        title = title.Replace("**", string.Empty, StringComparison.Ordinal).Replace("*", string.Empty, StringComparison.Ordinal);
        return title.Trim();
    }

    private static HashSet<string> Anchors(string path)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, line) in OutsideFences(path))
        {
            if (Heading().Match(line) is { Success: true } heading)
            {
                var slug = Slug(heading.Groups[2].Value);
                var n = seen.GetValueOrDefault(slug);
                found.Add(n == 0 ? slug : $"{slug}-{n}");
                seen[slug] = n + 1;
            }

            foreach (Match a in HtmlAnchor().Matches(line))
            {
                found.Add(a.Groups[1].Value);
            }
        }

        return found;
    }

    private static IEnumerable<(int Line, string Target)> Links(string path)
    {
        foreach (var (number, line) in OutsideFences(path))
        {
            foreach (Match m in Link().Matches(InlineCode().Replace(line, string.Empty)))
            {
                yield return (number, m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
            }
        }
    }

    // The lines of a page, numbered from 1, that are not in a fenced code block (nor its fences).
    private static IEnumerable<(int Number, string Line)> OutsideFences(string path)
    {
        var inFence = false;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (Fence().IsMatch(line))
            {
                inFence = !inFence;
                continue;
            }

            if (!inFence)
            {
                yield return (number, line);
            }
        }
    }

    [GeneratedRegex("""(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+"[^"]*")?\)|!\[[^\]]*\]\(([^)\s]+)\)""", RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    [GeneratedRegex(@"^\s*(```|~~~)", RegexOptions.CultureInvariant)]
    private static partial Regex Fence();

    [GeneratedRegex("`[^`]*`", RegexOptions.CultureInvariant)]
    private static partial Regex InlineCode();

    [GeneratedRegex("`([^`]*)`", RegexOptions.CultureInvariant)]
    private static partial Regex InlineCodeText();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex LinkText();

    [GeneratedRegex("<[^>]+>", RegexOptions.CultureInvariant)]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"^(#{1,6})\s+(.*?)\s*#*\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    [GeneratedRegex(@"<a\s+(?:id|name)=""([^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex HtmlAnchor();

    [GeneratedRegex("^[a-z][a-z0-9+.-]*:", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Scheme();
}
