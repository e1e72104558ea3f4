using System.Text;

namespace Scheduler.Worker.Email;

/// <summary>Escapes text for HTML element content and quoted attribute values.</summary>
public static class HtmlText
{
    /// <summary>
    /// Replaces <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>, <c>"</c> and <c>'</c> with character references; every other
    /// character (accents, line breaks) is kept as it is. Safe inside element content and inside attribute values
    /// quoted with either quote; not for URLs, scripts or styles.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var ch in text)
        {
            escaped.Append(ch switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            } ?? ch.ToString());
        }

        return escaped.ToString();
    }
}
