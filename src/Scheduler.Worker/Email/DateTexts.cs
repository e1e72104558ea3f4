using System.Collections.Concurrent;
using NodaTime;
using NodaTime.Text;

namespace Scheduler.Worker.Email;

/// <summary>
/// The ways emails, calendar files and CSVs write a date, formatted once per date and kept: a dispatch round writes
/// the same few hundred dates (windows, targets) into thousands of messages, and formatting a date with a NodaTime
/// pattern allocates each time. The strings are exactly what the patterns give (invariant culture). Thread-safe; the
/// cache starts over when it holds <see cref="MaxKept"/> dates, so it cannot grow without bound.
/// </summary>
internal sealed class DateTexts
{
    /// <summary>How many dates are kept before the cache starts over (about 27 years of days).</summary>
    public const int MaxKept = 10_000;

    private static readonly LocalDatePattern LongPattern = LocalDatePattern.CreateWithInvariantCulture("dddd d MMMM uuuu");
    private static readonly LocalDatePattern ShortPattern = LocalDatePattern.CreateWithInvariantCulture("ddd d MMM");
    private static readonly LocalDatePattern LetterPattern = LocalDatePattern.CreateWithInvariantCulture("d MMMM uuuu");
    private static readonly LocalDatePattern BasicPattern = LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");
    private static readonly ConcurrentDictionary<LocalDate, DateTexts> Cache = new();

    private DateTexts(LocalDate date)
    {
        Long = LongPattern.Format(date);
        Short = ShortPattern.Format(date);
        Iso = LocalDatePattern.Iso.Format(date);
        Basic = BasicPattern.Format(date);
        Letter = LetterPattern.Format(date);
    }

    /// <summary>"Tuesday 14 September 2027" (<c>dddd d MMMM uuuu</c>).</summary>
    public string Long { get; }

    /// <summary>"Tue 14 Sep" (<c>ddd d MMM</c>).</summary>
    public string Short { get; }

    /// <summary>"2027-09-14" (ISO).</summary>
    public string Iso { get; }

    /// <summary>"20270914" (<c>uuuuMMdd</c>, iCalendar's DATE value).</summary>
    public string Basic { get; }

    /// <summary>"14 September 2027" (<c>d MMMM uuuu</c>): a letter's date line, as UK letters write it (no weekday).</summary>
    public string Letter { get; }

    /// <summary>The texts of <paramref name="date"/>.</summary>
    public static DateTexts Of(LocalDate date)
    {
        if (Cache.TryGetValue(date, out var texts))
        {
            return texts;
        }

        if (Cache.Count >= MaxKept)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd(date, static d => new DateTexts(d));
    }
}
