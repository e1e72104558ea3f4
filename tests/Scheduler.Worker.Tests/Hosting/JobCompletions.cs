using Quartz;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>Counts the firings of one job that have finished on a worker's scheduler, so tests wait on events, not sleeps.</summary>
internal sealed class JobCompletions : IJobListener
{
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private int _count;

    private JobCompletions(JobKey job) => Name = "test-completions-" + job;

    public string Name { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Listens to <paramref name="job"/> on <paramref name="scheduler"/>.</summary>
    public static JobCompletions Listen(IScheduler scheduler, JobKey job)
    {
        var listener = new JobCompletions(job);
        scheduler.ListenerManager.AddJobListener(listener, [Matchers.Key(job)]);
        return listener;
    }

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _count++;
            foreach (var waiter in _waiters.Where(w => _count >= w.Count).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Completes once <paramref name="count"/> firings have finished (since listening began), or fails after <paramref name="guard"/>.</summary>
    public Task WaitForAsync(int count, TimeSpan guard)
    {
        lock (_lock)
        {
            if (_count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task.WaitAsync(guard);
        }
    }
}
