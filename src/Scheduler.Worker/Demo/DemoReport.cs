using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NodaTime;
using Scheduler.Persistence;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Worker.Demo;

/// <summary>Where the demo put things, for the "where to look" lines.</summary>
/// <param name="PickupDirectory">The folder the emails were written to.</param>
/// <param name="Planner">The year planner (HTML) written from the calendars.</param>
/// <param name="ConnectionString">The database, without its password.</param>
/// <param name="Cluster">The demo's own cluster, or null when the user's database was used.</param>
/// <param name="Rerun">The command that runs the demo again.</param>
/// <param name="Report">The year's performance report (HTML) written from the database, or null when the range spans two years.</param>
internal sealed record DemoPlaces(string PickupDirectory, string Planner, string ConnectionString, LocalPostgres? Cluster, string Rerun, string? Report = null);

/// <summary>What the database says at the end of the run: BS01 on the last day, and the gas homes ever escalated.</summary>
/// <param name="Bs01">BS01 on the last simulated day (<see cref="Persistence.Gas.GasComplianceReader"/>).</param>
/// <param name="Escalated">Gas homes with an escalation to the compliance manager (<c>gas_escalations</c>), resolved or not.</param>
internal sealed record DemoYearEnd(Domain.Compliance.Bs01Result Bs01, int Escalated);

/// <summary>
/// The demo's closing summary: work orders created by service and month (a table), the outbox's messages by kind and
/// status, the <c>.eml</c> files in the pickup folder, the contractors' simulated reports (by outcome, repairs raised and
/// completed, late ones), gas homes escalated, BS01 on the last day, and where to look.
/// </summary>
internal static class DemoReport
{
    /// <summary>
    /// The outbox's messages, counted by kind and status; a pending message written ahead of its time whose release is
    /// after <paramref name="now"/> (issueAhead, letterAhead) counts as <c>scheduled</c>, not pending.
    /// </summary>
    public static async Task<IReadOnlyDictionary<(string Kind, string Status), int>> CountMessagesAsync(NpgsqlDataSource dataSource, Instant now, CancellationToken cancellationToken)
    {
        await using var db = EstateDatabase.CreateContext(dataSource);
        var rows = await db.OutboxMessages
            .Select(m => new { m.Kind, Status = m.Status == OutboxStatuses.Pending && m.ReleaseAt != null && m.ReleaseAt > now ? "scheduled" : m.Status })
            .GroupBy(m => new { m.Kind, m.Status })
            .Select(g => new { g.Key.Kind, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => (r.Kind, r.Status), r => r.Count);
    }

    /// <summary>BS01 on <paramref name="last"/> and the gas homes escalated, read from the database.</summary>
    public static async Task<DemoYearEnd> YearEndAsync(NpgsqlDataSource dataSource, Domain.Configuration.EstateConfiguration config, NodaTime.LocalDate last, CancellationToken cancellationToken)
    {
        var bs01 = (await new Persistence.Gas.GasComplianceReader(dataSource, config).ReadAsync(last, cancellationToken: cancellationToken).ConfigureAwait(false)).Bs01;
        await using var command = dataSource.CreateCommand("SELECT count(DISTINCT home_id) FROM gas_escalations");
        var escalated = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        return new DemoYearEnd(bs01, escalated);
    }

    /// <summary>Why messages are dead: each kind's distinct last errors with their counts, most frequent first.</summary>
    public static async Task<IReadOnlyList<(string Kind, string Error, int Count)>> DeadReasonsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var db = EstateDatabase.CreateContext(dataSource);
        var rows = await db.OutboxMessages
            .Where(m => m.Status == "dead")
            .GroupBy(m => new { m.Kind, m.LastError })
            .Select(g => new { g.Key.Kind, g.Key.LastError, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderByDescending(r => r.Count).Select(r => (r.Kind, r.LastError ?? "no error recorded", r.Count))];
    }

    /// <summary>Writes the summary.</summary>
    public static void Write(
        TextWriter output, DemoTally tally, TimeSpan elapsed, IReadOnlyDictionary<(string Kind, string Status), int> messages,
        IReadOnlyList<(string Kind, string Error, int Count)> dead, int emlFiles, DemoYearEnd yearEnd, DemoPlaces places)
    {
        ArgumentNullException.ThrowIfNull(yearEnd);
        var bs01 = yearEnd.Bs01;
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(dead);
        ArgumentNullException.ThrowIfNull(places);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv,
            $"Simulated {tally.From:uuuu-MM-dd} to {tally.To:uuuu-MM-dd} ({tally.Days} days) in {elapsed.TotalSeconds:0.0} s "
            + $"(generate {tally.Time.Generate.TotalSeconds:0.0} s, dispatch {tally.Time.Dispatch.TotalSeconds:0.0} s, reports {tally.Time.Complete.TotalSeconds:0.0} s): "
            + $"each day generate ({YearSimulation.GenerateAt:HH:mm}), dispatch ({YearSimulation.DispatchAt:HH:mm}), contractors' reports ({YearSimulation.CompleteAt:HH:mm}) on a simulated clock."));
        output.WriteLine();
        output.WriteLine("Work orders created, by service and month of target date ('later': after the last simulated day, created ahead by the rolling horizon):");
        WriteOrders(output, tally);
        output.WriteLine(string.Create(inv, $"Cancelled by generation during the run: {tally.Cancelled}."));
        output.WriteLine(string.Create(inv,
            $"Gas appointments booked: {tally.Gas.Booked} (each with its tenant letter)."));
        var c = tally.Completions;
        output.WriteLine(string.Create(inv,
            $"Contractors' reports recorded (simulated, seed {tally.Seed}, through the recorder every route uses): {c.VisitsTotal} visits: "
            + $"{c.Visits(VisitOutcome.Done)} done, {c.Visits(VisitOutcome.NoAccess)} no access, {c.Visits(VisitOutcome.Defect)} done with a defect."));
        output.WriteLine(string.Create(inv,
            $"Repairs raised from defects: {c.RepairsRaised}; repairs completed: {c.RepairsDone}, {c.RepairsLate} of them after their SLA deadline."));
        if (c.Refused > 0)
        {
            output.WriteLine(string.Create(inv, $"Reports the recorder refused: {c.Refused}, e.g. {string.Join(" | ", c.Refusals.Take(2))}"));
        }

        output.WriteLine(string.Create(inv,
            $"Gas homes escalated to the compliance manager (3 attempts without access, or a deadline the booking cannot meet): {yearEnd.Escalated}."));
        output.WriteLine(bs01.Total == 0
            ? $"BS01 on {tally.To:uuuu-MM-dd}: there are no gas homes."
            : string.Create(inv, $"BS01 on {tally.To:uuuu-MM-dd}: {bs01.WithInDateCheck} of {bs01.Total} gas homes have an in-date gas safety check ({bs01.Percentage()}%)."));
        output.WriteLine();
        output.WriteLine("Messages in the outbox, by kind and status:");
        WriteMessages(output, messages);
        foreach (var (kind, error, count) in dead.Take(5))
        {
            output.WriteLine(string.Create(inv, $"  dead {kind} ({count}): {error}"));
        }

        output.WriteLine(string.Create(inv, $"Emails written to the pickup folder: {emlFiles} .eml files."));
        output.WriteLine();
        output.WriteLine("Where to look:");
        output.WriteLine($"  emails    {places.PickupDirectory}  (one .eml per message; open with any mail client)");
        output.WriteLine($"  letters   {Path.Combine(Path.GetDirectoryName(places.PickupDirectory)!, "letters")}  (tenants who get letters by post: one printable file for each day the post goes, for the mailing house)");
        output.WriteLine($"  planner   {places.Planner}  (the year as the calendars plan it; open in a browser)");
        output.WriteLine($"  database  {places.ConnectionString}");
        output.WriteLine($"            e.g. {EstateDatabase.ConnectionStringVariable}='{places.ConnectionString}' dotnet run --project src/Scheduler.Worker -- orders --from {tally.From:uuuu-MM-dd} --to {tally.From.PlusDays(6):uuuu-MM-dd}");
        if (tally.From.Year == tally.To.Year)
        {
            if (places.Report is { } report)
            {
                output.WriteLine($"  report    {report}  (the {tally.From.Year} performance report: on time, RP02, BS01; open in a browser)");
            }

            output.WriteLine($"            e.g. {EstateDatabase.ConnectionStringVariable}='{places.ConnectionString}' dotnet run --project src/Scheduler.Worker -- report --year {tally.From.Year} --out report.html");
        }

        if (places.Cluster is { } cluster)
        {
            output.WriteLine($"  cluster   {cluster.DataDirectory}  (log {cluster.LogFile}); it keeps running. Stop it with:");
            output.WriteLine($"            {cluster.StopCommand}");
            output.WriteLine($"            (the next demo starts it again; delete {cluster.Root} to remove it)");
        }

        output.WriteLine($"  rerun     {places.Rerun}  (starts again from an empty database; add --serve to keep it running as the worker)");
    }

    private static void WriteOrders(TextWriter output, DemoTally tally)
    {
        var columns = tally.Columns;
        var services = tally.Services;
        var width = Math.Max("service".Length, services.Select(s => s.Length).DefaultIfEmpty(0).Max());
        var header = "  " + "service".PadRight(width) + string.Concat(columns.Select(c => " " + Label(c, tally).PadLeft(6))) + "   total";
        output.WriteLine(header);
        foreach (var service in services)
        {
            WriteRow(output, service.PadRight(width), columns.Select(c => tally.Created(service, c)), tally.Created(service));
        }

        WriteRow(output, "total".PadRight(width), columns.Select(c => tally.Created(column: c)), tally.Created());
    }

    private static void WriteRow(TextWriter output, string name, IEnumerable<int> cells, int total) =>
        output.WriteLine("  " + name + string.Concat(cells.Select(n => " " + n.ToString(CultureInfo.InvariantCulture).PadLeft(6))) + " " + total.ToString(CultureInfo.InvariantCulture).PadLeft(7));

    /// <summary>A month column as its three-letter name when the range is within one year, else as yyyy-MM.</summary>
    private static string Label(string column, DemoTally tally) =>
        column is DemoTally.Later or DemoTally.Earlier || tally.From.Year != tally.To.Year
            ? column
            : CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(int.Parse(column[5..], CultureInfo.InvariantCulture));

    private static void WriteMessages(TextWriter output, IReadOnlyDictionary<(string Kind, string Status), int> messages)
    {
        string[] statuses = ["sent", "scheduled", "pending", "sending", "dead", "superseded"];
        var kinds = messages.Keys.Select(k => k.Kind).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var width = Math.Max("kind".Length, kinds.Select(k => k.Length).DefaultIfEmpty(0).Max());
        output.WriteLine("  " + "kind".PadRight(width) + string.Concat(statuses.Select(s => " " + s.PadLeft(10))));
        foreach (var kind in kinds)
        {
            output.WriteLine("  " + kind.PadRight(width) + string.Concat(statuses.Select(s => " " + messages.GetValueOrDefault((kind, s)).ToString(CultureInfo.InvariantCulture).PadLeft(10))));
        }

        output.WriteLine("  " + "total".PadRight(width) + string.Concat(statuses.Select(s =>
            " " + messages.Where(m => m.Key.Status == s).Sum(m => m.Value).ToString(CultureInfo.InvariantCulture).PadLeft(10))));
    }
}
