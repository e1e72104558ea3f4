using NodaTime;

namespace Scheduler.Worker.Email;

/// <summary>
/// The promise a repair raised from a defect carries (its SLA target), as a contractor's notice, programme and calendar
/// file say it: which promise, when the clock started and the moment it is due by, in the organisation's zone.
/// </summary>
/// <param name="Category">The SLA target id, e.g. <c>repairs-emergency</c>.</param>
/// <param name="Name">The promise's name as the yearly report gives it, e.g. "Emergency repairs".</param>
/// <param name="Promise">What was promised, e.g. "Attend and make safe within 4 hours".</param>
/// <param name="Emergency">True for a target counted in hours (attend and make safe, the heating call-out).</param>
/// <param name="Reported">When the defect was reported: the clock's start.</param>
/// <param name="Due">The moment the repair is due by (inclusive).</param>
public sealed record OrderRepair(string Category, string Name, string Promise, bool Emergency, ZonedDateTime Reported, ZonedDateTime Due)
{
    /// <summary>
    /// "by 4pm on Sunday 29 November 2026", or "by the end of Tuesday 2 March 2027" for a deadline at midnight (a days
    /// target, or an hours target that ends at midnight): never "12 midnight", which readers place on either day.
    /// </summary>
    public string DueText => Due.TimeOfDay == LocalTime.Midnight
        ? $"by the end of {DateTexts.Of(Due.Date.PlusDays(-1)).Long}"
        : $"by {TemplateValues.EnglishTime(Due.TimeOfDay)} on {DateTexts.Of(Due.Date).Long}";

    /// <summary>"8pm on Tuesday 2 March 2027": when the defect was reported.</summary>
    public string ReportedText => $"{TemplateValues.EnglishTime(Reported.TimeOfDay)} on {DateTexts.Of(Reported.Date).Long}";
}
