using NodaTime;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>Backoff with jitter and the dead-letter rule; time and randomness come from the test.</summary>
public sealed class RetryPolicyTests
{
    private static readonly Instant Now = Instant.FromUtc(2027, 5, 1, 8, 0);

    [Theory]
    [InlineData(1, 30, 60)]
    [InlineData(2, 60, 120)]
    [InlineData(3, 120, 240)]
    [InlineData(6, 960, 1920)]
    [InlineData(7, 1800, 3600)]
    [InlineData(30, 1800, 3600)]
    public void DelayAfter_Attempts_IsBetweenHalfAndAllOfTheCappedBackoff(int attempts, int minSeconds, int maxSeconds)
    {
        var policy = new RetryPolicy(50, Duration.FromMinutes(1), Duration.FromHours(1), new Random(attempts));

        for (var i = 0; i < 200; i++)
        {
            var delay = policy.DelayAfter(attempts);
            Assert.InRange(delay, Duration.FromSeconds(minSeconds), Duration.FromSeconds(maxSeconds));
        }
    }

    [Fact]
    public void DelayAfter_SameSeed_SameDelays_AndTheyVary()
    {
        var a = RetryPolicy.Default(new Random(42));
        var b = RetryPolicy.Default(new Random(42));

        var first = Enumerable.Range(1, 8).Select(a.DelayAfter).ToList();
        var second = Enumerable.Range(1, 8).Select(b.DelayAfter).ToList();

        Assert.Equal(first, second);
        var sameAttempt = Enumerable.Range(0, 20).Select(_ => a.DelayAfter(3)).Distinct().Count();
        Assert.True(sameAttempt > 1);
    }

    [Fact]
    public void Decide_Transient_RetriesLaterUntilTheLastAttempt()
    {
        var policy = new RetryPolicy(3, Duration.FromMinutes(1), Duration.FromHours(1), new Random(1));

        var first = policy.Decide(SendOutcome.Transient, 1, Now);
        var second = policy.Decide(SendOutcome.Transient, 2, Now);
        var third = policy.Decide(SendOutcome.Transient, 3, Now);

        Assert.Equal(RetryAction.Retry, first.Action);
        Assert.InRange(first.RetryAt!.Value, Now + Duration.FromSeconds(30), Now + Duration.FromMinutes(1));
        Assert.Equal(RetryAction.Retry, second.Action);
        Assert.InRange(second.RetryAt!.Value, Now + Duration.FromMinutes(1), Now + Duration.FromMinutes(2));
        Assert.Equal(new RetryDecision(RetryAction.Dead, null, true), third);
    }

    [Fact]
    public void Decide_Permanent_IsDeadAtOnce()
    {
        Assert.Equal(new RetryDecision(RetryAction.Dead, null, true), RetryPolicy.Default(new Random(1)).Decide(SendOutcome.Permanent, 1, Now));
    }

    [Fact]
    public void Decide_Sent_IsDone()
    {
        Assert.Equal(RetryAction.Done, RetryPolicy.Default(new Random(1)).Decide(SendOutcome.Sent, 4, Now).Action);
    }

    [Fact]
    public void Decide_NotAttempted_RetriesNowWithoutCountingAnAttempt()
    {
        Assert.Equal(new RetryDecision(RetryAction.Retry, Now, false), RetryPolicy.Default(new Random(1)).Decide(SendOutcome.NotAttempted, 0, Now));
    }

    [Fact]
    public void Decide_Unreachable_RetriesNowWithoutCountingAnAttemptEvenPastTheLimit()
    {
        Assert.Equal(new RetryDecision(RetryAction.Retry, Now, false), RetryPolicy.Default(new Random(1)).Decide(SendOutcome.Unreachable, 8, Now));
    }

    [Fact]
    public void Constructor_NonsenseLimits_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(0, Duration.FromMinutes(1), Duration.FromHours(1), new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, Duration.Zero, Duration.FromHours(1), new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, Duration.FromHours(2), Duration.FromHours(1), new Random(1)));
    }
}
