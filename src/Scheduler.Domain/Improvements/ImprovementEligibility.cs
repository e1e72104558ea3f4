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
    /// The eligibility of <paramref name="component"/> in <paramref name="home"/>. The kitchen, bathroom and boiler
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

        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && year is >= MinYear and <= MaxYear)
        {
            return year;
        }

        if (LocalDatePattern.Iso.Parse(text) is { Success: true } date && date.Value.Year is >= MinYear and <= MaxYear)
        {
            return date.Value.Year;
        }

        notes.Add($"{column} '{text}' is not a year from {MinYear} to {MaxYear} or an ISO date");
        return null;
    }

    private static int? Condition(Home home, string component, List<string> notes)
    {
        if (!TryFind(home, ImprovementComponents.ConditionColumns(component), out var column, out var text) || text.Length == 0)
        {
            return null;
        }

        if (text.Length == 1 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var score) && score is >= 1 and <= 5)
        {
            return score;
        }

        notes.Add($"{column} '{text}' is not a score from 1 to 5; ignored");
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
