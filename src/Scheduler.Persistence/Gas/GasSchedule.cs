using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// A schedule the gas-safety machinery works on: a floating schedule (reg. 36A) with an <c>appointment:</c> policy.
/// Its orders are booked with tenants, their completions recorded in <c>gas_checks</c> and their attempts in
/// <c>gas_appointments</c>.
/// </summary>
/// <param name="Schedule">The schedule from config.</param>
/// <param name="Rule">Its floating rule (12 months, early window 2 months).</param>
/// <param name="Policy">Its appointment policy (slots, notice, attempts, engineers per area).</param>
public sealed record GasSchedule(Schedule Schedule, FloatingRule Rule, AppointmentPolicy Policy)
{
    /// <summary>Every gas schedule of <paramref name="config"/>, in config order (normally one: <c>gas-safety</c>).</summary>
    public static IReadOnlyList<GasSchedule> All(EstateConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var result = new List<GasSchedule>();
        foreach (var schedule in config.Schedules)
        {
            if (schedule.Appointment is { } policy && schedule.Recurrence.OfType<FloatingRule>().FirstOrDefault() is { } rule)
            {
                result.Add(new GasSchedule(schedule, rule, policy));
            }
        }

        return result;
    }
}
