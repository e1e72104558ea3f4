using NodaTime;

namespace Scheduler.Worker.Email;

/// <summary>
/// When to try a message again. A 5xx reply is final (dead at once). A transient failure is retried after an
/// exponential backoff with jitter — attempt n waits between half and all of <c>min(MaxDelay, BaseDelay × 2^(n−1))</c>
/// — until <see cref="MaxAttempts"/> attempts have failed, then the message is dead. Time comes from the caller and
/// randomness from the <see cref="Random"/> given, so the policy is deterministic under test. Not thread-safe
/// (neither is <see cref="Random"/>): one per dispatcher loop.
/// </summary>
public sealed class RetryPolicy
{
    private readonly Random _random;

    /// <summary>Makes a policy; <paramref name="random"/> supplies the jitter (seed it in tests).</summary>
    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        if (baseDelay <= Duration.Zero || maxDelay < baseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(baseDelay), "The base delay must be positive and no longer than the maximum delay.");
        }

        ArgumentNullException.ThrowIfNull(random);
        MaxAttempts = maxAttempts;
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        _random = random;
    }

    /// <summary>The default: 8 attempts, 1 minute doubling to at most 1 hour (about 2 hours in all before a message is dead).</summary>
    public static RetryPolicy Default(Random random) => new(8, Duration.FromMinutes(1), Duration.FromHours(1), random);

    /// <summary>Attempts allowed in all, the first included.</summary>
    public int MaxAttempts { get; }

    /// <summary>The wait after the first failed attempt (before jitter).</summary>
    public Duration BaseDelay { get; }

    /// <summary>The longest wait between attempts (before jitter).</summary>
    public Duration MaxDelay { get; }

    /// <summary>
    /// Decides after an attempt. <paramref name="attemptsMade"/> counts the attempts made so far, this one
    /// included (1 after the first). <see cref="SendOutcome.NotAttempted"/> and <see cref="SendOutcome.Unreachable"/>
    /// are retried at <paramref name="now"/> and do not count as an attempt (the dispatcher backs off for an outage).
    /// </summary>
    public RetryDecision Decide(SendOutcome outcome, int attemptsMade, Instant now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsMade, outcome is SendOutcome.NotAttempted or SendOutcome.Unreachable ? 0 : 1);
        return outcome switch
        {
            SendOutcome.Sent => new RetryDecision(RetryAction.Done, null, true),
            SendOutcome.Permanent => new RetryDecision(RetryAction.Dead, null, true),
            SendOutcome.NotAttempted or SendOutcome.Unreachable => new RetryDecision(RetryAction.Retry, now, false),
            SendOutcome.Transient when attemptsMade >= MaxAttempts => new RetryDecision(RetryAction.Dead, null, true),
            SendOutcome.Transient => new RetryDecision(RetryAction.Retry, now + DelayAfter(attemptsMade), true),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Outcome must be Sent, Transient, Permanent, NotAttempted or Unreachable."),
        };
    }

    /// <summary>The wait after <paramref name="attemptsMade"/> failed attempts: jittered between half and all of the backoff.</summary>
    public Duration DelayAfter(int attemptsMade)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsMade, 1);
        var backoff = BaseDelay;
        for (var i = 1; i < attemptsMade && backoff < MaxDelay; i++)
        {
            backoff *= 2;
        }

        if (backoff > MaxDelay)
        {
            backoff = MaxDelay;
        }

        var half = backoff / 2;
        return half + Duration.FromTicks((long)(_random.NextDouble() * (backoff - half).BclCompatibleTicks));
    }
}
