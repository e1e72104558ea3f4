using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Outbox;

/// <summary>The hours of an appointment slot in the configuration in force, for the letters and notices that word it.</summary>
internal static class SlotHoursLookup
{
    /// <summary>
    /// The hours of <paramref name="slot"/> in <paramref name="config"/> (not as it was when the message was queued):
    /// those of the first schedule of <paramref name="service"/> with an appointment policy that lists the slot; null
    /// when none gives it hours (the message then words the slot alone).
    /// </summary>
    public static SlotHours? Of(EstateConfiguration config, string service, string? slot)
    {
        if (string.IsNullOrEmpty(slot))
        {
            return null;
        }

        foreach (var schedule in config.Schedules)
        {
            if (schedule.Appointment is { } policy && string.Equals(schedule.Service, service, StringComparison.Ordinal)
                && policy.Slots.Contains(slot, StringComparer.Ordinal))
            {
                return policy.HoursOf(slot);
            }
        }

        return null;
    }
}
