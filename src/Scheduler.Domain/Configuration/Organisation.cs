using NodaTime;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Domain.Configuration;

/// <summary>
/// The landlord (config <c>organisation:</c>): its name, time zone for local dates (Europe/London for a UK
/// landlord) and which nation's bank holidays its working days skip. Phone and email tell tenants how to rearrange an
/// appointment.
/// </summary>
/// <remarks>
/// <see cref="Zone"/> is the one rule for turning an instant into a local date (and a local time into an instant):
/// every part of the product that does so takes it from here, resolved once when the organisation is made (the config
/// loader refuses a <c>timeZone</c> that is not a tz database id, so a loaded configuration always has one).
/// </remarks>
public sealed record Organisation(string Name, string TimeZone, BankHolidayRegion BankHolidays)
{
    private readonly DateTimeZone? _zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone);

    /// <summary>The tz database id of the landlord's zone (config <c>organisation.timeZone</c>).</summary>
    public string TimeZone
    {
        get;
        init
        {
            field = value;
            _zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(value);
        }
    } = TimeZone;

    /// <summary>
    /// The landlord's zone (<see cref="TimeZone"/>, resolved once): local dates (today, a visit's day, a report's day, the
    /// start of a release day) and slot hours are in it.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="TimeZone"/> is not a tz database id (only a configuration
    /// with problems, which is never used, can hold one).</exception>
    public DateTimeZone Zone => _zone ?? throw new InvalidOperationException(
        $"organisation.timeZone '{TimeZone}' is not a time zone in the tz database; the configuration has problems and cannot be used.");

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

    /// <summary>Its name, zone and region: never an email address or the phone number (logs carry ids).</summary>
    public override string ToString() =>
        $"Organisation {{ Name = {Name}, TimeZone = {TimeZone}, BankHolidays = {BankHolidays}, Phone = {(Phone is null ? "(none)" : "(withheld)")}, Email = {(Email is null ? "(none)" : "(withheld)")}, DigestEmail = {(DigestEmail is null ? "(none)" : "(withheld)")}, ComplianceEmail = {(ComplianceEmail is null ? "(none)" : "(withheld)")} }}";
}
