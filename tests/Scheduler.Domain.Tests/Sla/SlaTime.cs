using NodaTime;
using NodaTime.Text;

namespace Scheduler.Domain.Tests.Sla;

/// <summary>Reads the instants the SLA tables are written in: Europe/London wall-clock time, or an explicit offset.</summary>
internal static class SlaTime
{
    public static DateTimeZone London { get; } = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static readonly LocalDateTimePattern Local = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    private static readonly OffsetDateTimePattern WithOffset = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mmo<G>");

    /// <summary>
    /// "2027-03-01T14:00" is London wall-clock time (strictly: an ambiguous or skipped time fails the test, so those are
    /// written with an offset); "2027-10-31T01:30+01" or "2027-03-28T00:30Z" is exactly that instant.
    /// </summary>
    public static Instant At(string text) =>
        text.EndsWith('Z') || text[^3] is '+' or '-'
            ? WithOffset.Parse(text).GetValueOrThrow().ToInstant()
            : Local.Parse(text).GetValueOrThrow().InZoneStrictly(London).ToInstant();

    /// <summary>The instant at which a day-based deadline ending on <paramref name="lastDay"/> falls: London midnight at its close.</summary>
    public static Instant EndOf(LocalDate lastDay) => London.AtStartOfDay(lastDay.PlusDays(1)).ToInstant();

    /// <summary>Wall-clock time in London, for assertions that read like the tables.</summary>
    public static string LondonText(Instant instant) =>
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Format(instant.InZone(London).LocalDateTime)
        + (instant.InZone(London).Offset == Offset.Zero ? " GMT" : " BST");
}
