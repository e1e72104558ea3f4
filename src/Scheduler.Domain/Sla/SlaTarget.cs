using NodaTime;

using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Domain.Sla;

/// <summary>
/// One commitment with a clock: a stable id (also its config key), the service it belongs to, what it promises and
/// from when it counts, and how long it allows. Immutable.
/// </summary>
/// <param name="Id">Stable kebab-case id, used as the config key (<c>repairs-routine</c>) and in stored orders.</param>
/// <param name="Category">The service it belongs to.</param>
/// <param name="Description">What is promised and what starts the clock, in plain English for reports.</param>
/// <param name="Target">How long it allows.</param>
/// <param name="IsStatutory">True when the law sets the target (Awaab's Law): config may shorten it, never lengthen it.</param>
public sealed record SlaTarget(string Id, SlaCategory Category, string Description, FriendlyDuration Target, bool IsStatutory = false)
{
    /// <summary>The clock for <see cref="Target"/>.</summary>
    /// <exception cref="ArgumentException">The target is not a valid duration.</exception>
    public SlaClock Clock => new(Target);

    /// <summary>The inclusive deadline for a case that started at <paramref name="raised"/> (see <see cref="SlaClock.Due"/>).</summary>
    public Instant Due(Instant raised, DateTimeZone zone, WorkingDayCalendar calendar) => Clock.Due(raised, zone, calendar);

    /// <inheritdoc />
    public override string ToString() => $"{Id}: {Target}";
}
