using Scheduler.Persistence.Orders;

namespace Scheduler.Worker.Hosting.Jobs;

/// <summary>
/// What the generate job did in this process, newest last: which trigger fired it and the outcome. Health and tests
/// read it; it is not the audit trail (that is <c>work_order_events</c>) and it forgets everything at a restart.
/// </summary>
internal sealed class GenerationRuns
{
    private readonly Lock _lock = new();
    private readonly List<GenerationRun> _runs = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

    /// <summary>The runs so far (a copy).</summary>
    public IReadOnlyList<GenerationRun> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _runs];
            }
        }
    }

    /// <summary>Records a finished run (applied or failed).</summary>
    public void Record(GenerationRun run)
    {
        lock (_lock)
        {
            _runs.Add(run);
            foreach (var waiter in _waiters.Where(w => _runs.Count >= w.Count).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> runs have finished.</summary>
    public Task WaitForAsync(int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_runs.Count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }
}

/// <summary>One run of the generate job.</summary>
/// <param name="TriggerName">The trigger that fired it (<c>generate-nightly</c>, <c>generate-at-start</c>, …).</param>
/// <param name="FireInstanceId">Quartz's id of this firing.</param>
/// <param name="SchedulerInstanceId">The node that ran it.</param>
/// <param name="Result">What apply did, as counts; null when it failed.</param>
/// <param name="Error">Why it failed; null when it applied.</param>
internal sealed record GenerationRun(string TriggerName, string FireInstanceId, string SchedulerInstanceId, GenerationCounts? Result, Exception? Error);

/// <summary>
/// The counts of an apply, all a <see cref="GenerationRun"/> keeps of its <see cref="GenerationResult"/>: the result's
/// plan holds every stored order (835,000 at 300,000 homes, some 400 MB), and the runs are kept for the life of the
/// process, one a night.
/// </summary>
/// <param name="CreateCount">Orders created.</param>
/// <param name="CancelCount">Orders cancelled.</param>
/// <param name="UnchangedCount">Stored orders that already were what is wanted.</param>
internal sealed record GenerationCounts(int CreateCount, int CancelCount, int UnchangedCount)
{
    /// <summary>The counts of <paramref name="result"/>.</summary>
    public static GenerationCounts Of(GenerationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new GenerationCounts(result.CreateCount, result.CancelCount, result.UnchangedCount);
    }
}
