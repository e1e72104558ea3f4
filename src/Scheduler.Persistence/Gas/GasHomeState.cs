using NodaTime;
using Scheduler.Domain.Compliance;

namespace Scheduler.Persistence.Gas;

/// <summary>Where one gas home stands on a day, from the database (see <see cref="GasComplianceReader"/>).</summary>
/// <param name="HomeId">The home.</param>
/// <param name="Address">Its address (for the manager; never logged).</param>
/// <param name="Postcode">Its postcode.</param>
/// <param name="AreaId">Its area.</param>
/// <param name="Deadline">The current deadline (in date up to and including it); null when no check is known.</param>
/// <param name="Status">Compliant, Due, Overdue or NoAccess (<see cref="GasComplianceEvaluator"/>).</param>
/// <param name="Appointment">The next booked appointment's day; null when none is booked.</param>
/// <param name="AppointmentSlot">Its slot; null when none is booked.</param>
/// <param name="FailedAttempts">No-access attempts against the current deadline.</param>
/// <param name="Escalated">True while the home is flagged (every allowed attempt failed and no check has been made since).</param>
public sealed record GasHomeState(
    string HomeId,
    string Address,
    string Postcode,
    string AreaId,
    LocalDate? Deadline,
    GasComplianceStatus Status,
    LocalDate? Appointment,
    string? AppointmentSlot,
    int FailedAttempts,
    bool Escalated)
{
    /// <summary>True when the check is in date on the day measured (BS01): the deadline is on or after it.</summary>
    public bool InDate(LocalDate asOf) => Deadline is { } d && d >= asOf;

    /// <summary>Ids, dates and counts only: never the address or the postcode (logs carry ids).</summary>
    public override string ToString() =>
        $"GasHomeState {{ HomeId = {HomeId}, Address = (withheld), Postcode = (withheld), AreaId = {AreaId}, Deadline = {Deadline}, Status = {Status}, "
        + $"Appointment = {Appointment}, AppointmentSlot = {AppointmentSlot}, FailedAttempts = {FailedAttempts}, Escalated = {Escalated} }}";
}

/// <summary>Every gas home's state on <paramref name="AsOf"/> and the BS01 figure computed from the same deadlines.</summary>
/// <param name="AsOf">The day measured.</param>
/// <param name="Bs01">The regulator's measure: gas homes with an in-date check.</param>
/// <param name="Homes">Every active gas home, in id order.</param>
public sealed record GasComplianceSnapshot(LocalDate AsOf, Bs01Result Bs01, IReadOnlyList<GasHomeState> Homes);
