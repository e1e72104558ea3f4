namespace Scheduler.Worker.Email;

/// <summary>What to do with a message after a send attempt.</summary>
public enum RetryAction
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>It was sent: mark it sent.</summary>
    Done,

    /// <summary>Try again at <see cref="RetryDecision.RetryAt"/>.</summary>
    Retry,

    /// <summary>Park it as dead with its last error: refused for good, or out of attempts.</summary>
    Dead,
}
