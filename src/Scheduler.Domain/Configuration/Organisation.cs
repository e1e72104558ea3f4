using Scheduler.Domain.WorkingDays;

namespace Scheduler.Domain.Configuration;

/// <summary>
/// The landlord (config <c>organisation:</c>): its name, time zone for local dates (always Europe/London for
/// a UK landlord) and which nation's bank holidays its working days skip. Phone and email tell tenants how
/// to rearrange an appointment.
/// </summary>
public sealed record Organisation(string Name, string TimeZone, BankHolidayRegion BankHolidays)
{
    /// <summary>Phone number printed on letters; null when not configured.</summary>
    public string? Phone { get; init; }

    /// <summary>Email address printed on letters; null when not configured.</summary>
    public string? Email { get; init; }

    /// <summary>Who receives the daily manager digest (alerts, overdue work); null: no digest is sent.</summary>
    public string? DigestEmail { get; init; }

    /// <summary>
    /// The compliance manager: receives escalations (e.g. a gas check after three no-access visits, with the
    /// evidence); null: escalations go to <see cref="DigestEmail"/>.
    /// </summary>
    public string? ComplianceEmail { get; init; }
}
