using NodaTime;

namespace Scheduler.Domain.Sla;

/// <summary>Judges a case against its deadline.</summary>
public static class SlaEvaluation
{
    /// <summary>
    /// Where a case stands at <paramref name="now"/>. The deadline is inclusive: completed at or before
    /// <paramref name="due"/> is <see cref="SlaStatus.OnTime"/>, after it <see cref="SlaStatus.Late"/>; not completed,
    /// <see cref="SlaStatus.Open"/> up to and including <paramref name="due"/>, <see cref="SlaStatus.Overdue"/> after it.
    /// A completion is judged on its own instant, even one later than <paramref name="now"/> (refusing a completion
    /// dated in the future is the feedback checks' job, not this one's).
    /// </summary>
    /// <remarks>
    /// A completion known only by its date (a contractor's "done on 18 March"): pass <see cref="DateOnlyCompletion"/>.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="due"/> is before <paramref name="raised"/>.</exception>
    public static SlaStatus Evaluate(Instant raised, Instant due, Instant? completed, Instant now)
    {
        if (due < raised)
        {
            throw new ArgumentException($"{nameof(due)} {due} is before {nameof(raised)} {raised}.", nameof(due));
        }

        return completed is { } done
            ? done <= due ? SlaStatus.OnTime : SlaStatus.Late
            : now <= due ? SlaStatus.Open : SlaStatus.Overdue;
    }

    /// <summary>
    /// The instant to judge a completion known only by its local date: the end of that day (midnight at its close, the
    /// start of the next day in <paramref name="zone"/>). This is the cautious reading: the work is taken as done as late
    /// as the date allows. On a day-based clock it gives exactly "on time when <paramref name="completedOn"/> is on or
    /// before <see cref="SlaClock.DueDate"/>"; on an hours clock it is on time only when the whole day was inside the target.
    /// </summary>
    public static Instant DateOnlyCompletion(LocalDate completedOn, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return zone.AtStartOfDay(completedOn.PlusDays(1)).ToInstant();
    }
}
