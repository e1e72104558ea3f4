namespace Scheduler.Persistence.Completions;

/// <summary>
/// Something that must happen when a visit is reported, in the same transaction as the report itself: gas safety
/// moves the home's record and books the next attempt on no access; a defect raises a repair order. If an effect
/// throws, nothing of the report is stored.
/// </summary>
public interface ICompletionEffect
{
    /// <summary>
    /// Applies the effect. <paramref name="db"/> has an open transaction (<c>db.Database.CurrentTransaction</c>);
    /// raw SQL goes through <c>db.Database.GetDbConnection()</c> and that transaction. Implementations ignore
    /// completions that are not theirs (check <see cref="RecordedCompletion.Service"/> or the outcome).
    /// </summary>
    Task ApplyAsync(EstateDbContext db, RecordedCompletion completion, CancellationToken cancellationToken);
}
