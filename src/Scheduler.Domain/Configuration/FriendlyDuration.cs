using System.Globalization;

using NodaTime;

namespace Scheduler.Domain.Configuration;

/// <summary>The unit of a <see cref="FriendlyDuration"/>.</summary>
public enum DurationUnit
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>Elapsed hours (<c>4 hours</c>), as in "attend within four hours".</summary>
    Hours,

    /// <summary>Calendar days (<c>14 days</c>), weekends and bank holidays included.</summary>
    Days,

    /// <summary>Working days (<c>2 working days</c>): weekends and bank holidays are skipped, so only a working-day calendar can add them.</summary>
    WorkingDays,

    /// <summary>Calendar weeks of seven days.</summary>
    Weeks,

    /// <summary>Calendar months (12 months after 29 February is 28 February).</summary>
    Months,

    /// <summary>Calendar years.</summary>
    Years,
}

/// <summary>
/// A duration as an estates manager writes it in config: a whole number and a unit, such as <c>1 week</c>,
/// <c>12 months</c>, <c>14 days</c>, <c>2 working days</c> or <c>4 hours</c>. Parsing accepts singular or plural
/// ("1 weeks" and "2 week" are read as meant), any letter case and extra spaces; the count is at least 1.
/// </summary>
/// <param name="Count">How many units; at least 1 for a parsed value.</param>
/// <param name="Unit">The unit.</param>
public readonly record struct FriendlyDuration(int Count, DurationUnit Unit)
{
    /// <summary>The forms <see cref="TryParse"/> accepts, worded for an error message.</summary>
    public const string AcceptedForms =
        "a whole number of at least 1 and a unit: N hour(s), N day(s), N working day(s), N week(s), N month(s) or N year(s), e.g. '2 weeks', '14 days', '1 working day'";

    /// <summary>
    /// Reads <paramref name="text"/> such as <c>2 weeks</c> or <c>1 working day</c>. Returns false (and a default
    /// value whose unit is <see cref="DurationUnit.Invalid"/>) for anything else, including a count of 0, a
    /// negative or fractional count, or an unknown unit.
    /// </summary>
    public static bool TryParse(string? text, out FriendlyDuration value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is < 2 or > 3
            || !int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count < 1)
        {
            return false;
        }

        var unit = words.Length == 3
            ? (IsWord(words[1], "working") && IsWord(words[2], "day") ? DurationUnit.WorkingDays : DurationUnit.Invalid)
            : UnitOf(words[1]);
        if (unit == DurationUnit.Invalid)
        {
            return false;
        }

        value = new FriendlyDuration(count, unit);
        return true;
    }

    /// <summary>
    /// The calendar period this duration adds to a date: days, weeks, months or years; hours become an hour
    /// period, which only a <see cref="LocalDateTime"/> can take.
    /// </summary>
    /// <exception cref="InvalidOperationException">For <see cref="DurationUnit.WorkingDays"/> (only a working-day
    /// calendar can count those) and for an invalid value.</exception>
    public Period ToPeriod() => Unit switch
    {
        DurationUnit.Hours => Period.FromHours(Count),
        DurationUnit.Days => Period.FromDays(Count),
        DurationUnit.Weeks => Period.FromWeeks(Count),
        DurationUnit.Months => Period.FromMonths(Count),
        DurationUnit.Years => Period.FromYears(Count),
        DurationUnit.WorkingDays => throw new InvalidOperationException(
            $"'{this}' counts working days, which are not a fixed period: add them with a working-day calendar."),
        _ => throw new InvalidOperationException("An invalid duration has no period."),
    };

    /// <summary>The elapsed time of an hours duration (<c>4 hours</c> is exactly four hours, whatever the clocks do).</summary>
    /// <exception cref="InvalidOperationException">For any unit but <see cref="DurationUnit.Hours"/>: days, months
    /// and working days depend on a calendar.</exception>
    public Duration ToDuration() => Unit == DurationUnit.Hours
        ? Duration.FromHours(Count)
        : throw new InvalidOperationException($"'{this}' is not elapsed time; only hours are.");

    /// <summary>The canonical text, which <see cref="TryParse"/> reads back: <c>1 week</c>, <c>2 working days</c>.</summary>
    public override string ToString()
    {
        var word = Unit switch
        {
            DurationUnit.Hours => "hour",
            DurationUnit.Days => "day",
            DurationUnit.WorkingDays => "working day",
            DurationUnit.Weeks => "week",
            DurationUnit.Months => "month",
            DurationUnit.Years => "year",
            _ => null,
        };
        return word is null
            ? "invalid"
            : string.Create(CultureInfo.InvariantCulture, $"{Count} {word}{(Count == 1 ? string.Empty : "s")}");
    }

    private static DurationUnit UnitOf(string word) =>
        IsWord(word, "hour") ? DurationUnit.Hours
        : IsWord(word, "day") ? DurationUnit.Days
        : IsWord(word, "week") ? DurationUnit.Weeks
        : IsWord(word, "month") ? DurationUnit.Months
        : IsWord(word, "year") ? DurationUnit.Years
        : DurationUnit.Invalid;

    // "week" or "weeks", any case.
    private static bool IsWord(string word, string singular) =>
        string.Equals(word, singular, StringComparison.OrdinalIgnoreCase)
        || (word.Length == singular.Length + 1
            && word.StartsWith(singular, StringComparison.OrdinalIgnoreCase)
            && (word[^1] is 's' or 'S'));
}
