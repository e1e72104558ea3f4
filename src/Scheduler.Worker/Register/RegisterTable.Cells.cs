using System.Globalization;
using System.Text.RegularExpressions;

using NodaTime;
using NodaTime.Text;

using Scheduler.Domain.Improvements;

namespace Scheduler.Worker.Register;

/// <summary>Typed readers for the cells of the current row. Each returns a usable value or marks the row failed.</summary>
internal sealed partial class RegisterTable
{
    private const int FirstYear = 1900;
    private const int LastYear = 2100;

    /// <summary>A cell that must not be empty; null (row failed) when it is.</summary>
    public string? Required(int column)
    {
        var text = _values[column];
        if (text.Length == 0)
        {
            Fail(column, $"{Name(column)} is empty; it is required");
            return null;
        }

        return text;
    }

    /// <summary>A cell that may be empty (unknown): null when empty.</summary>
    public string? Optional(int column)
    {
        var text = _values[column];
        return text.Length == 0 ? null : text;
    }

    /// <summary><c>true</c> or <c>false</c> in any case; an empty cell gives <paramref name="whenEmpty"/>, or is a problem when that is null.</summary>
    public bool Bool(int column, bool? whenEmpty = null)
    {
        var text = _values[column];
        if (text.Length == 0 && whenEmpty is { } fallback)
        {
            return fallback;
        }

        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            Fail(column, text.Length == 0 ? $"{Name(column)} is empty; it must be true or false" : $"{Name(column)} must be true or false", text, "true, false");
        }

        return false;
    }

    /// <summary>An ISO date (yyyy-MM-dd); null when the cell is empty (unknown) or wrong (row failed).</summary>
    public LocalDate? OptionalDate(int column)
    {
        var text = _values[column];
        if (text.Length == 0)
        {
            return null;
        }

        var result = LocalDatePattern.Iso.Parse(text);
        if (result.Success)
        {
            return result.Value;
        }

        Fail(column, $"{Name(column)} is not a date", text, "an ISO date yyyy-MM-dd, e.g. 2026-03-14, or an empty cell when unknown");
        return null;
    }

    /// <summary>A four-digit year from 1900 to 2100; null when the cell is empty (unknown) or wrong (row failed).</summary>
    public int? OptionalYear(int column)
    {
        var text = _values[column];
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length == 4
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && year is >= FirstYear and <= LastYear)
        {
            return year;
        }

        Fail(column, $"{Name(column)} is not a year", text, $"a four-digit year from {FirstYear} to {LastYear}, e.g. 2009, or an empty cell when unknown");
        return null;
    }

    /// <summary>
    /// An improvement component's install or last-replaced year (<c>windows_year</c> …): a four-digit year from 1900
    /// to 2100 or an ISO date of which only the year counts (<see cref="ImprovementEligibility.TryParseYear"/>). An
    /// empty cell is fine (unknown: survey needed); anything else is a problem. Returns the year; null when empty or wrong.
    /// </summary>
    public int? ComponentYear(int column)
    {
        var text = _values[column];
        if (text.Length == 0)
        {
            return null;
        }

        if (ImprovementEligibility.TryParseYear(text, out var year))
        {
            return year;
        }

        Fail(column, $"{Name(column)} is not a year", text,
            $"a four-digit year from {FirstYear} to {LastYear}, e.g. 1997, an ISO date yyyy-MM-dd, or an empty cell when unknown (survey needed)");
        return null;
    }

    /// <summary>A condition score (<c>condition</c>, <c>kitchen_condition</c> …): 1 (good) to 5 (worst), or an empty cell when none is given.</summary>
    public void ConditionScore(int column)
    {
        var text = _values[column];
        if (text.Length > 0 && !ImprovementEligibility.TryParseCondition(text, out _))
        {
            Fail(column, $"{Name(column)} is not a condition score", text, "a whole number from 1 (good) to 5 (worst), or an empty cell when not surveyed");
        }
    }

    /// <summary>One of <paramref name="choices"/> (case-insensitive); <typeparamref name="T"/>'s default (row failed) otherwise.</summary>
    public T Choice<T>(int column, IReadOnlyList<(string Text, T Value)> choices)
        where T : struct
    {
        var text = _values[column];
        for (var i = 0; i < choices.Count; i++)
        {
            if (text.Equals(choices[i].Text, StringComparison.OrdinalIgnoreCase))
            {
                return choices[i].Value;
            }
        }

        var accepted = string.Join(", ", choices.Select(c => c.Text));
        Fail(column, text.Length == 0 ? $"{Name(column)} is empty; it is required" : $"{Name(column)} is not one of the accepted values", text, accepted);
        return default;
    }

    /// <summary>
    /// An id in <paramref name="column"/> that must be one of <paramref name="target"/>'s ids. An empty cell gives
    /// null: a problem unless <paramref name="optional"/>. An unknown id is a problem and gives null. When <paramref name="target"/> is null (its file could
    /// not be read) the reference is not checked, so one bad file does not flood the report.
    /// </summary>
    public string? Reference(int column, RegisterTable? target, bool optional = false)
    {
        var id = _values[column];
        if (id.Length == 0)
        {
            if (!optional)
            {
                Fail(column, $"{Name(column)} is empty; it is required");
            }

            return null;
        }

        if (target is null)
        {
            return id;
        }

        if (!target.TryGetSharedId(id, out var shared))
        {
            var known = target.Ids.Count is > 0 and <= 20 ? string.Join(", ", target.Ids.Keys) : null;
            Fail(column, $"{Name(column)} '{id}' is not in {Path.GetFileName(target.File)}", id, known);
            return null;
        }

        // Every row that refers to the same row shares that row's own id string (in its attributes too), so
        // 300,000 homes carry 30 area_id strings rather than 300,000 copies: less memory and fewer cache misses.
        _values[column] = shared;
        return shared;
    }

    /// <summary>The longest email address a mail server takes: RFC 5321's 256 octets of a path, less its angle brackets.</summary>
    public const int MaxEmailLength = 254;

    /// <summary>
    /// An email address: one @ with something before it, a domain of dot-separated labels after it (at least one
    /// dot), no spaces, commas, semicolons or angle brackets, and at most <see cref="MaxEmailLength"/> characters; null
    /// when empty. Deliverability is not checked. A problem says what is wrong (<see cref="WhyNotAnEmail"/>) and where,
    /// never the address (a tenant's: personal data).
    /// </summary>
    public string? OptionalEmail(int column)
    {
        var text = _values[column];
        if (text.Length == 0)
        {
            return null;
        }

        if (WhyNotAnEmail(text) is { } why)
        {
            Fail(column, $"{Name(column)} is not an email address: {why}", text, $"one address like name@example.org, of at most {MaxEmailLength} characters, or an empty cell");
            return null;
        }

        return text;
    }

    /// <summary>
    /// Why <paramref name="text"/> is not an email address the register takes, in words that do not quote it (the
    /// first thing wrong, with the character's position where there is one); null when it is one.
    /// </summary>
    internal static string? WhyNotAnEmail(string text)
    {
        if (text.Length > MaxEmailLength)
        {
            return $"longer than {MaxEmailLength} characters (it has {text.Length})";
        }

        if (EmailPattern().IsMatch(text))
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var what = text[i] switch
            {
                _ when char.IsWhiteSpace(text[i]) => "a space",
                ',' => "a comma (one address only)",
                ';' => "a semicolon (one address only)",
                '<' or '>' => "an angle bracket (the bare address only, without a name)",
                _ => null,
            };
            if (what is not null)
            {
                return $"{what} at character {i + 1}";
            }
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return "no '@'";
        }

        var second = text.IndexOf('@', at + 1);
        if (second >= 0)
        {
            return $"a second '@' at character {second + 1}";
        }

        if (at == 0)
        {
            return "nothing before the '@'";
        }

        var domain = text[(at + 1)..];
        if (domain.Length == 0)
        {
            return "nothing after the '@'";
        }

        return !domain.Contains('.', StringComparison.Ordinal)
            ? "no dot after the '@' (a domain such as example.org has one)"
            : "an empty part in the domain after the '@' (a dot at its start or end, or two dots together)";
    }

    /// <summary>A language tag such as <c>en</c>, <c>pl</c> or <c>pa-IN</c>; <c>en</c> when the cell is empty.</summary>
    public string Language(int column)
    {
        var text = _values[column];
        if (text.Length == 0)
        {
            return "en";
        }

        var valid = LanguagePattern().IsMatch(text);
        if (!valid)
        {
            Fail(column, $"{Name(column)} is not a language tag", text, "a language code such as en, pl, ur, pa, so, ro (empty means en)");
            return "en";
        }

        return text;
    }

    [GeneratedRegex(@"^[^@\s,;<>]+@[^@\s,;<>.]+(\.[^@\s,;<>.]+)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*\z", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();
}
