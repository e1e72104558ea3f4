using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using Npgsql;

namespace Scheduler.Drills;

/// <summary>
/// The contractors' side of the first-run drill's second night: the CSV they send of one day's visits
/// (docs/feedback.md, CSV import), for <c>import-completions</c>. Which orders were visited on the day: each planned or
/// issued order aimed at the day (its target date) that no gas appointment holds, and each gas order booked for the day,
/// as the demo's <c>CompletionSimulation</c> chooses them. The outcome of each is fixed by its reference alone: done
/// (about 93%), no access (about 5%, with a note) or done with a defect found (about 2%: a gas visit
/// <c>gas-heating-non-urgent</c>, any other <c>repairs-routine</c>, with a note), so the CSV is the same on every run
/// of the same estate and day. The drill's own read; the product never runs it.
/// </summary>
internal static class DayOneVisits
{
    public const double NoAccessShare = 0.05;

    public const double DefectShare = 0.02;

    private const string VisitsSql = """
        SELECT w.reference, w.contractor_id, w.service = 'gas-safety'
        FROM work_orders w
        WHERE w.target_date = @day AND w.status IN ('planned', 'issued') AND w.sla_category IS NULL AND w.contractor_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM gas_appointments a WHERE a.work_order_id = w.id AND a.status <> 'cancelled')
        UNION ALL
        SELECT w.reference, w.contractor_id, true
        FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id
        WHERE a.date = @day AND a.status = 'booked' AND w.status IN ('planned', 'issued', 'appointed') AND w.contractor_id IS NOT NULL
        ORDER BY 1
        """;

    /// <summary>Writes <paramref name="day"/>'s visits to <paramref name="file"/>; returns how many, and what it wrote in words.</summary>
    public static async Task<(int Rows, string Words)> WriteAsync(string connection, LocalDate day, string file)
    {
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var csv = new StringBuilder("reference,contractor,date,outcome,category,note\n");
        int done = 0, noAccess = 0, defects = 0, gas = 0;
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand(VisitsSql, db);
            command.Parameters.AddWithValue("day", day.ToDateOnly());
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var (reference, contractor, isGas) = (reader.GetString(0), reader.GetString(1), reader.GetBoolean(2));
                gas += isGas ? 1 : 0;
                var draw = Draw(reference);
                if (draw < NoAccessShare)
                {
                    noAccess++;
                    csv.Append(CultureInfo.InvariantCulture, $"{reference},{contractor},{date},no-access,,\"Tenant away, card left\"\n");
                }
                else if (draw < NoAccessShare + DefectShare)
                {
                    defects++;
                    var (category, note) = isGas
                        ? ("gas-heating-non-urgent", "Radiator valve \"\"stiff\"\" in the back bedroom")
                        : ("repairs-routine", "Cracked pane in the communal door");
                    csv.Append(CultureInfo.InvariantCulture, $"{reference},{contractor},{date},defect,{category},\"{note}\"\n");
                }
                else
                {
                    done++;
                    csv.Append(CultureInfo.InvariantCulture, $"{reference},{contractor},{date},done,,\n");
                }
            }
        }

        await File.WriteAllTextAsync(file, csv.ToString()).ConfigureAwait(false);
        var rows = done + noAccess + defects;
        return (rows, $"day 1's visits ({date}), as the contractors send them: {rows:N0} rows ({gas:N0} gas), "
            + $"{done:N0} done, {noAccess:N0} no access, {defects:N0} with a defect");
    }

    /// <summary>A number in [0, 1) fixed by the reference alone.</summary>
    private static double Draw(string reference)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(reference));
        return BitConverter.ToUInt32(hash, 0) / (uint.MaxValue + 1.0);
    }
}
