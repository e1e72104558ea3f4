using System.Globalization;
using Scheduler.Domain.Improvements;

namespace Scheduler.Worker.Improvements;

/// <summary>
/// The schedule for a person at a terminal: the year's programme (programmed and deferred, in priority order within
/// each component and area), each capacity shortfall, and the counts of homes not yet eligible or needing a survey.
/// </summary>
internal static class ImprovementsTable
{
    /// <summary>Writes the table.</summary>
    public static void Write(ImprovementSchedule schedule, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(output);
        var year = schedule.Year;
        var work = schedule.Entries.Where(e => e.Status is ScheduleStatus.Programmed or ScheduleStatus.Deferred).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Planned improvements {year}: {work.Count(e => e.Status == ScheduleStatus.Programmed)} programmed, {work.Count(e => e.Status == ScheduleStatus.Deferred)} deferred to later years"));
        output.WriteLine();
        output.WriteLine($"{"year",-5} {"component",-21} {"area",-8} {"home",-8} {"postcode",-9} {"fitted",-6} {"cond",-4} reason");
        foreach (var e in work)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{e.ProgrammeYear,-5} {e.Component,-21} {e.Home.AreaId,-8} {e.Home.Id,-8} {e.Home.Postcode,-9} {e.Eligibility.InstalledYear,-6} {e.Eligibility.Condition?.ToString(CultureInfo.InvariantCulture) ?? "-",-4} {e.Reason}").TrimEnd());
        }

        output.WriteLine();
        foreach (var shortfall in schedule.Programme.Shortfalls)
        {
            output.WriteLine($"short: {shortfall.Reason}");
        }

        foreach (var group in schedule.Entries.Where(e => e.Status == ScheduleStatus.NotProgrammed).GroupBy(e => e.Component, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"not programmed: {group.Count()} home(s) eligible for {group.Key}, which has no capacity configured"));
        }

        var later = schedule.Entries.Count(e => e.Status == ScheduleStatus.NotYetEligible);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"not yet eligible: {later} home component(s) (use --format csv for their years)"));
        var surveys = schedule.Entries.Where(e => e.Status == ScheduleStatus.SurveyNeeded).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ComponentEligibility.UnknownText}: {surveys.Count}"));
        foreach (var e in surveys)
        {
            output.WriteLine($"  {e.Home.Id,-8} {e.Component,-21} {e.Reason}");
        }
    }
}
