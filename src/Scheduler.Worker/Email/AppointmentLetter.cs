namespace Scheduler.Worker.Email;

/// <summary>Which appointment letter a tenant gets: the first, a second (firmer) one, or the third and last.</summary>
public enum AppointmentLetter
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>The first letter: template <c>tenant-appointment-first</c>.</summary>
    First,

    /// <summary>After a missed or refused appointment: template <c>tenant-appointment-second</c>.</summary>
    Second,

    /// <summary>The last attempt before escalation: template <c>tenant-appointment-third</c>.</summary>
    Third,
}
