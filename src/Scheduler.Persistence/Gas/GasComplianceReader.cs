using Npgsql;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Orders;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// Reads every active gas home's state from the database: its current deadline — counted exactly as generation counts
/// it (<see cref="FloatingHistory.CountsFrom"/>: the later of the last completed order's reg. 36A effective date and
/// the register's <c>last_gas_check</c>) — its appointment booked for that deadline, failed attempts and escalation flag; then the status
/// (<see cref="GasComplianceEvaluator"/>) and BS01 (<see cref="Bs01"/>). The <c>compliance</c> command and the digest's
/// gas alerts both use it, so they always agree with each other and with what generation books.
/// </summary>
public sealed class GasComplianceReader
{
    private const string HomesSql = """
        SELECT h.id, h.address, h.postcode, h.area_id, h.last_gas_check
        FROM homes h
        WHERE h.active AND h.gas
        ORDER BY h.id
        """;

    // Every appointment still booked, earliest first: a home's is the one for its current deadline. One booked for an
    // earlier deadline (its visit never reported, the check made on another order) is not the home's next visit.
    private const string BookedSql = """
        SELECT home_id, deadline, date, slot FROM gas_appointments WHERE status = 'booked' ORDER BY home_id, deadline, date, id
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly EstateConfiguration _config;

    /// <summary>Creates the reader for one configuration (its first gas schedule's rule counts the deadlines).</summary>
    public GasComplianceReader(NpgsqlDataSource dataSource, EstateConfiguration config)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _config = config ?? throw new ArgumentNullException(nameof(config));
    }

    /// <summary>The state of every active gas home on <paramref name="asOf"/>, and BS01.</summary>
    /// <param name="asOf">The day measured.</param>
    /// <param name="dueSoon">How close a deadline makes a home Due; null for the 2-month early window.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<GasComplianceSnapshot> ReadAsync(LocalDate asOf, Period? dueSoon = null, CancellationToken cancellationToken = default)
    {
        var schedules = GasSchedule.All(_config);
        var gas = schedules.Count > 0 ? schedules[0] : null;
        var rule = gas?.Rule ?? GasSafetyRecord.Rule;
        var scheduleId = gas?.Schedule.Id;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var history = await FloatingHistory.ReadAsync(connection, null, _config, cancellationToken).ConfigureAwait(false);
        var booked = await BookedAsync(connection, cancellationToken).ConfigureAwait(false);
        var rows = new List<(string Id, string Address, string Postcode, string Area, LocalDate? Deadline, LocalDate? Visit, string? Slot)>();
        await using (var command = new NpgsqlCommand(HomesSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetString(0);
                LocalDate? registered = reader.IsDBNull(4) ? null : reader.GetFieldValue<LocalDate>(4);
                var last = scheduleId is null ? registered : history.CountsFrom(scheduleId, id, registered);
                LocalDate? deadline = last is { } l ? rule.Deadline(l) : null;
                // A home with no check known: its visit, attempts and escalation are recorded against GasSafetyRecord.NoKnownCheck.
                var visit = booked.TryGetValue((id, GasSafetyRecord.BookingDeadline(deadline)), out var b) ? b : ((LocalDate Date, string Slot)?)null;
                rows.Add((id, reader.GetString(1), reader.GetString(2), reader.GetString(3), deadline, visit?.Date, visit?.Slot));
            }
        }

        var attempts = await GasAppointmentStore.FailedAttemptsAsync(connection, null, [.. rows.Select(r => r.Id)], cancellationToken).ConfigureAwait(false);
        var escalated = await EscalatedAsync(connection, cancellationToken).ConfigureAwait(false);
        var homes = new List<GasHomeState>(rows.Count);
        foreach (var row in rows)
        {
            var recordedAgainst = GasSafetyRecord.BookingDeadline(row.Deadline);
            var failed = attempts.GetValueOrDefault((row.Id, recordedAgainst))?.Count ?? 0;
            var status = GasComplianceEvaluator.Evaluate(
                row.Deadline, asOf, row.Visit, failed > 0 ? AccessOutcome.NoAccess : null, dueSoon ?? GasComplianceEvaluator.DefaultDueSoon);
            homes.Add(new GasHomeState(
                row.Id, row.Address, row.Postcode, row.Area, row.Deadline, status, row.Visit, row.Slot, failed,
                escalated.Contains((row.Id, recordedAgainst))));
        }

        var bs01 = Bs01.Compute(homes.Select(h => (h.HomeId, h.Deadline)), asOf);
        return new GasComplianceSnapshot(asOf, bs01, homes);
    }

    /// <summary>The earliest appointment still booked for each home and deadline.</summary>
    private static async Task<Dictionary<(string HomeId, LocalDate Deadline), (LocalDate Date, string Slot)>> BookedAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(string, LocalDate), (LocalDate, string)>();
        await using var command = new NpgsqlCommand(BookedSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.TryAdd((reader.GetString(0), reader.GetFieldValue<LocalDate>(1)), (reader.GetFieldValue<LocalDate>(2), reader.GetString(3)));
        }

        return result;
    }

    private static async Task<HashSet<(string HomeId, LocalDate Deadline)>> EscalatedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var result = new HashSet<(string, LocalDate)>();
        await using var command = new NpgsqlCommand("SELECT home_id, deadline FROM gas_escalations WHERE resolved_on IS NULL", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add((reader.GetString(0), reader.GetFieldValue<LocalDate>(1)));
        }

        return result;
    }
}
