using NodaTime;
using Scheduler.Worker.Outbox;

namespace Scheduler.Worker.Tests.Dispatch;

public sealed class OutageBackoffTests
{
    private static readonly Instant Now = Instant.FromUtc(2027, 3, 1, 9, 0);

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(4, 240)]
    [InlineData(5, 300)]
    [InlineData(20, 300)]
    public void Unreachable_InARow_PauseDoublesUpToTheMaximum(int outages, int expectedSeconds)
    {
        var backoff = OutageBackoff.CreateDefault();
        var until = Now;
        for (var i = 0; i < outages; i++)
        {
            until = backoff.Unreachable(Now);
        }

        Assert.Equal(Now + Duration.FromSeconds(expectedSeconds), until);
        Assert.True(backoff.IsPaused(until - Duration.FromTicks(1)));
        Assert.False(backoff.IsPaused(until));
    }

    [Fact]
    public void Reached_EndsThePauseAndTheNextOutageStartsFromTheBase()
    {
        var backoff = OutageBackoff.CreateDefault();
        backoff.Unreachable(Now);
        backoff.Unreachable(Now);

        backoff.Reached();

        Assert.False(backoff.IsPaused(Now));
        Assert.Null(backoff.PausedUntil);
        Assert.Equal(Now + Duration.FromSeconds(30), backoff.Unreachable(Now));
    }

    [Fact]
    public void UnreachableSince_SeveralFailuresInARow_TheFirstUntilReached()
    {
        var backoff = OutageBackoff.CreateDefault();
        Assert.Null(backoff.UnreachableSince);

        backoff.Unreachable(Now);
        backoff.Unreachable(Now + Duration.FromMinutes(1));
        Assert.Equal(Now, backoff.UnreachableSince);
        Assert.False(backoff.IsPaused(Now + Duration.FromHours(1)));
        Assert.Equal(Now, backoff.UnreachableSince);

        backoff.Reached();
        Assert.Null(backoff.UnreachableSince);
        backoff.Unreachable(Now + Duration.FromHours(2));
        Assert.Equal(Now + Duration.FromHours(2), backoff.UnreachableSince);
    }
}
