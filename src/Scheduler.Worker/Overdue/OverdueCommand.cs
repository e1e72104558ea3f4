using System.Globalization;
using System.Text.Json;
using NodaTime;
using Scheduler.Domain.Planning;
using Scheduler.Persistence;
using Scheduler.Persistence.Reports;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Commands;
using Scheduler.Worker.Csv;

namespace Scheduler.Worker.Overdue;

/// <summary>
/// <c>estate-scheduler overdue [--as-of DATE] [--format table|csv|json] [--config DIR]</c>: the work orders past their
/// window (planned work) or SLA deadline (repairs) with no completion on a day (<see cref="OverdueQuery"/>), by contractor.
/// </summary>
internal static class OverdueCommand
{
    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "contractor,reference,service,asset,status,sla_category,due_date,sla_due_at,days_overdue";

    /// <summary>The usage lines, for <c>estate-scheduler help</c>.</summary>
    public static readonly string[] Usage =
    [
        "  overdue  [--as-of DATE] [--format table|csv|json] [--config DIR]",
    ];

    public static async Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var asOfGiven = args.Date("as-of");
        var format = args.Choice("format", "table", "table", "csv", "json");
        var configDir = context.Resolve(args.String("config", "config")!);
        args.RejectUnknown();

        // Config says each gas schedule's interval: a gas order whose deadline's check is known is not listed (OverdueQuery).
        if (await context.LoadConfigAsync(configDir, "nothing was listed").ConfigureAwait(false) is not { } config)
        {
            return 1;
        }

        var asOf = asOfGiven ?? context.Today(config.Organisation);
        try
        {
            var connectionString = ConnectionSettings.Read(configDir);
            await using var dataSource = await DatabaseCheck.OpenAsync(connectionString, requireMigrated: true, CancellationToken.None).ConfigureAwait(false);
            await using var db = EstateDatabase.CreateContext(dataSource);
            var orders = await OverdueQuery.ListAsync(db, asOf, config.Organisation.Zone, config.FloatingRules(), CancellationToken.None).ConfigureAwait(false);
            await context.Out.WriteAsync(format switch
            {
                "csv" => Csv(orders, asOf),
                "json" => Json(orders, asOf),
                _ => Table(orders, asOf),
            }).ConfigureAwait(false);
            return 0;
        }
        catch (DatabaseNotReadyException e)
        {
            await context.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    private static string[] Cells(OverdueOrder o, LocalDate asOf) =>
    [
        o.ContractorId ?? string.Empty, o.Reference, o.Service, o.AssetId, o.Status.ToText(), o.SlaCategory ?? string.Empty,
        OverdueText.Iso(o.DueDate), o.SlaDueAt?.ToString() ?? string.Empty,
        OverdueText.DaysOverdue(o, asOf).ToString(CultureInfo.InvariantCulture),
    ];

    private static string Csv(List<OverdueOrder> orders, LocalDate asOf) =>
        string.Concat(orders.Select(o => string.Join(',', Cells(o, asOf).Select(CsvText.Field)) + "\n").Prepend(CsvHeader + "\n"));

    private static string Table(List<OverdueOrder> orders, LocalDate asOf)
    {
        var rows = new List<string[]> { CsvHeader.Split(',') };
        rows.AddRange(orders.Select(o => Cells(o, asOf)));
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var lines = rows.Select(r => string.Join("  ", r.Select((c, i) => c.PadRight(widths[i]))).TrimEnd() + "\n");
        return string.Concat(lines) + string.Create(CultureInfo.InvariantCulture, $"{orders.Count} overdue order(s) on {OverdueText.Iso(asOf)}\n");
    }

    private static string Json(List<OverdueOrder> orders, LocalDate asOf)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var o in orders)
            {
                json.WriteStartObject();
                json.WriteString("contractor", o.ContractorId);
                json.WriteString("reference", o.Reference);
                json.WriteString("service", o.Service);
                json.WriteString("asset", o.AssetId);
                json.WriteString("status", o.Status.ToText());
                json.WriteString("slaCategory", o.SlaCategory);
                json.WriteString("dueDate", OverdueText.Iso(o.DueDate));
                json.WriteString("slaDueAt", o.SlaDueAt?.ToString());
                json.WriteNumber("daysOverdue", OverdueText.DaysOverdue(o, asOf));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
