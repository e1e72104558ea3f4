using Microsoft.Extensions.Logging;

namespace Scheduler.Worker.Hosting.Jobs;

/// <summary>The gas booking's log events (source-generated; ids 4200–4209). Counts and ids only, never tenant details.</summary>
internal static partial class GasBookingLog
{
    [LoggerMessage(4200, LogLevel.Information, "Job {JobKey} ({FireInstanceId}) booked {Booked} gas appointment(s) as of {AsOf} ({ShortNotice} at short notice: listed in the manager digest to ring the tenant); {Unbooked} home(s) could not be booked, {Escalated} escalated, {Closed} order(s) cancelled as their check was made elsewhere")]
    public static partial void GasAppointmentsBooked(this ILogger logger, string jobKey, string fireInstanceId, string asOf, int booked, int shortNotice, int unbooked, int escalated, int closed);
}
