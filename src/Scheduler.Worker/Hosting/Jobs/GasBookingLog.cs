using Microsoft.Extensions.Logging;

namespace Scheduler.Worker.Hosting.Jobs;

/// <summary>
/// The gas booking's log event (source-generated; id 4040, among the host's 4000–4099: until session 36 it was 4200, which
/// is also the feedback's "recorded" event). Counts and ids only, never tenant details.
/// </summary>
internal static partial class GasBookingLog
{
    [LoggerMessage(4040, LogLevel.Information, "Job {JobKey} ({FireInstanceId}) booked {Booked} gas appointment(s) as of {AsOf} ({ShortNotice} at short notice: listed in the manager digest to ring the tenant); {Unbooked} home(s) could not be booked, {Escalated} escalated, {Closed} order(s) cancelled as their check was made elsewhere")]
    public static partial void GasAppointmentsBooked(this ILogger logger, string jobKey, string fireInstanceId, string asOf, int booked, int shortNotice, int unbooked, int escalated, int closed);
}
