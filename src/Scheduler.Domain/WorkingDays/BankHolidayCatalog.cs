namespace Scheduler.Domain.WorkingDays;

/// <summary>
/// UK bank holidays for the three regions: the years a GOV.UK feed publishes, and the usual rules
/// (<see cref="UkBankHolidayRules"/>) for every year before or after them. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <see cref="Snapshot"/> is the feed as shipped inside this assembly (2020–2027). A newer copy of the feed
/// (for example <c>config/bank-holidays.json</c>) replaces it: the caller reads the text and calls
/// <see cref="BankHolidayFeed.Parse"/>.
/// </remarks>
public sealed class BankHolidayCatalog
{
    /// <summary>The first year covered by <see cref="Calendar"/>.</summary>
    public const int CalendarFirstYear = 2000;

    /// <summary>The last year covered by <see cref="Calendar"/> (inclusive).</summary>
    public const int CalendarLastYear = 2100;

    private const string SnapshotResource = "Scheduler.Domain.bank-holidays.json";

    private static readonly Lazy<BankHolidayCatalog> s_snapshot = new(LoadSnapshot);

    private static readonly BankHolidayRegion[] s_regions =
        [BankHolidayRegion.EnglandAndWales, BankHolidayRegion.Scotland, BankHolidayRegion.NorthernIreland];

    private readonly Published[] _published;
    private readonly Lazy<WorkingDayCalendar>[] _calendars;

    internal BankHolidayCatalog(
        string sourceName,
        IReadOnlyList<BankHoliday> englandAndWales,
        IReadOnlyList<BankHoliday> scotland,
        IReadOnlyList<BankHoliday> northernIreland)
    {
        SourceName = sourceName;
        _published = [new(englandAndWales), new(scotland), new(northernIreland)];
        _calendars = [.. s_regions.Select(region => new Lazy<WorkingDayCalendar>(
            () => new WorkingDayCalendar(region, Holidays(region, CalendarFirstYear, CalendarLastYear))))];
    }

    /// <summary>The feed snapshot embedded in this assembly, parsed once on first use.</summary>
    public static BankHolidayCatalog Snapshot => s_snapshot.Value;

    /// <summary>Where the published dates came from (a file path, URL or the embedded snapshot), for messages and reports.</summary>
    public string SourceName { get; }

    /// <summary>The first year the feed publishes for <paramref name="region"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> is <see cref="BankHolidayRegion.Invalid"/> or unknown.</exception>
    public int FirstPublishedYear(BankHolidayRegion region) => For(region).FirstYear;

    /// <summary>The last year the feed publishes for <paramref name="region"/>; later years are computed.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> is <see cref="BankHolidayRegion.Invalid"/> or unknown.</exception>
    public int LastPublishedYear(BankHolidayRegion region) => For(region).LastYear;

    /// <summary>
    /// The bank holidays of <paramref name="region"/> from 1 January <paramref name="fromYear"/> to
    /// 31 December <paramref name="toYear"/> (both inclusive), in date order. Years from
    /// <see cref="FirstPublishedYear"/> to <see cref="LastPublishedYear"/> come from the feed, one-offs included;
    /// every other year is computed by <see cref="UkBankHolidayRules"/> and marked <see cref="BankHoliday.IsComputed"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> is not one of the three regions, or a
    /// year to compute is outside <see cref="UkBankHolidayRules.MinYear"/>..<see cref="UkBankHolidayRules.MaxYear"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="toYear"/> is before <paramref name="fromYear"/>.</exception>
    public IReadOnlyList<BankHoliday> Holidays(BankHolidayRegion region, int fromYear, int toYear)
    {
        var published = For(region);
        if (toYear < fromYear)
        {
            throw new ArgumentException($"{nameof(toYear)} {toYear} is before {nameof(fromYear)} {fromYear}.", nameof(toYear));
        }

        var result = new List<BankHoliday>();
        for (var year = fromYear; year <= toYear; year++)
        {
            result.AddRange(published.Covers(year) ? published.ByYear[year] : UkBankHolidayRules.Compute(region, year));
        }

        return result;
    }

    /// <summary>
    /// The working-day calendar of <paramref name="region"/>, knowing its bank holidays from
    /// <see cref="CalendarFirstYear"/> to <see cref="CalendarLastYear"/> (as <see cref="Holidays"/> gives them).
    /// Outside those years it skips weekends only. Built once per region on first use and then shared.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> is <see cref="BankHolidayRegion.Invalid"/> or unknown.</exception>
    public WorkingDayCalendar Calendar(BankHolidayRegion region)
    {
        ThrowIfInvalid(region, nameof(region));
        return _calendars[(int)region - 1].Value;
    }

    /// <summary>
    /// The region for a config name, which is the feed's key: <c>england-and-wales</c>, <c>scotland</c> or
    /// <c>northern-ireland</c> (case and surrounding spaces ignored). <see cref="BankHolidayRegion.Invalid"/> for
    /// anything else, including null.
    /// </summary>
    public static BankHolidayRegion ParseRegion(string? feedKey) =>
        s_regions.FirstOrDefault(r => string.Equals(FeedKey(r), feedKey?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The feed's key (and config name) for <paramref name="region"/>, e.g. <c>england-and-wales</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> is <see cref="BankHolidayRegion.Invalid"/> or unknown.</exception>
    public static string FeedKey(BankHolidayRegion region) => region switch
    {
        BankHolidayRegion.EnglandAndWales => "england-and-wales",
        BankHolidayRegion.Scotland => "scotland",
        BankHolidayRegion.NorthernIreland => "northern-ireland",
        _ => throw InvalidRegion(region, nameof(region)),
    };

    internal static void ThrowIfInvalid(BankHolidayRegion region, string paramName)
    {
        if (region is not (BankHolidayRegion.EnglandAndWales or BankHolidayRegion.Scotland or BankHolidayRegion.NorthernIreland))
        {
            throw InvalidRegion(region, paramName);
        }
    }

    private static ArgumentOutOfRangeException InvalidRegion(BankHolidayRegion region, string paramName) =>
        new(paramName, region, $"{paramName} must be england-and-wales, scotland or northern-ireland.");

    private Published For(BankHolidayRegion region)
    {
        ThrowIfInvalid(region, nameof(region));
        return _published[(int)region - 1];
    }

    private static BankHolidayCatalog LoadSnapshot()
    {
        using var stream = typeof(BankHolidayCatalog).Assembly.GetManifestResourceStream(SnapshotResource)
            ?? throw new InvalidOperationException($"The embedded resource {SnapshotResource} is missing from Scheduler.Domain.");
        using var reader = new StreamReader(stream);
        return BankHolidayFeed.Parse(reader.ReadToEnd(), "bank-holidays.json (snapshot embedded in Scheduler.Domain)");
    }

    /// <summary>One division of the feed, grouped by year. Every year from first to last counts as published.</summary>
    private sealed class Published
    {
        public Published(IReadOnlyList<BankHoliday> holidays)
        {
            FirstYear = holidays.Min(h => h.Date.Year);
            LastYear = holidays.Max(h => h.Date.Year);
            ByYear = holidays.ToLookup(h => h.Date.Year);
        }

        public int FirstYear { get; }

        public int LastYear { get; }

        public ILookup<int, BankHoliday> ByYear { get; }

        public bool Covers(int year) => year >= FirstYear && year <= LastYear;
    }
}
