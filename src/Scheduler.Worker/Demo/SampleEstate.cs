using System.Globalization;
using System.Text;
using NodaTime.Text;
using Scheduler.Worker.Csv;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Demo;

/// <summary>
/// The shipped sample estate (<c>config/sample</c>) is dated for one demo year, <see cref="Year"/>: its homes' last gas
/// checks fall in the two years before it, and its components' install years (kitchens, bathrooms, boilers …) are aged
/// against it. A demo of another year reads a copy with those dates moved by whole years (<see cref="MoveTo"/>), so every
/// year shows the same estate: gas checks spread over the year as in <see cref="Year"/>, not all lapsed in January (a later
/// year) or dated after the year starts (an earlier one, which the register refuses).
/// </summary>
internal static class SampleEstate
{
    /// <summary>The demo year the sample's dates were written for.</summary>
    public const int Year = 2027;

    /// <summary>The column holding a date moved with the year (a home's last gas safety check).</summary>
    public const string DateColumn = "last_gas_check";

    /// <summary>Columns holding a year (or an ISO date) moved with the year: every column whose name ends so (components' install years).</summary>
    public const string YearColumnSuffix = "_year";

    /// <summary>
    /// Copies every CSV file of <paramref name="sampleDirectory"/> into <paramref name="outDirectory"/> (emptied of CSV
    /// files first), with each non-empty <see cref="DateColumn"/> cell and each non-empty cell of a column ending
    /// <see cref="YearColumnSuffix"/> moved by <paramref name="years"/> (29 February to 28 February when the year is not a
    /// leap year). Every other cell, and the order of rows and columns, stays as it was. A cell that is not a date or a
    /// year is copied unchanged (the register's own reading then reports it where it stands). Returns the number of cells
    /// moved.
    /// </summary>
    public static int MoveTo(string sampleDirectory, string outDirectory, int years)
    {
        Directory.CreateDirectory(outDirectory);
        foreach (var stale in Directory.GetFiles(outDirectory, "*.csv"))
        {
            File.Delete(stale);
        }

        var moved = 0;
        foreach (var path in Directory.GetFiles(sampleDirectory, "*.csv").Order(StringComparer.Ordinal))
        {
            var (records, problems) = CsvFile.ReadAll(File.ReadAllText(path), path);
            if (problems.Count > 0)
            {
                // Not ours to mend: copied as it is, and the register's reading reports it.
                File.Copy(path, Path.Combine(outDirectory, Path.GetFileName(path)));
                continue;
            }

            var header = records.Count > 0 ? records[0].Fields.Select(f => f.Value).ToList() : [];
            var csv = new StringBuilder();
            for (var r = 0; r < records.Count; r++)
            {
                var record = records[r];
                for (var i = 0; i < record.Fields.Count; i++)
                {
                    if (i > 0)
                    {
                        csv.Append(',');
                    }

                    var value = record.Fields[i].Value;
                    if (r > 0 && i < header.Count && Move(header[i], value, years) is { } shifted)
                    {
                        value = shifted;
                        moved++;
                    }

                    CsvText.AppendField(csv, value);
                }

                csv.Append('\n');
            }

            File.WriteAllText(Path.Combine(outDirectory, Path.GetFileName(path)), csv.ToString());
        }

        return moved;
    }

    // A year column holds a four-digit year or an ISO date (docs/register.md); the date column an ISO date.
    private static string? Move(string column, string value, int years)
    {
        var yearColumn = column.EndsWith(YearColumnSuffix, StringComparison.Ordinal);
        if (!yearColumn && column != DateColumn)
        {
            return null;
        }

        if (LocalDatePattern.Iso.Parse(value) is { Success: true } date)
        {
            return LocalDatePattern.Iso.Format(date.Value.PlusYears(years));
        }

        return yearColumn && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            ? (year + years).ToString(CultureInfo.InvariantCulture)
            : null;
    }
}
