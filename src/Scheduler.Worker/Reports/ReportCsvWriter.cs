using System.Globalization;
using System.Text;
using Scheduler.Worker.Csv;

namespace Scheduler.Worker.Reports;

/// <summary>
/// The report as CSV: one row per commitment, contractor and area that had work in the year (docs/report.md). The
/// regulator's measures are in the HTML page, not here.
/// </summary>
internal static class ReportCsvWriter
{
    /// <summary>The header row; the columns are the contract.</summary>
    public const string Header = "year,commitment,commitment_name,contractor,contractor_name,area,area_name,planned,delivered,on_time,late,not_delivered";

    public static string Write(PerformanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var names = report.Commitments.ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal);
        var csv = new StringBuilder().Append(Header).Append('\n');
        foreach (var f in report.Figures)
        {
            string[] cells =
            [
                report.Year.ToString(CultureInfo.InvariantCulture), f.Commitment, names[f.Commitment], f.Contractor,
                report.ContractorName(f.Contractor), f.Area, report.AreaName(f.Area), Number(f.Planned), Number(f.Delivered),
                Number(f.OnTime), Number(f.Late), Number(f.NotDelivered),
            ];
            csv.AppendJoin(',', cells.Select(CsvText.Field)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
