using System.Globalization;
using Scheduler.Persistence;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Commands;
using Scheduler.Worker.Configuration;

namespace Scheduler.Worker.Reports;

/// <summary>
/// <c>estate-scheduler report --year Y [--format html|csv] [--out FILE] [--config DIR]</c>: the yearly performance
/// report (docs/report.md) from the stored work orders, as one self-contained HTML page or as CSV.
/// </summary>
internal static class ReportCommand
{
    /// <summary>The usage lines, for <c>estate-scheduler help</c>.</summary>
    public static readonly string[] Usage =
    [
        "  report   --year YYYY [--format html|csv] [--out FILE] [--config DIR]",
    ];

    public static async Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var yearText = args.Required("year", "2027");
        if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 2000 || year > 2199)
        {
            throw new UsageException($"--year '{yearText}' is not a year: use four digits, e.g. --year 2027.");
        }

        var format = args.Choice("format", "html", "html", "csv");
        var outPath = args.String("out") is { } o ? context.Resolve(o) : null;
        var configDir = context.Resolve(args.String("config", "config")!);
        args.RejectUnknown();
        if (!Directory.Exists(configDir))
        {
            throw new UsageException($"the config folder '{configDir}' does not exist (use --config DIR).");
        }

        if (await context.LoadConfigAsync(configDir, "no report was written").ConfigureAwait(false) is not { } config)
        {
            return 1;
        }

        string? connectionString;
        try
        {
            connectionString = ConnectionSettings.Read(configDir);
            await using var dataSource = await DatabaseCheck.OpenAsync(connectionString, requireMigrated: true, CancellationToken.None).ConfigureAwait(false);
            await using var db = EstateDatabase.CreateContext(dataSource);
            var report = await PerformanceReportBuilder.LoadAsync(db, config, year, CancellationToken.None).ConfigureAwait(false);
            var text = format == "csv" ? ReportCsvWriter.Write(report) : ReportHtmlWriter.Write(report);
            if (outPath is null)
            {
                await context.Out.WriteAsync(text).ConfigureAwait(false);
            }
            else
            {
                await File.WriteAllTextAsync(outPath, text).ConfigureAwait(false);
                await context.Error.WriteLineAsync($"The {year} report ({format}) is in {outPath}.").ConfigureAwait(false);
            }

            return 0;
        }
        catch (DatabaseNotReadyException e)
        {
            await context.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (outPath is not null && e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"{outPath}: cannot write the report: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
