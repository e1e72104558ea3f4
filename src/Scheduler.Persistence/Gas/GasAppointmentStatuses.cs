namespace Scheduler.Persistence.Gas;

/// <summary>The states of a gas appointment (<c>gas_appointments.status</c>).</summary>
public static class GasAppointmentStatuses
{
    /// <summary>Booked and the letter queued; not reported on yet.</summary>
    public const string Booked = "booked";

    /// <summary>The engineer got in: the check was made (done, or done with a defect found).</summary>
    public const string Attended = "attended";

    /// <summary>The engineer could not get in.</summary>
    public const string NoAccess = "no-access";

    /// <summary>The order was cancelled before the visit (e.g. replaced by planning); the attempt number is free again.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Every status.</summary>
    public static IReadOnlyList<string> All { get; } = [Booked, Attended, NoAccess, Cancelled];
}
