namespace Scheduler.Drills;

/// <summary>
/// SIGKILL <c>apply</c> at a random moment, N times, each on a fresh copy of the imported estate: after each kill the
/// database holds all of the plan or none of it (never part), and a following <c>apply</c> gives exactly the orders
/// (and outbox messages) of an uninterrupted run: 0 lost, 0 duplicated.
/// </summary>
internal static class KillApplyDrill
{
    public static async Task<DrillResult> RunAsync(DrillEstate estate, int kills, int seed)
    {
        var random = new Random(seed);
        var expected = await estate.FingerprintAsync(estate.Applied).ConfigureAwait(false);
        var expectedOutbox = await Drill.CountAsync(estate.Server.ConnectionString(estate.Applied), "SELECT count(*) FROM outbox_messages").ConfigureAwait(false);
        var expectedOrders = await Drill.CountAsync(estate.Server.ConnectionString(estate.Applied), "SELECT count(*) FROM work_orders").ConfigureAwait(false);
        var result = new DrillResult("SIGKILL mid-apply", kills);
        for (var kill = 1; kill <= kills; kill++)
        {
            var database = await Drill.CopyDatabaseAsync(estate.Server, estate.Imported).ConfigureAwait(false);
            var connection = estate.Server.ConnectionString(database);
            var environment = Drill.Environment(estate.Server, database);
            var delay = TimeSpan.FromMilliseconds(estate.ApplyTime.TotalMilliseconds * (0.3 + (0.65 * random.NextDouble())));
            bool inside;
            using (var apply = WorkerProcess.Start(environment, "apply", "--config", estate.Config, "--as-of", DrillEstate.AsOf))
            {
                await Task.Delay(delay).ConfigureAwait(false);
                inside = await Drill.WritingTransactionOpenAsync(estate.Server, database).ConfigureAwait(false);
                if (apply.HasExited)
                {
                    result.Note($"kill {kill}: apply had already finished after {delay.TotalSeconds:F1} s");
                }

                apply.Kill();
                await apply.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }

            var orders = await Drill.CountAsync(connection, "SELECT count(*) FROM work_orders").ConfigureAwait(false);
            var outbox = await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages").ConfigureAwait(false);
            var whole = (orders == 0 && outbox == 0) || (orders == expectedOrders && outbox == expectedOutbox);
            result.Count(inside ? "killed inside the apply transaction" : "killed before or after it");
            if (!whole)
            {
                result.Fail($"kill {kill}: {orders} orders and {outbox} outbox messages after the kill: part of the plan was stored");
            }

            await WorkerProcess.RunAsync(environment, "apply", "--config", estate.Config, "--as-of", DrillEstate.AsOf).ConfigureAwait(false);
            var after = await estate.FingerprintAsync(database).ConfigureAwait(false);
            var afterOutbox = await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages").ConfigureAwait(false);
            var duplicates = await Drill.CountAsync(connection,
                "SELECT count(*) - count(DISTINCT occurrence_key) FROM work_orders WHERE status <> 'cancelled'").ConfigureAwait(false);
            result.Lost += Equals(after, expected) ? 0 : 1;
            result.Duplicated += duplicates;
            if (!Equals(after, expected) || afterOutbox != expectedOutbox)
            {
                result.Fail($"kill {kill}: after a clean apply the orders are {after} (expected {expected}) and the outbox holds {afterOutbox} (expected {expectedOutbox})");
            }

            Console.WriteLine($"  kill {kill}/{kills} after {delay.TotalSeconds:F1} s ({(inside ? "inside" : "outside")} the transaction): {orders:N0} orders "
                + $"after the kill, {(Equals(after, expected) ? "identical" : "DIFFERENT")} after the next apply");
            await estate.Server.DropDatabaseAsync(database).ConfigureAwait(false);
        }

        return result;
    }
}
