namespace Scheduler.Domain.Compliance;

/// <summary>What happened at one appointment to check a home's gas appliances.</summary>
public enum AccessOutcome
{
    /// <summary>Not an outcome: the default value.</summary>
    Invalid = 0,

    /// <summary>The appointment is booked and has not been reported on yet.</summary>
    Pending,

    /// <summary>The engineer got in and completed the check.</summary>
    Done,

    /// <summary>The engineer could not get in: the check was not made.</summary>
    NoAccess,

    /// <summary>
    /// The engineer got in and completed the check but found a defect. The check counts as made (the record
    /// exists and the deadline moves); the remedial work is tracked separately and is not part of BS01.
    /// </summary>
    Defect,
}
