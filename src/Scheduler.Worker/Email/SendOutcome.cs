namespace Scheduler.Worker.Email;

/// <summary>What became of one message in a batch.</summary>
public enum SendOutcome
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>The server accepted it (or the pickup folder holds it).</summary>
    Sent,

    /// <summary>
    /// Not delivered this time, worth trying again later: a 4xx reply, a broken connection, a timeout, a server that
    /// cannot be reached or refuses the login, an unwritable pickup folder.
    /// </summary>
    Transient,

    /// <summary>Refused for good (a 5xx reply): trying again will not help; park the message as dead.</summary>
    Permanent,

    /// <summary>Not tried, because the batch was cancelled first; try it again without counting an attempt.</summary>
    NotAttempted,
}
