using NodaTime;
using Npgsql;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence;
using Scheduler.Persistence.Reports;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Reports;

namespace Scheduler.Worker.Demo;

/// <summary>Writes the simulated year's performance report (HTML), as <c>estate-scheduler report --year Y --out FILE</c> does.</summary>
internal static class DemoYearReport
{
    /// <summary>Reads the year from the database and writes the report to <paramref name="path"/>.</summary>
    public static async Task WriteAsync(NpgsqlDataSource dataSource, EstateConfiguration config, int year, string path, CancellationToken cancellationToken)
    {
        await using var db = EstateDatabase.CreateContext(dataSource);
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(config.Organisation.TimeZone) ?? CliContext.London;
        var gasSchedules = config.Schedules
            .Where(s => s.AppliesTo == AssetKind.Property && s.Recurrence.OfType<FloatingRule>().Any())
            .Select(s => s.Id)
            .ToList();
        var data = await ReportQuery.ReadAsync(db, year, zone, gasSchedules, cancellationToken).ConfigureAwait(false);
        var report = PerformanceReportBuilder.Build(data, year, config, zone);
        await File.WriteAllTextAsync(path, ReportHtmlWriter.Write(report), cancellationToken).ConfigureAwait(false);
    }
}
