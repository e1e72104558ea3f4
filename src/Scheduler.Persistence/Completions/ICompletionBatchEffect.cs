namespace Scheduler.Persistence.Completions;

/// <summary>
/// An <see cref="ICompletionEffect"/> that can also apply itself to many completions at once, set-based, for
/// <see cref="CompletionRecorder.RecordManyAsync"/>. Together, <see cref="CheckManyAsync"/> and
/// <see cref="ApplyManyAsync"/> must do what <see cref="ICompletionEffect.ApplyAsync"/> called on each completion in
/// order would: refuse the same completions with the same reason, and leave the same rows (database ids of rows several
/// effects write to, such as audit events and outbox messages, may be numbered in another order).
/// An effect without it is run once per completion, in order.
/// </summary>
public interface ICompletionBatchEffect : ICompletionEffect
{
    /// <summary>
    /// The completions <see cref="ICompletionEffect.ApplyAsync"/> would refuse (throwing a
    /// <see cref="CompletionRefusedException"/>), each with that refusal; called before anything of the batch is
    /// written, inside <paramref name="db"/>'s open transaction. Writes nothing.
    /// </summary>
    Task<IReadOnlyList<CompletionEffectRefusal>> CheckManyAsync(EstateDbContext db, IReadOnlyList<RecordedCompletion> completions, CancellationToken cancellationToken);

    /// <summary>
    /// Applies the effect to every completion in <paramref name="completions"/> (each order once, in report order, none
    /// that <see cref="CheckManyAsync"/> refused), inside <paramref name="db"/>'s open transaction. Ignores the
    /// completions that are not its own, as <see cref="ICompletionEffect.ApplyAsync"/> does.
    /// </summary>
    Task ApplyManyAsync(EstateDbContext db, IReadOnlyList<RecordedCompletion> completions, CancellationToken cancellationToken);
}

/// <summary>A completion an effect refuses, and why (as the <see cref="CompletionRefusedException"/> it would throw).</summary>
/// <param name="WorkOrderId">The completion's order.</param>
/// <param name="Refusal">The reason, as a code.</param>
/// <param name="Message">The reason in words, as the exception's message.</param>
public sealed record CompletionEffectRefusal(long WorkOrderId, CompletionRefusal Refusal, string Message);
