using NodaTime;

namespace Scheduler.Domain.Compliance;

/// <summary>
/// One documented attempt to get into a home for its gas safety check: the appointment, the letter that
/// announced it and what happened. The list of attempts for a deadline is the landlord's evidence that it took
/// reasonable steps (DOMAIN.md §1: at least three documented attempts before escalation).
/// </summary>
/// <param name="Number">1 for the first attempt against the current deadline, then 2, 3, ...</param>
/// <param name="Date">The day of the appointment.</param>
/// <param name="Slot">The part of the day, one of the schedule's slots (e.g. AM or PM).</param>
/// <param name="Letter">The letter that announced this appointment (<see cref="LetterFor"/>).</param>
/// <param name="LetterDate">The day the letter was issued; the planner sets the day it booked the visit.</param>
/// <param name="Outcome">What happened; <see cref="AccessOutcome.Pending"/> until the contractor reports.</param>
public sealed record AccessAttempt(int Number, LocalDate Date, string Slot, LetterKind Letter, LocalDate LetterDate, AccessOutcome Outcome)
{
    /// <summary>True when the engineer got in and the check was made (<see cref="AccessOutcome.Done"/> or <see cref="AccessOutcome.Defect"/>).</summary>
    public bool CheckMade => Outcome is AccessOutcome.Done or AccessOutcome.Defect;

    /// <summary>
    /// The letter for attempt <paramref name="number"/>: 1 → <see cref="LetterKind.First"/>, 2 →
    /// <see cref="LetterKind.Second"/>, 3 and any later attempt a policy allows → <see cref="LetterKind.Third"/>.
    /// </summary>
    public static LetterKind LetterFor(int number)
    {
        Check.Positive(number, nameof(number));
        return number switch
        {
            1 => LetterKind.First,
            2 => LetterKind.Second,
            _ => LetterKind.Third,
        };
    }

    /// <summary>This attempt with its outcome recorded.</summary>
    public AccessAttempt WithOutcome(AccessOutcome outcome) => this with { Outcome = outcome };
}
