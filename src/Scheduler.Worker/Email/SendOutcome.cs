namespace Scheduler.Worker.Email;

/// <summary>What became of one message in a batch.</summary>
public enum SendOutcome
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>The server accepted it (or the pickup folder holds it).</summary>
    Sent,

    /// <summary>
    /// Not delivered this time, worth trying again later: a 4xx reply, a broken connection, a timeout while sending.
    /// Counts as an attempt.
    /// </summary>
    Transient,

    /// <summary>Refused for good (a 5xx reply): trying again will not help; park the message as dead.</summary>
    Permanent,

    /// <summary>Not tried, because the batch was cancelled first; try it again without counting an attempt.</summary>
    NotAttempted,

    /// <summary>
    /// Not tried, because no connection to the server could be made at all (connection refused, DNS, TLS handshake,
    /// timeout connecting), the server turned the connection away (421 at the greeting: busy or throttling; the result
    /// carries the code) or refused the login, or the pickup folder cannot be written: the outage is the server's (or its settings'), not the
    /// message's. Try it again later without counting an attempt; the dispatcher backs off as a whole.
    /// </summary>
    Unreachable,
}
