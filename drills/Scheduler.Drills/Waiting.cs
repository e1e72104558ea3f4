using System.Diagnostics;

namespace Scheduler.Drills;

/// <summary>Polls a condition until it holds or a bound passes; the drills wait on what they observe, never a fixed sleep.</summary>
internal static class Waiting
{
    /// <summary>The time it took <paramref name="condition"/> to hold, or null when <paramref name="limit"/> passed first.</summary>
    public static async Task<TimeSpan?> UntilAsync(Func<Task<bool>> condition, TimeSpan limit, int pollMilliseconds = 100)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (clock.Elapsed > limit)
            {
                return null;
            }

            await Task.Delay(pollMilliseconds).ConfigureAwait(false);
        }

        return clock.Elapsed;
    }
}
