using System.Globalization;
using System.Text;
using System.Text.Json;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Persistence;
using Scheduler.Persistence.Gas;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Configuration;
using Scheduler.Worker.Csv;

namespace Scheduler.Worker.Commands;

/// <summary>
/// <c>estate-scheduler compliance [--as-of DATE] [--format text|csv|json] [--config DIR]</c>: the BS01 figure — the
/// proportion of gas homes with an in-date check on the day — and the homes without one (id, address, deadline, status,
/// failed attempts), from the database (<see cref="GasComplianceReader"/>). Text prints the figure and a table; CSV the
/// homes without, one a row; JSON both.
/// </summary>
internal static class ComplianceCommand
{
    /// <summary>Runs the verb from the command line: 2 for a usage mistake, 1 for bad config or a database not ready.</summary>
    public static async Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var asOfGiven = args.Date("as-of");
        var format = args.Choice("format", "text", "text", "csv", "json");
        var configDir = context.Resolve(args.String("config", "config")!);
        args.RejectUnknown();
        if (!Directory.Exists(configDir))
        {
            throw new UsageException($"the config folder '{configDir}' does not exist (use --config DIR).");
        }

        if (await context.LoadConfigAsync(configDir, "nothing was measured").ConfigureAwait(false) is not { } config)
        {
            return 1;
        }

        var asOf = asOfGiven ?? context.Today(config.Organisation);

        try
        {
            var connectionString = ConnectionSettings.Read(configDir);
            await using var dataSource = await DatabaseCheck.OpenAsync(connectionString, requireMigrated: true, CancellationToken.None).ConfigureAwait(false);
            var snapshot = await new GasComplianceReader(dataSource, config).ReadAsync(asOf).ConfigureAwait(false);
            await context.Out.WriteAsync(Render(snapshot, format)).ConfigureAwait(false);
            return 0;
        }
        catch (DatabaseNotReadyException e)
        {
            await context.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The report in <paramref name="format"/> (<c>text</c>, <c>csv</c> or <c>json</c>).</summary>
    public static string Render(GasComplianceSnapshot snapshot, string format)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var without = snapshot.Homes.Where(h => !h.InDate(snapshot.AsOf)).ToList();
        return format switch
        {
            "csv" => Csv(without),
            "json" => Json(snapshot, without),
            _ => Text(snapshot, without),
        };
    }

    /// <summary>The status word: <c>compliant</c>, <c>due</c>, <c>overdue</c> or <c>no-access</c>.</summary>
    public static string StatusText(GasComplianceStatus status) => status switch
    {
        GasComplianceStatus.Compliant => "compliant",
        GasComplianceStatus.Due => "due",
        GasComplianceStatus.Overdue => "overdue",
        GasComplianceStatus.NoAccess => "no-access",
        _ => "unknown",
    };

    private static string Text(GasComplianceSnapshot snapshot, List<GasHomeState> without)
    {
        var text = new StringBuilder();
        var bs01 = snapshot.Bs01;
        var asOf = Iso(snapshot.AsOf);
        text.AppendLine(bs01.Percentage() is { } percent
            ? string.Create(CultureInfo.InvariantCulture, $"BS01 gas safety as of {asOf}: {bs01.WithInDateCheck} of {bs01.Total} gas homes have an in-date check ({percent:0.0}%)")
            : $"BS01 gas safety as of {asOf}: there are no gas homes (the measure does not apply)");
        if (without.Count == 0)
        {
            return text.ToString();
        }

        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{without.Count} home(s) without an in-date check:"));
        var rows = without.Select(h => new[] { h.HomeId, h.Address, h.Deadline is { } d ? Iso(d) : "none known", Status(h), h.FailedAttempts.ToString(CultureInfo.InvariantCulture) }).ToList();
        string[] header = ["home", "address", "deadline", "status", "attempts"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }

        return text.ToString();
    }

    private static string Csv(List<GasHomeState> without)
    {
        var csv = new StringBuilder("home,address,postcode,area,deadline,status,attempts,escalated\n");
        foreach (var h in without)
        {
            string[] cells = [h.HomeId, h.Address, h.Postcode, h.AreaId, h.Deadline is { } d ? Iso(d) : string.Empty, StatusText(h.Status),
                h.FailedAttempts.ToString(CultureInfo.InvariantCulture), h.Escalated ? "true" : "false"];
            csv.AppendJoin(',', cells.Select(CsvText.Field)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Json(GasComplianceSnapshot snapshot, List<GasHomeState> without)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("measure", "BS01");
            json.WriteString("asOf", Iso(snapshot.AsOf));
            json.WriteNumber("withInDateCheck", snapshot.Bs01.WithInDateCheck);
            json.WriteNumber("total", snapshot.Bs01.Total);
            if (snapshot.Bs01.Percentage() is { } percent)
            {
                json.WriteNumber("percentage", percent);
            }
            else
            {
                json.WriteNull("percentage");
            }

            json.WriteStartArray("without");
            foreach (var h in without)
            {
                json.WriteStartObject();
                json.WriteString("home", h.HomeId);
                json.WriteString("address", h.Address);
                json.WriteString("postcode", h.Postcode);
                json.WriteString("area", h.AreaId);
                if (h.Deadline is { } d)
                {
                    json.WriteString("deadline", Iso(d));
                }
                else
                {
                    json.WriteNull("deadline");
                }

                json.WriteString("status", StatusText(h.Status));
                json.WriteNumber("attempts", h.FailedAttempts);
                json.WriteBoolean("escalated", h.Escalated);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    private static string Status(GasHomeState home) => StatusText(home.Status) + (home.Escalated ? " (escalated)" : string.Empty);

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
