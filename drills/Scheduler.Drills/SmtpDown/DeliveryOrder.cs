namespace Scheduler.Drills.SmtpDown;

/// <summary>
/// The order the drill expects mail to arrive in: the queue order, which is when a message joined the queue (written, or
/// released when it was written ahead of its time: issueAhead, letterAhead), then the outbox id (rows are claimed by due
/// time, then id; a message the server was not there for keeps its place). Precisely, over the first copy of each
/// message in arrival order: (1) every message other than a contractor cancellation arrives after every message before
/// it in the queue; (2) cancellations also arrive in queue order among themselves; (3) a cancellation may arrive later than its id says — it waits while
/// a notice or programme naming its order is unsent — but never before a notice or programme that names one of its
/// orders. Printed letters (the post batch) are not mail and are not in the sequence.
/// </summary>
internal static class DeliveryOrder
{
    private const string Cancellation = "contractor-cancellation";

    /// <summary>Every breach of the order in <paramref name="arrivals"/> (empty when it holds).</summary>
    public static IReadOnlyList<string> Breaches(IReadOnlyList<OutboxRow> arrivals)
    {
        var breaches = new List<string>();
        OutboxRow? lastOther = null, lastCancellation = null;
        var position = arrivals.Select((row, index) => (row, index)).ToDictionary(p => p.row.Id, p => p.index);
        for (var i = 0; i < arrivals.Count; i++)
        {
            var row = arrivals[i];
            if (row.Kind == Cancellation)
            {
                if (lastCancellation is not null && row.Before(lastCancellation))
                {
                    breaches.Add($"cancellation {row.Id} arrived after cancellation {lastCancellation.Id}");
                }

                lastCancellation = lastCancellation is null || lastCancellation.Before(row) ? row : lastCancellation;
                var notice = arrivals.FirstOrDefault(n => n.Kind is "contractor-order" or "contractor-programme" && n.OrderIds.Intersect(row.OrderIds).Any() && position[n.Id] > i);
                if (notice is not null)
                {
                    breaches.Add($"cancellation {row.Id} arrived before {notice.Kind} {notice.Id} naming the same order");
                }
            }
            else
            {
                if (lastOther is not null && row.Before(lastOther))
                {
                    breaches.Add($"{row.Kind} {row.Id} arrived after {lastOther.Id}");
                }

                lastOther = lastOther is null || lastOther.Before(row) ? row : lastOther;
            }
        }

        return breaches;
    }
}
