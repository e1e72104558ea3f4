using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NodaTime;
using Npgsql;
using Scheduler.Domain.Planning;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Completions;

/// <summary>
/// A follow-up reported before its window: the paths swept straight after the grass cut, on the cut's own day. A
/// follow-up's window opens the first working day after its visit's target (docs/scheduling-rules.md, Follow-ups), so a
/// cut made on its target day and swept that afternoon would be refused as before the window. A follow-up (an order with
/// a parent) may therefore be reported on any day from the day its visit was done, once that visit is reported done
/// (<c>completed</c>; earlier in the same list for <see cref="RecordManyAsync"/>, as one report at a time would have it).
/// </summary>
public sealed partial class CompletionRecorder
{
    private const string ParentsDoneSql = "SELECT id, completed_on FROM work_orders WHERE id = ANY(@ids) AND status = 'completed' AND completed_on IS NOT NULL";

    /// <summary>The day each of these orders was done, for those reported done (<c>completed</c>).</summary>
    private static async Task<Dictionary<long, LocalDate>> ParentsDoneAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long[] parentIds, CancellationToken cancellationToken)
    {
        var done = new Dictionary<long, LocalDate>();
        if (parentIds.Length == 0)
        {
            return done;
        }

        await using var command = new NpgsqlCommand(ParentsDoneSql, connection, transaction);
        command.Parameters.AddWithValue("ids", parentIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            done[reader.GetInt64(0)] = reader.GetFieldValue<LocalDate>(1);
        }

        return done;
    }

    /// <summary>The day <paramref name="order"/>'s parent visit was done, when it has one and it is reported done (one report at a time).</summary>
    private static async Task<LocalDate?> ParentDoneAsync(EstateDbContext db, WorkOrder order, CancellationToken cancellationToken)
    {
        if (order.ParentId is not { } parentId)
        {
            return null;
        }

        var done = await ParentsDoneAsync(
            (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction(), [parentId], cancellationToken).ConfigureAwait(false);
        return done.TryGetValue(parentId, out var on) ? on : null;
    }

    /// <summary>True when a report dated <paramref name="on"/>, before the order's window, is allowed: a follow-up on or after the day its visit was done.</summary>
    private static bool FollowsItsVisit(LocalDate on, LocalDate? parentDone) => parentDone is { } done && on >= done;

    /// <summary>The refusal of a report dated before the order's window (<see cref="CompletionRefusal.BeforeWindow"/>).</summary>
    private static CompletionResult BeforeWindow(WorkOrder order, string reference, LocalDate on, LocalDate? parentDone)
    {
        var message = $"The visit date {on:uuuu-MM-dd} is before work order {reference}'s window, which starts on {order.WindowStart:uuuu-MM-dd}.";
        if (order.ParentId is not null)
        {
            message += parentDone is { } done
                ? $" It follows a visit done on {done:uuuu-MM-dd}, and may be reported from that day."
                : " It follows another visit, and may be reported before its window only from the day that visit was done, once that visit is reported done.";
        }

        return CompletionResult.Refused(CompletionRefusal.BeforeWindow, reference, message);
    }
}
