namespace Scheduler.Worker.Email;

/// <summary>The iTIP method of a calendar file (RFC 5546); the MIME <c>text/calendar</c> part carries the same one.</summary>
public enum CalendarMethod
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary><c>REQUEST</c>: add the events, or update them when their UIDs are already in the calendar.</summary>
    Request,

    /// <summary><c>CANCEL</c>: remove the events with these UIDs (sent with a higher SEQUENCE than the last request).</summary>
    Cancel,
}
