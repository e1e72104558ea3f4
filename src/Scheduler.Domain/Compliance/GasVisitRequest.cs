using NodaTime;

namespace Scheduler.Domain.Compliance;

/// <summary>
/// A gas home that needs a visit: its current deadline, the window a visit is booked in, and the attempts already
/// made against this deadline (empty for a first booking; all failed with <see cref="AccessOutcome.NoAccess"/> for a
/// rebooking). A home with a pending or completed attempt does not need a visit and must not be passed.
/// </summary>
/// <param name="HomeId">The home's register id.</param>
/// <param name="AreaId">The home's area: capacity is counted per area.</param>
/// <param name="Deadline">The current deadline; no visit is booked on or after it.</param>
/// <param name="Window">The booking window, both ends inclusive (normally <see cref="Calendars.FloatingRule.BookingWindow"/>).</param>
public sealed record GasVisitRequest(string HomeId, string AreaId, LocalDate Deadline, ServiceWindow Window)
{
    /// <summary>The attempts already made against <see cref="Deadline"/>, numbered 1, 2, ... in order; empty when none.</summary>
    public IReadOnlyList<AccessAttempt> Attempts { get; init; } = [];

    /// <summary>
    /// True when the home's appointment letter goes by post (its tenant asked for post, or has no email address): the
    /// visit is then booked <see cref="Configuration.AppointmentPolicy.PostWorkingDays"/> later, so the notice counts from
    /// the day the letter reaches the tenant. False for an emailed letter, and for a home with no tenant (no letter).
    /// </summary>
    public bool ByPost { get; init; }

    /// <summary>A first-booking request with the statutory window of <see cref="GasSafetyRecord.Rule"/>: 2 months before the deadline, less the deadline day.</summary>
    public static GasVisitRequest For(string homeId, string areaId, LocalDate deadline) =>
        new(homeId, areaId, deadline, GasSafetyRecord.Rule.BookingWindow(deadline));
}
