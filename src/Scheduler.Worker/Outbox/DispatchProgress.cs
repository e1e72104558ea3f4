using Scheduler.Persistence.Outbox;

namespace Scheduler.Worker.Outbox;

/// <summary>
/// What a run of <see cref="OutboxDispatcher.DispatchDueAsync(int, DispatchProgress?, CancellationToken)"/> has done so
/// far, kept up to date as it goes, so that a caller can still say what the run did when it fails part-way (the
/// database going away in the middle of a batch): <c>dispatch --once</c> prints it as its summary. Read
/// <see cref="SoFar"/> once the run has returned or thrown.
/// </summary>
public sealed class DispatchProgress
{
    private int _claimed;
    private int _enqueued;
    private DispatchSummary _decided = DispatchSummary.Empty;
    private OutboxSentRecorder? _recorder;
    private int _recordedInDecided;

    /// <summary>
    /// The run so far: every message it claimed (those of a batch claimed but not sent when it failed included); sent,
    /// the messages of the batches it finished plus those of the unfinished batch recorded sent one by one as the mail
    /// server accepted them (a message the server took whose record failed is not counted: it is not recorded sent, and
    /// goes again, with the same Message-Id); retried, dead and superseded, those of the batches it finished.
    /// </summary>
    public DispatchSummary SoFar => new(
        Volatile.Read(ref _claimed),
        _decided.Sent + ((_recorder?.Recorded ?? 0) - _recordedInDecided),
        _decided.Retried,
        _decided.Dead,
        _decided.Superseded,
        _enqueued,
        _decided.LettersWaiting);

    /// <summary>A batch of <paramref name="count"/> was claimed (from any thread).</summary>
    internal void Claimed(int count) => Interlocked.Add(ref _claimed, count);

    /// <summary>The weekly contractors' messages written.</summary>
    internal void Enqueued(int count) => _enqueued = count;

    /// <summary>The recorder the run's batches record their mail with (one at a time).</summary>
    internal void RecordWith(OutboxSentRecorder recorder)
    {
        _recorder = recorder;
        _recordedInDecided = recorder.Recorded;
    }

    /// <summary>A batch's results were decided: what its recorder marked so far is in them.</summary>
    internal void Decided(DispatchSummary round)
    {
        _decided = _decided.Add(round);
        _recordedInDecided = _recorder?.Recorded ?? 0;
    }
}
