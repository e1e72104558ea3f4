using NodaTime;
using Scheduler.Domain.Configuration;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// When a message written ahead of its time is released for sending: 00:00 of its day in the organisation's zone
/// (<see cref="Organisation.Zone"/>), or at once when that moment has passed. A contractor's <c>issueAhead</c> makes a planned order's notice's day the window's first day
/// less that period; an appointment's <c>letterAhead</c> makes the letter's day (<c>gas_appointments.letter_on</c>)
/// the visit less that period. The row is written at once all the same, in the transaction of the change that causes it,
/// with <c>next_attempt_at</c> and <c>release_at</c> set to the release.
/// </summary>
public static class IssueAhead
{
    /// <summary>The contractor's <see cref="Contractor.IssueAhead"/> in days (weeks × 7); null when it has none.</summary>
    public static int? Days(Contractor contractor)
    {
        ArgumentNullException.ThrowIfNull(contractor);
        return contractor.IssueAhead is { } ahead ? ahead.Normalize().Days : null;
    }

    /// <summary>
    /// The release moment of a message whose day is <paramref name="day"/>: the start of that day in
    /// <paramref name="zone"/> (the organisation's) when it is after <paramref name="now"/>; null (send at once, at
    /// <paramref name="now"/>) otherwise.
    /// </summary>
    public static Instant? Release(LocalDate day, Instant now, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var release = day.AtStartOfDayInZone(zone).ToInstant();
        return release > now ? release : null;
    }

    /// <summary>
    /// The release of the notice of an order whose window starts on <paramref name="windowStart"/>, for a contractor
    /// issuing <paramref name="aheadDays"/> days ahead (null: at once): see <see cref="Release(LocalDate, Instant, DateTimeZone)"/>.
    /// </summary>
    public static Instant? NoticeRelease(LocalDate windowStart, int? aheadDays, Instant now, DateTimeZone zone) =>
        aheadDays is { } days ? Release(windowStart.PlusDays(-days), now, zone) : null;
}
