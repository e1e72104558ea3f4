using Scheduler.Domain.Improvements;

namespace Scheduler.Worker.Improvements;

/// <summary>The words of <see cref="ScheduleStatus"/> in the CSV's <c>status</c> column.</summary>
internal static class ScheduleStatusText
{
    /// <summary><c>programmed</c>, <c>deferred</c>, <c>not-yet-eligible</c>, <c>not-programmed</c> or <c>survey-needed</c>.</summary>
    public static string ToText(this ScheduleStatus status) => status switch
    {
        ScheduleStatus.Programmed => "programmed",
        ScheduleStatus.Deferred => "deferred",
        ScheduleStatus.NotYetEligible => "not-yet-eligible",
        ScheduleStatus.NotProgrammed => "not-programmed",
        ScheduleStatus.SurveyNeeded => "survey-needed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a schedule status"),
    };
}
