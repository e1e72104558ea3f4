namespace Scheduler.Worker.Email;

/// <summary>Which appointment letter a tenant gets: the first, a second (firmer) one, the third and last, the changed one, or the cancelled one.</summary>
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

    /// <summary>
    /// A first appointment that replaces one the tenant was told of, now cancelled (the visit moved): template
    /// <c>tenant-appointment-changed</c>, naming both days (<see cref="AppointmentView.Replaces"/>).
    /// </summary>
    Changed,

    /// <summary>
    /// An appointment the tenant was told of, cancelled with nothing booked instead that says so: template
    /// <c>tenant-appointment-cancelled</c>, naming the cancelled day and why (<see cref="AppointmentView.CheckedOn"/>).
    /// </summary>
    Cancelled,
}
