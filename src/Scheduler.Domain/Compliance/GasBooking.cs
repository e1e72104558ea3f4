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

    /// <summary>
    /// True when the visit's letter goes by post and the deadline (or a full area) left no slot at the notice counted
    /// from the letter's arrival: the visit is on the latest free slot before the deadline from the earliest day an
    /// emailed letter would allow, and the tenant gets less notice (<see cref="LetterReaches"/> says when the letter
    /// arrives; it may be the visit day or after). The deadline wins (DOMAIN.md §1, the cautious reading).
    /// </summary>
    public bool ShortNotice { get; init; }

    /// <summary>The day the tenant has the letter: its day for an email, <c>postDays</c> working days on for a letter by post.</summary>
    public LocalDate LetterReaches { get; init; }
}
