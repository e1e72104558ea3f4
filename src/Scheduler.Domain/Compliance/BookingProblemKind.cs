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

    // DeadlinePassed (a home with no known gas check, reported for a check by hand) was removed in branch nocheck26:
    // such a home is booked against GasSafetyRecord.NoKnownCheck as an overdue home, and reported NoCapacity or
    // NoEngineers like one when it cannot be.
}
