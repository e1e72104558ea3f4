namespace Scheduler.Domain.Compliance;

/// <summary>Why a home that needs a gas visit could not be booked.</summary>
public enum BookingProblemKind
{
    /// <summary>Not a problem: the default value.</summary>
    Invalid = 0,

    /// <summary>Every slot of every working day the visit could take is already full.</summary>
    NoCapacity,

    /// <summary>No engineers are configured for the home's area.</summary>
    NoEngineers,

    /// <summary>No working day is left between the earliest date the notice allows and the day before the deadline.</summary>
    TooLate,

    /// <summary>
    /// The home is overdue and cannot be planned: no gas check is known for it, so there is no deadline to book against
    /// (storage reports it; the planner books an overdue home with a known deadline at the earliest free slot).
    /// </summary>
    DeadlinePassed,
}
