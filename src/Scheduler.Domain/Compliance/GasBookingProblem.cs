using NodaTime;

namespace Scheduler.Domain.Compliance;

/// <summary>A home that needs a gas visit but could not be booked, and why in words a manager can act on.</summary>
/// <param name="HomeId">The home's register id.</param>
/// <param name="AreaId">The home's area.</param>
/// <param name="Deadline">The current deadline.</param>
/// <param name="AttemptNumber">The attempt that could not be booked (1 for a first booking).</param>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Reason">The reason, with the dates and figures (no tenant details).</param>
public sealed record GasBookingProblem(string HomeId, string AreaId, LocalDate Deadline, int AttemptNumber, BookingProblemKind Kind, string Reason);
