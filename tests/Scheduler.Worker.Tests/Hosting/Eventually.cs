namespace Scheduler.Worker.Tests.Hosting;

/// <summary>Polls a condition (the database, a log) until it holds; fails with what was awaited after a generous bound.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan guard, string what)
    {
        using var timeout = new CancellationTokenSource(guard);
        while (!await condition())
        {
            try
            {
                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Not within {guard}: {what}");
            }
        }
    }
}
