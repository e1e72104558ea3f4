using NodaTime;

namespace Scheduler.Worker.Email;

/// <summary>The decision after a send attempt: done, retry at a time, or dead.</summary>
/// <param name="Action">Done, Retry or Dead.</param>
/// <param name="RetryAt">For <see cref="RetryAction.Retry"/>, the earliest time to try again; otherwise null.</param>
/// <param name="CountsAsAttempt">False only for a message that was not tried (the batch was cancelled first).</param>
public readonly record struct RetryDecision(RetryAction Action, Instant? RetryAt, bool CountsAsAttempt);
