using System.Text;

namespace Scheduler.Worker.Preview;

/// <summary>
/// Writes iCalendar (RFC 5545) content lines: each ends in CRLF and is folded so that no physical line is longer
/// than 75 octets of UTF-8 (§3.1), continuation lines starting with one space. A fold never falls inside a
/// character's UTF-8 sequence, nor between the halves of a surrogate pair. Each content line reaches
/// <c>output</c> in one write, which matters when it is an unbuffered console.
/// </summary>
internal sealed class IcsContentWriter(TextWriter output)
{
    private readonly StringBuilder _line = new(256);

    /// <summary>The longest physical line allowed, in octets, not counting its CRLF.</summary>
    public const int MaxLineOctets = 75;

    /// <summary>Writes <c>name:value</c>; <paramref name="value"/> must already be in its value type's syntax.</summary>
    public void Write(string name, string value) => WriteLine(string.Concat(name, ":", value));

    /// <summary>Writes a TEXT property: <paramref name="text"/> is escaped with <see cref="EscapeText"/>.</summary>
    public void WriteText(string name, string text) => Write(name, EscapeText(text));

    /// <summary>Writes one whole content line, folding it as needed.</summary>
    public void WriteLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _line.Clear();
        Span<char> utf16 = stackalloc char[2];
        var used = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var octets = rune.Utf8SequenceLength;
            if (used + octets > MaxLineOctets)
            {
                _line.Append("\r\n ");
                used = 1;
            }

            // A lone surrogate arrives as U+FFFD and is written as such, as a UTF-8 encoder would.
            _line.Append(utf16[..rune.EncodeToUtf16(utf16)]);
            used += octets;
        }

        _line.Append("\r\n");
        output.Write(_line);
    }

    /// <summary>
    /// Escapes a TEXT value (§3.3.11): backslash, semicolon and comma get a backslash, a line break (CRLF, LF or CR)
    /// becomes <c>\n</c>; other control characters, which TEXT may not hold, are dropped.
    /// </summary>
    public static string EscapeText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            switch (ch)
            {
                case '\\' or ';' or ',':
                    escaped.Append('\\').Append(ch);
                    break;
                case '\r':
                    escaped.Append("\\n");
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n':
                    escaped.Append("\\n");
                    break;
                case '\t':
                    escaped.Append(ch);
                    break;
                default:
                    if (!char.IsControl(ch))
                    {
                        escaped.Append(ch);
                    }

                    break;
            }
        }

        return escaped.ToString();
    }
}
