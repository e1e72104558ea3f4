using NodaTime;

namespace Scheduler.Domain.Compliance;

/// <summary>An appointment the planner booked: the home and the attempt it starts (outcome <see cref="AccessOutcome.Pending"/>).</summary>
/// <param name="HomeId">The home's register id.</param>
/// <param name="AreaId">The area whose capacity it uses.</param>
/// <param name="Deadline">The deadline the visit is booked before.</param>
/// <param name="Attempt">The appointment: number, date, slot, letter and letter date (the day of planning).</param>
/// <param name="InFirstHalf">True when the date is in the first half of the booking window, leaving room for later attempts.</param>
public sealed record GasBooking(string HomeId, string AreaId, LocalDate Deadline, AccessAttempt Attempt, bool InFirstHalf)
{
    /// <summary>The slot this booking takes, to count against capacity on later runs.</summary>
    public SlotBooking Slot => new(AreaId, Attempt.Date, Attempt.Slot);
}
