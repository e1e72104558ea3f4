using System.Text;

namespace Scheduler.Worker.Tests.Fuzzing;

/// <summary>
/// Deterministic mutations of a text file, the kind of damage an editor, a spreadsheet export or a bad paste does:
/// a deleted or duplicated span, swapped lines, a stray character from the format's syntax, a changed indent, a
/// truncation, a token moved elsewhere. The same seed gives the same mutations, so any failure can be replayed
/// from the seed and case number printed with it.
/// </summary>
internal sealed class TextMutator(int seed)
{
    // Characters that mean something to YAML, CSV or Scriban, plus a few that mean nothing to anyone.
    private static readonly string[] Debris =
        [":", "-", "{", "}", "[", "]", "\"", "'", ",", "#", "&", "*", "!", "|", ">", "%", "@", "`", "\t", "  ", "\n", "\r\n",
         "{{", "}}", "\0", "\u00e9", "\u200b", "\uFEFF", "\ud83c\udfe0", "-1", "0", "99999999999", "true", "null", "~", "2027-02-30"];

    private readonly Random _random = new(seed);

    /// <summary>One mutation of <paramref name="text"/>, with a short description of what was done.</summary>
    public (string Text, string What) Mutate(string text)
    {
        var lines = text.Split('\n').ToList();
        switch (_random.Next(8))
        {
            case 0:
                {
                    var (start, length) = Span(text.Length);
                    return (text.Remove(start, length), $"deleted {length} char(s) at {start}");
                }

            case 1:
                {
                    var (start, length) = Span(text.Length);
                    return (text.Insert(start, text.Substring(start, length)), $"duplicated {length} char(s) at {start}");
                }

            case 2 when lines.Count > 1:
                {
                    int a = _random.Next(lines.Count), b = _random.Next(lines.Count);
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    return (string.Join('\n', lines), $"swapped lines {a + 1} and {b + 1}");
                }

            case 3:
                {
                    var at = _random.Next(text.Length + 1);
                    var debris = Debris[_random.Next(Debris.Length)];
                    return (text.Insert(at, debris), $"inserted {Describe(debris)} at {at}");
                }

            case 4:
                {
                    var line = _random.Next(lines.Count);
                    lines[line] = _random.Next(2) == 0 ? "   " + lines[line] : lines[line].TrimStart();
                    return (string.Join('\n', lines), $"re-indented line {line + 1}");
                }

            case 5:
                {
                    var at = _random.Next(text.Length);
                    return (text[..at], $"truncated at {at}");
                }

            case 6:
                {
                    var (start, length) = Span(text.Length);
                    var moved = text.Substring(start, length);
                    var rest = text.Remove(start, length);
                    var at = _random.Next(rest.Length + 1);
                    return (rest.Insert(at, moved), $"moved {length} char(s) from {start} to {at}");
                }

            default:
                {
                    var at = _random.Next(text.Length);
                    var replacement = (char)_random.Next(32, 127);
                    var builder = new StringBuilder(text) { [at] = replacement };
                    return (builder.ToString(), $"replaced char {at} with {Describe(replacement.ToString())}");
                }
        }
    }

    private (int Start, int Length) Span(int textLength)
    {
        var start = _random.Next(Math.Max(1, textLength));
        var length = Math.Min(textLength - start, 1 + _random.Next(40));
        return (start, Math.Max(0, length));
    }

    private static string Describe(string s) =>
        string.Concat(s.Select(c => c < 32 || c > 126 ? $"\\u{(int)c:x4}" : c.ToString()));
}
