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
    public void Write(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _line.Clear();
        var used = Append(name, 0);
        used = Append(":", used);
        Append(value, used);
        _line.Append("\r\n");
        output.Write(_line);
    }

    /// <summary>Writes a TEXT property: <paramref name="text"/> is escaped with <see cref="EscapeText"/>.</summary>
    public void WriteText(string name, string text) => Write(name, EscapeText(text));

    /// <summary>Writes one whole content line, folding it as needed.</summary>
    public void WriteLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _line.Clear();
        Append(line, 0);
        _line.Append("\r\n");
        output.Write(_line);
    }

    /// <summary>
    /// Appends <paramref name="text"/> to the line being built, whose current physical line already holds
    /// <paramref name="used"/> octets, folding before a character that would take it past 75; returns the octets
    /// the current physical line holds after it.
    /// </summary>
    private int Append(ReadOnlySpan<char> text, int used)
    {
        if (System.Text.Ascii.IsValid(text) && used + text.Length <= MaxLineOctets)
        {
            // Every character one octet and no fold needed: as the loop below would write it.
            _line.Append(text);
            return used + text.Length;
        }

        Span<char> utf16 = stackalloc char[2];
        foreach (var rune in text.EnumerateRunes())
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

        return used;
    }

    /// <summary>
    /// Escapes a TEXT value (§3.3.11): backslash, semicolon and comma get a backslash, a line break (CRLF, LF or CR)
    /// becomes <c>\n</c>; other control characters, which TEXT may not hold, are dropped.
    /// </summary>
    public static string EscapeText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!NeedsEscaping(text))
        {
            return text;
        }

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

    /// <summary>True when <see cref="EscapeText"/> would change <paramref name="text"/>: it holds a character it escapes or drops.</summary>
    private static bool NeedsEscaping(string text)
    {
        foreach (var ch in text)
        {
            if (ch is '\\' or ';' or ',' || (char.IsControl(ch) && ch != '\t'))
            {
                return true;
            }
        }

        return false;
    }
}
