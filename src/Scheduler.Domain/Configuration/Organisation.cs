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
}
