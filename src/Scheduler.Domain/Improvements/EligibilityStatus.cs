namespace Scheduler.Domain.Improvements;

/// <summary>Where a home's component stands in a given year.</summary>
public enum EligibilityStatus
{
    /// <summary>Not a status: the default value.</summary>
    Invalid = 0,

    /// <summary>The component has reached its lifetime: its eligibility year is the year asked about or earlier.</summary>
    Eligible,

    /// <summary>The component's eligibility year is after the year asked about.</summary>
    NotYetEligible,

    /// <summary>"Unknown: survey needed": the install year is not known, so eligibility cannot be worked out.</summary>
    Unknown,
}
