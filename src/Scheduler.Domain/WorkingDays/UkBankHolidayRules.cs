using NodaTime;

namespace Scheduler.Domain.WorkingDays;

/// <summary>
/// The usual UK bank-holiday rules, for years the GOV.UK feed does not (yet) publish. They are today's
/// rules applied to any year: they know nothing of one-off holidays (jubilees, coronations, funerals,
/// Scotland's 2026 World Cup day) or of moved ones (VE Day 2020, the 2022 Spring bank holiday), and they do
/// not reproduce history before the rules took their present form (1978).
/// </summary>
/// <remarks>
/// Substitute rule: a holiday on a Saturday or Sunday moves to the next weekday that is not already a
/// holiday, taking the holidays in date order. So Christmas on a Saturday is kept on Monday 27 and Boxing
/// Day (Sunday) on Tuesday 28; in Scotland, New Year's Day on a Sunday goes to Tuesday 3 January because
/// Monday is 2nd January. The substitute keeps the holiday's own title.
/// </remarks>
public static class UkBankHolidayRules
{
    /// <summary>The first year <see cref="Compute"/> accepts: the first full year of the Gregorian calendar.</summary>
    public const int MinYear = 1583;

    /// <summary>The last year <see cref="Compute"/> accepts (the last year NodaTime's ISO calendar holds).</summary>
    public const int MaxYear = 9999;

    // Titles as the GOV.UK feed spells them (curly apostrophe), so computed and published years read alike.
    internal const string NewYearsDay = "New Year’s Day";
    internal const string SecondJanuary = "2nd January";
    internal const string StPatricksDay = "St Patrick’s Day";
    internal const string GoodFriday = "Good Friday";
    internal const string EasterMonday = "Easter Monday";
    internal const string EarlyMay = "Early May bank holiday";
    internal const string Spring = "Spring bank holiday";
    internal const string BattleOfTheBoyne = "Battle of the Boyne (Orangemen’s Day)";
    internal const string Summer = "Summer bank holiday";
    internal const string StAndrewsDay = "St Andrew’s Day";
    internal const string ChristmasDay = "Christmas Day";
    internal const string BoxingDay = "Boxing Day";

    /// <summary>
    /// The bank holidays of <paramref name="region"/> in <paramref name="year"/> by the usual rules, in date
    /// order, each with <see cref="BankHoliday.IsComputed"/> set:
    /// New Year's Day (1 Jan); Scotland: 2nd January; Northern Ireland: St Patrick's Day (17 Mar); Good Friday;
    /// Easter Monday (not Scotland); Early May (first Monday of May); Spring (last Monday of May);
    /// Northern Ireland: Battle of the Boyne (12 Jul); Summer (last Monday of August; Scotland: first Monday);
    /// Scotland: St Andrew's Day (30 Nov); Christmas Day; Boxing Day — with weekend days substituted as the
    /// class remarks describe. Every date falls within <paramref name="year"/> (a substitute is never later than 28 December).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> is not one of the three regions, or
    /// <paramref name="year"/> is outside <see cref="MinYear"/>..<see cref="MaxYear"/>.</exception>
    public static IReadOnlyList<BankHoliday> Compute(BankHolidayRegion region, int year)
    {
        BankHolidayCatalog.ThrowIfInvalid(region, nameof(region));
        Check.InRange(year, MinYear, MaxYear, nameof(year));

        var nominal = NominalDates(region, year);
        var taken = nominal.Where(n => !IsWeekend(n.Date)).Select(n => n.Date).ToHashSet();
        var result = new List<BankHoliday>(nominal.Count);
        foreach (var (date, title) in nominal)
        {
            if (!IsWeekend(date))
            {
                result.Add(new BankHoliday(date, title, IsSubstitute: false, IsComputed: true));
                continue;
            }

            var substitute = date.PlusDays(1);
            while (IsWeekend(substitute) || taken.Contains(substitute))
            {
                substitute = substitute.PlusDays(1);
            }

            taken.Add(substitute);
            result.Add(new BankHoliday(substitute, title, IsSubstitute: true, IsComputed: true));
        }

        return [.. result.OrderBy(h => h.Date)];
    }

    /// <summary>Each holiday on its own day (before substitution), in date order.</summary>
    private static List<(LocalDate Date, string Title)> NominalDates(BankHolidayRegion region, int year)
    {
        var easter = GregorianEaster.Sunday(year);
        var scotland = region == BankHolidayRegion.Scotland;
        var dates = new List<(LocalDate Date, string Title)>(12)
        {
            (new LocalDate(year, 1, 1), NewYearsDay),
            (easter.PlusDays(-2), GoodFriday),
            (LocalDate.FromYearMonthWeekAndDay(year, 5, 1, IsoDayOfWeek.Monday), EarlyMay),
            (LocalDate.FromYearMonthWeekAndDay(year, 5, 5, IsoDayOfWeek.Monday), Spring),
            (LocalDate.FromYearMonthWeekAndDay(year, 8, scotland ? 1 : 5, IsoDayOfWeek.Monday), Summer),
            (new LocalDate(year, 12, 25), ChristmasDay),
            (new LocalDate(year, 12, 26), BoxingDay),
        };
        if (scotland)
        {
            dates.Add((new LocalDate(year, 1, 2), SecondJanuary));
            dates.Add((new LocalDate(year, 11, 30), StAndrewsDay));
        }
        else
        {
            dates.Add((easter.PlusDays(1), EasterMonday));
        }

        if (region == BankHolidayRegion.NorthernIreland)
        {
            dates.Add((new LocalDate(year, 3, 17), StPatricksDay));
            dates.Add((new LocalDate(year, 7, 12), BattleOfTheBoyne));
        }

        dates.Sort((x, y) => x.Date.CompareTo(y.Date));
        return dates;
    }

    private static bool IsWeekend(LocalDate date) => date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday;
}
