using NodaTime;
using Scheduler.Domain.Compliance;

namespace Scheduler.Persistence.Gas;

/// <summary>What one booking run did: the appointments it booked, the homes it could not book (with the reason) and the escalations it wrote.</summary>
/// <param name="Booked">Each appointment booked (and its letter queued), in planning order.</param>
/// <param name="Unbooked">Homes that need a visit but could not be booked, with the reason in words a manager can act on.</param>
/// <param name="Escalated">Homes escalated by this run (every allowed attempt had failed and no escalation was written yet).</param>
public sealed record GasBookingResult(IReadOnlyList<GasBookedAppointment> Booked, IReadOnlyList<GasBookingProblem> Unbooked, IReadOnlyList<string> Escalated)
{
    /// <summary>
    /// The orders this run cancelled because the check for their deadline was made another way while their window passed
    /// unvisited (reason <c>check-made</c>; docs/gas-safety.md, "Orders whose check was made elsewhere"), in id order.
    /// </summary>
    public IReadOnlyList<string> Closed { get; init; } = [];
}

/// <summary>One appointment a booking run made.</summary>
/// <param name="Reference">The work order.</param>
/// <param name="HomeId">The home.</param>
/// <param name="Attempt">1, 2 or 3.</param>
/// <param name="Date">The appointment's day.</param>
/// <param name="Slot">AM or PM.</param>
/// <param name="Deadline">The deadline it is booked before.</param>
/// <param name="InFirstHalf">True when it is in the first half of the booking window.</param>
public sealed record GasBookedAppointment(string Reference, string HomeId, int Attempt, LocalDate Date, string Slot, LocalDate Deadline, bool InFirstHalf)
{
    /// <summary>
    /// True when its letter goes by post and the deadline left no slot at the full notice counted from the letter's
    /// arrival, so it is on the latest free slot that beats the deadline (<see cref="GasBooking.ShortNotice"/>).
    /// </summary>
    public bool ShortNotice { get; init; }

    /// <summary>The day the tenant has the letter (<see cref="GasBooking.LetterReaches"/>): by post, <c>postDays</c> working days after it goes.</summary>
    public LocalDate LetterReaches { get; init; }
}
