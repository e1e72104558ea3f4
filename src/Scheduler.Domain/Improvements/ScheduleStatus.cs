namespace Scheduler.Domain.Improvements;

/// <summary>Where one home's component stands in a published schedule for a year (<see cref="ImprovementSchedule"/>).</summary>
public enum ScheduleStatus
{
    /// <summary>Not a status: the default value.</summary>
    Invalid = 0,

    /// <summary>Eligible by the year and placed in that year's programme.</summary>
    Programmed,

    /// <summary>Eligible by the year, but pushed to a later year because capacity was short; the reason says which.</summary>
    Deferred,

    /// <summary>Its eligibility year is after the year: listed with the year it becomes eligible.</summary>
    NotYetEligible,

    /// <summary>Eligible by the year, but the component has no capacity configured, so it is not programmed.</summary>
    NotProgrammed,

    /// <summary>"Unknown: survey needed": the install year is not known.</summary>
    SurveyNeeded,
}
