using System.Globalization;

using NodaTime;
using NodaTime.Text;

using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// Typed values read from a <see cref="ConfigNode"/>. Each returns null after reporting the node, the value
/// found and the accepted forms, so a caller can go on and find the next problem.
/// </summary>
internal static class ConfigNodeValues
{
    /// <summary>The accepted form of an id, worded for an error message.</summary>
    public const string AcceptedId = "lower-case letters, digits and hyphens, starting with a letter or digit, e.g. grass-cut";

    /// <summary>An id: lower-case letters, digits and hyphens (it appears in references, file names and calendar UIDs).</summary>
    public static string? AsId(this ConfigNode node, string what)
    {
        var text = node.AsText(what);
        if (text is null)
        {
            return null;
        }

        if (!char.IsAsciiLetterLower(text[0]) && !char.IsAsciiDigit(text[0])
            || !text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            node.Error($"{what} is not a valid id", text, AcceptedId);
            return null;
        }

        return text;
    }

    /// <summary>A YAML boolean: <c>true</c> or <c>false</c> (also <c>True</c>, <c>TRUE</c>, <c>False</c>, <c>FALSE</c>).</summary>
    public static bool? AsBool(this ConfigNode node, string what)
    {
        var text = node.AsText(what);
        switch (text)
        {
            case null:
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                node.Error($"{what} must be true or false", text, "true, false");
                return null;
        }
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/> inclusive.</summary>
    public static int? AsInt(this ConfigNode node, string what, int min, int max)
    {
        var text = node.AsText(what);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            node.Error($"{what} must be a whole number from {min} to {max}", text, $"{min}–{max}");
            return null;
        }

        return value;
    }

    /// <summary>A friendly duration whose unit is one of <paramref name="units"/>.</summary>
    public static FriendlyDuration? AsDuration(this ConfigNode node, string what, params DurationUnit[] units)
    {
        var text = node.AsText(what);
        if (text is null)
        {
            return null;
        }

        if (!FriendlyDuration.TryParse(text, out var duration))
        {
            node.Error($"{what} is not a duration", text, AcceptedUnits(units));
            return null;
        }

        if (!units.Contains(duration.Unit))
        {
            node.Error($"{what} cannot be counted in {UnitWords(duration.Unit)}", text, AcceptedUnits(units));
            return null;
        }

        return duration;
    }

    /// <summary>The accepted forms for a duration limited to <paramref name="units"/>, e.g. "N week(s) or N month(s)".</summary>
    public static string AcceptedUnits(IReadOnlyList<DurationUnit> units)
    {
        var forms = units.Select(u => $"N {UnitWords(u)[..^1]}(s)").ToList();
        var list = forms.Count == 1 ? forms[0] : $"{string.Join(", ", forms.Take(forms.Count - 1))} or {forms[^1]}";
        return $"{list}, where N is a whole number of at least 1, e.g. '{new FriendlyDuration(2, units[0])}'";
    }

    /// <summary>A month name (<c>Jan</c>…<c>Dec</c> or the full name, any case) as 1–12.</summary>
    public static int? AsMonth(this ConfigNode node, string what)
    {
        var text = node.AsText(what);
        if (text is null)
        {
            return null;
        }

        var month = CalendarNames.Month(text);
        if (month is null)
        {
            node.Error($"{what} is not a month", text, CalendarNames.AcceptedMonths);
        }

        return month;
    }

    /// <summary>A non-empty list of month names, every bad one reported.</summary>
    public static IReadOnlyList<int>? AsMonthList(this ConfigNode node, string what)
    {
        var items = node.AsList(what);
        if (items is null)
        {
            return null;
        }

        if (items.Count == 0)
        {
            node.Error($"{what} is empty; list at least one month", null, CalendarNames.AcceptedMonths);
            return null;
        }

        var months = items.Select(item => item.AsMonth($"an entry of {what}")).ToList();
        return months.Any(m => m is null) ? null : [.. months.Select(m => m!.Value)];
    }

    /// <summary>A weekday (Monday–Friday, or its first three letters, any case); weekend days are refused.</summary>
    public static IsoDayOfWeek? AsWeekday(this ConfigNode node, string what)
    {
        var text = node.AsText(what);
        if (text is null)
        {
            return null;
        }

        switch (CalendarNames.Day(text))
        {
            case null:
                node.Error($"{what} is not a day of the week", text, CalendarNames.AcceptedWeekdays);
                return null;
            case IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday:
                node.Error($"{what} must be a working day: visits are not booked at weekends", text, CalendarNames.AcceptedWeekdays);
                return null;
            case var day:
                return day;
        }
    }

    /// <summary>An ISO date, <c>yyyy-mm-dd</c>.</summary>
    public static LocalDate? AsDate(this ConfigNode node, string what)
    {
        var text = node.AsText(what);
        if (text is null)
        {
            return null;
        }

        var parsed = LocalDatePattern.Iso.Parse(text);
        if (!parsed.Success)
        {
            node.Error($"{what} is not a date", text, "an ISO date yyyy-mm-dd, e.g. 2027-01-06");
            return null;
        }

        return parsed.Value;
    }

    /// <summary>The accepted form of a time of day, worded for an error message.</summary>
    public const string AcceptedTime = "a 24-hour time hh:mm from 00:00 to 23:59, e.g. \"08:00\" or \"17:30\"";

    private static readonly LocalTimePattern TimeOfDay = LocalTimePattern.CreateWithInvariantCulture("H:mm");

    /// <summary>A local time of day, 24-hour <c>hh:mm</c> (<c>08:00</c>; one-digit hours such as <c>8:00</c> also read).</summary>
    public static LocalTime? AsTimeOfDay(this ConfigNode node, string what)
    {
        var text = node.AsText(what);
        if (text is null)
        {
            return null;
        }

        var parsed = TimeOfDay.Parse(text);
        if (!parsed.Success)
        {
            node.Error($"{what} is not a time of day", text, AcceptedTime);
            return null;
        }

        return parsed.Value;
    }

    /// <summary>One of <paramref name="choices"/>' keys, exactly as written there (e.g. <c>per-order</c>).</summary>
    public static T? AsChoice<T>(this ConfigNode node, string what, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var text = node.AsText(what);
        if (text is null)
        {
            return null;
        }

        if (!choices.TryGetValue(text, out var value))
        {
            node.Error($"{what} is not one of the accepted values", text, string.Join(", ", choices.Keys));
            return null;
        }

        return value;
    }

    /// <summary>A list of single values (e.g. area codes); every bad item reported. Empty only when <paramref name="allowEmpty"/>.</summary>
    public static IReadOnlyList<string>? AsTextList(this ConfigNode node, string what, bool allowEmpty = false)
    {
        var items = node.AsList(what);
        if (items is null)
        {
            return null;
        }

        if (items.Count == 0 && !allowEmpty)
        {
            node.Error($"{what} is empty; list at least one");
            return null;
        }

        var texts = items.Select(item => item.AsText($"an entry of {what}")).ToList();
        return texts.Any(t => t is null) ? null : [.. texts.Select(t => t!)];
    }

    /// <summary>A plausible email address: one '@' with text either side and a dot in the domain.</summary>
    public static string? AsEmail(this ConfigNode node, string what)
    {
        var text = node.AsText(what);
        if (text is null)
        {
            return null;
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        var domain = at > 0 ? text[(at + 1)..] : string.Empty;
        if (at <= 0 || domain.Length == 0 || domain.Contains('@', StringComparison.Ordinal)
            || !domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.')
            || text.Any(char.IsWhiteSpace))
        {
            node.Error($"{what} is not an email address", text, "an address such as jobs@contractor.example");
            return null;
        }

        return text;
    }

    private static string UnitWords(DurationUnit unit) => unit switch
    {
        DurationUnit.Hours => "hours",
        DurationUnit.Days => "days",
        DurationUnit.WorkingDays => "working days",
        DurationUnit.Weeks => "weeks",
        DurationUnit.Months => "months",
        DurationUnit.Years => "years",
        _ => "units",
    };
}
