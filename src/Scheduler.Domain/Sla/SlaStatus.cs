namespace Scheduler.Domain.Sla;

/// <summary>Where a case stands against its target (<see cref="SlaEvaluation.Evaluate"/>).</summary>
public enum SlaStatus
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>Not completed, and the deadline has not passed.</summary>
    Open,

    /// <summary>Not completed, and the deadline has passed.</summary>
    Overdue,

    /// <summary>Completed at or before the deadline.</summary>
    OnTime,

    /// <summary>Completed after the deadline.</summary>
    Late,
}
