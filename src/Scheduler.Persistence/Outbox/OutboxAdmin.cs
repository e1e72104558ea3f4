using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>What <see cref="OutboxAdmin.RetryAsync"/> did.</summary>
public enum OutboxRetryResult
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>The dead message is pending again, due now, with a fresh count of attempts.</summary>
    Revived,

    /// <summary>No message has that id.</summary>
    NotFound,

    /// <summary>The message is not dead (only dead messages are revived).</summary>
    NotDead,
}

/// <summary>The outbox for people: list, show, and revive a dead message (<c>estate-scheduler outbox</c>).</summary>
public static class OutboxAdmin
{
    /// <summary>Messages, newest first, optionally of one status; at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> ListAsync(EstateDbContext db, string? status, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.OutboxMessages.AsNoTracking();
        if (status is not null)
        {
            query = query.Where(m => m.Status == status);
        }

        return await query.OrderByDescending(m => m.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The message with this id, or null.</summary>
    public static Task<OutboxMessage?> FindAsync(EstateDbContext db, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.OutboxMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
    }

    /// <summary>
    /// Makes a dead message pending again, due at <paramref name="now"/>, with its attempts counted from zero (its
    /// last error stays until the next attempt). Only a dead message is revived.
    /// </summary>
    public static async Task<OutboxRetryResult> RetryAsync(EstateDbContext db, long id, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var revived = await db.OutboxMessages
            .Where(m => m.Id == id && m.Status == OutboxStatuses.Dead)
            .ExecuteUpdateAsync(
                set => set.SetProperty(m => m.Status, OutboxStatuses.Pending).SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptAt, now),
                cancellationToken)
            .ConfigureAwait(false);
        if (revived > 0)
        {
            return OutboxRetryResult.Revived;
        }

        return await db.OutboxMessages.AnyAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false)
            ? OutboxRetryResult.NotDead
            : OutboxRetryResult.NotFound;
    }
}
