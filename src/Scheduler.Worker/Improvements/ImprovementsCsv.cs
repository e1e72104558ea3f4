using System.Globalization;
using System.Text;
using Scheduler.Domain.Improvements;
using Scheduler.Worker.Csv;

namespace Scheduler.Worker.Improvements;

/// <summary>
/// The schedule as CSV: one row per home and component, in <see cref="ImprovementSchedule.Entries"/> order (the
/// programme first). Columns: see <see cref="Header"/> and docs/improvements.md. No tenant data.
/// </summary>
internal static class ImprovementsCsv
{
    /// <summary>The header line.</summary>
    public const string Header =
        "property_id,address,postcode,area_id,component,installed_year,lifetime_years,eligible_year,condition,status,programme_year,reason";

    /// <summary>Writes the header and every entry, lines ending in \n.</summary>
    public static void Write(ImprovementSchedule schedule, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Header);
        output.Write('\n');
        var line = new StringBuilder();
        foreach (var e in schedule.Entries)
        {
            line.Clear();
            string[] fields =
            [
                e.Home.Id, e.Home.Address, e.Home.Postcode, e.Home.AreaId, e.Component, Number(e.Eligibility.InstalledYear),
                Number(e.Eligibility.LifetimeYears), Number(e.Eligibility.EligibleYear), Number(e.Eligibility.Condition), e.Status.ToText(),
                Number(e.ProgrammeYear), Reason(e),
            ];
            for (var i = 0; i < fields.Length; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }

                CsvText.AppendField(line, fields[i]);
            }

            output.Write(line.Append('\n'));
        }
    }

    private static string Reason(ScheduleEntry e) => e.Status == ScheduleStatus.SurveyNeeded
        ? $"{ComponentEligibility.UnknownText}: {e.Reason}"
        : e.Reason ?? string.Empty;

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
