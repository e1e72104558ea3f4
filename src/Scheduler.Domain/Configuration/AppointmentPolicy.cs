using NodaTime;

namespace Scheduler.Domain.Configuration;

/// <summary>
/// How appointments with tenants are booked for a schedule (config:
/// <c>appointment: { slots: [AM, PM], notice: 14 days, attempts: 3 }</c>).
/// </summary>
/// <param name="Slots">The slots a day is divided into, e.g. AM and PM.</param>
/// <param name="Notice">Minimum time between the first letter and the appointment.</param>
/// <param name="Attempts">Documented attempts before escalation.</param>
public sealed record AppointmentPolicy(IReadOnlyList<string> Slots, Period Notice, int Attempts);
