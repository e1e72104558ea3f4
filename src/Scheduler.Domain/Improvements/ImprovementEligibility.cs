using System.Globalization;
using NodaTime.Text;
using Scheduler.Domain.Estate;

namespace Scheduler.Domain.Improvements;

/// <summary>Reads each component's install year and condition score from a home's register row and works out its eligibility.</summary>
public static class ImprovementEligibility
{
    /// <summary>The earliest install year accepted (the register's own rule for year columns).</summary>
    public const int MinYear = 1900;

    /// <summary>The latest install year accepted.</summary>
    public const int MaxYear = 2100;

    /// <summary>
    /// The eligibility of <paramref name="component"/> in <paramref name="home"/>. Its condition score is the
    /// component's own <c>&lt;component&gt;_condition</c> when given, else the home's <c>condition</c> (the last home
    /// MOT's score for the whole home), else none. The kitchen, bathroom and boiler
    /// years come from the register's typed columns (<see cref="Home.KitchenYear"/> ...); any other component's from
    /// <see cref="ImprovementComponents.YearColumns"/> in <see cref="Asset.Attributes"/>, which may hold a four-digit
    /// year or an ISO date (only its year is used). A missing column, an empty cell or a value that is neither gives
    /// an unknown year with a note saying which — never a guess.
    /// </summary>
    /// <param name="home">The home.</param>
    /// <param name="component">The component id.</param>
    /// <param name="lifetimeYears">The component's lifetime from config, at least 1.</param>
    public static ComponentEligibility Assess(Home home, string component, int lifetimeYears)
    {
        ArgumentNullException.ThrowIfNull(home);
        Check.NotEmpty(component, nameof(component));
        Check.Positive(lifetimeYears, nameof(lifetimeYears));
        var notes = new List<string>();
        var year = component switch
        {
            ImprovementComponents.Kitchen => Typed(home.KitchenYear, "kitchen_year", notes),
            ImprovementComponents.Bathroom => Typed(home.BathroomYear, "bathroom_year", notes),
            ImprovementComponents.Boiler => Typed(home.BoilerYear, "boiler_year", notes),
            _ => FromAttributes(home, component, notes),
        };
        var condition = Condition(home, component, notes);
        return new ComponentEligibility(home.Id, home.AreaId, component, lifetimeYears, year, condition, notes);
    }

    /// <summary>The eligibility of every component in <paramref name="lifetimes"/> (component → years), in ordinal component order.</summary>
    public static IReadOnlyList<ComponentEligibility> Assess(Home home, IReadOnlyDictionary<string, int> lifetimes)
    {
        ArgumentNullException.ThrowIfNull(lifetimes);
        return [.. lifetimes.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => Assess(home, l.Key, l.Value))];
    }

    private static int? Typed(int? year, string column, List<string> notes)
    {
        if (year is null)
        {
            notes.Add($"{column} is empty");
        }

        return year;
    }

    private static int? FromAttributes(Home home, string component, List<string> notes)
    {
        var columns = ImprovementComponents.YearColumns(component);
        if (!TryFind(home, columns, out var column, out var text))
        {
            notes.Add($"the register has no {columns[0]} column");
            return null;
        }

        if (text.Length == 0)
        {
            notes.Add($"{column} is empty");
            return null;
        }

        if (TryParseYear(text, out var year))
        {
            return year;
        }

        notes.Add($"{column} '{text}' is not a year from {MinYear} to {MaxYear} or an ISO date");
        return null;
    }

    /// <summary>
    /// Reads an install-year cell of a component column other than the typed ones: a four-digit year from
    /// <see cref="MinYear"/> to <see cref="MaxYear"/>, or an ISO date (yyyy-MM-dd) in those years, of which only the
    /// year is kept. <paramref name="text"/> is trimmed first; empty is not a year.
    /// </summary>
    public static bool TryParseYear(string text, out int year)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year)
            && year is >= MinYear and <= MaxYear)
        {
            return true;
        }

        if (LocalDatePattern.Iso.Parse(text) is { Success: true } date && date.Value.Year is >= MinYear and <= MaxYear)
        {
            year = date.Value.Year;
            return true;
        }

        year = 0;
        return false;
    }

    /// <summary>Reads a condition score cell: a whole number from 1 (good) to 5 (worst), after trimming.</summary>
    public static bool TryParseCondition(string text, out int score)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.Length == 1 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out score) && score is >= 1 and <= 5)
        {
            return true;
        }

        score = 0;
        return false;
    }

    /// <summary>
    /// The whole home's condition score, from the <see cref="ImprovementComponents.HomeConditionColumn"/> column (set
    /// by the last home MOT survey): 1 (good) to 5 (worst); null when the column is missing, empty or not a score.
    /// </summary>
    public static int? HomeCondition(Home home)
    {
        ArgumentNullException.ThrowIfNull(home);
        return home.Attributes.TryGetValue(ImprovementComponents.HomeConditionColumn, out var text) && TryParseCondition(text, out var score)
            ? score
            : null;
    }

    private static int? Condition(Home home, string component, List<string> notes)
    {
        if (TryFind(home, ImprovementComponents.ConditionColumns(component), out var column, out var text) && text.Length > 0)
        {
            if (TryParseCondition(text, out var score))
            {
                return score;
            }

            notes.Add($"{column} '{text}' is not a score from 1 to 5; ignored");
        }

        if (!home.Attributes.TryGetValue(ImprovementComponents.HomeConditionColumn, out var homeText) || homeText.Trim().Length == 0)
        {
            return null;
        }

        if (TryParseCondition(homeText, out var homeScore))
        {
            return homeScore;
        }

        notes.Add($"{ImprovementComponents.HomeConditionColumn} '{homeText.Trim()}' is not a score from 1 to 5; ignored");
        return null;
    }

    private static bool TryFind(Home home, IReadOnlyList<string> columns, out string column, out string text)
    {
        foreach (var name in columns)
        {
            if (home.Attributes.TryGetValue(name, out var value))
            {
                column = name;
                text = value.Trim();
                return true;
            }
        }

        column = columns[0];
        text = string.Empty;
        return false;
    }
}
