namespace Scheduler.Domain.Compliance;

/// <summary>Where a gas home stands against its current deadline (see <see cref="GasComplianceEvaluator"/>).</summary>
public enum GasComplianceStatus
{
    /// <summary>Not a status: the default value, never returned.</summary>
    Invalid = 0,

    /// <summary>In date: the deadline is further away than the due-soon threshold, or a visit before it is booked.</summary>
    Compliant,

    /// <summary>In date, but the deadline is within the due-soon threshold and no visit before it is booked.</summary>
    Due,

    /// <summary>The deadline has passed with no check (or no check is known at all): not compliant.</summary>
    Overdue,

    /// <summary>In date, but the latest attempt to get in failed and the check is not yet done.</summary>
    NoAccess,
}
