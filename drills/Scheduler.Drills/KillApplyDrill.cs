namespace Scheduler.Drills;

/// <summary>
/// SIGKILL <c>apply</c> at a random moment, N times, each on a fresh copy of the imported estate: after each kill the
/// database holds all of the plan or none of it (never part), and a following <c>apply</c> gives exactly the orders
/// (and outbox messages) of an uninterrupted run: 0 lost, 0 duplicated. The <c>apply</c> command commits twice: the plan
/// (orders, their notices), then the gas booking (appointments, their tenants' letters); so a kill between the two
/// leaves the whole plan and none of the booking, which is whole too, and the next <c>apply</c> books it.
/// </summary>
internal static class KillApplyDrill
{
    public static async Task<DrillResult> RunAsync(DrillEstate estate, int kills, int seed)
    {
        var random = new Random(seed);
        var expected = await estate.FingerprintAsync(estate.Applied).ConfigureAwait(false);
        var expectedOutbox = await Drill.CountAsync(estate.Server.ConnectionString(estate.Applied), "SELECT count(*) FROM outbox_messages").ConfigureAwait(false);
        var expectedOrders = await Drill.CountAsync(estate.Server.ConnectionString(estate.Applied), "SELECT count(*) FROM work_orders").ConfigureAwait(false);
        var expectedLetters = await Drill.CountAsync(estate.Server.ConnectionString(estate.Applied), "SELECT count(*) FROM outbox_messages WHERE kind = 'tenant-letter'").ConfigureAwait(false);
        var result = new DrillResult("SIGKILL mid-apply", kills);
        for (var kill = 1; kill <= kills; kill++)
        {
            var database = await Drill.CopyDatabaseAsync(estate.Server, estate.Imported).ConfigureAwait(false);
            var connection = estate.Server.ConnectionString(database);
            var environment = Drill.Environment(estate.Server, database);
            // Odd kills aim at the plan's own transaction (once the apply's advisory lock is held, a little later); even
            // kills at a random moment of the whole command (the plan's transaction, the gas booking's, or neither).
            var aimAtPlan = kill % 2 == 1;
            var delay = aimAtPlan
                ? TimeSpan.FromMilliseconds(1500 * random.NextDouble())
                : TimeSpan.FromMilliseconds(estate.ApplyTime.TotalMilliseconds * (0.3 + (0.65 * random.NextDouble())));
            bool inside;
            using (var apply = WorkerProcess.Start(environment, "apply", "--config", estate.Config, "--as-of", DrillEstate.AsOf))
            {
                if (aimAtPlan)
                {
                    await Drill.WaitForApplyLockAsync(estate.Server, database, apply, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
                }

                await Task.Delay(delay).ConfigureAwait(false);
                inside = await Drill.WritingTransactionOpenAsync(estate.Server, database).ConfigureAwait(false);
                if (aimAtPlan)
                {
                    result.Count(await Drill.ApplyLockHeldAsync(estate.Server, database).ConfigureAwait(false)
                        ? "aimed at the plan's transaction and killed inside it"
                        : "aimed at the plan's transaction and killed after it");
                }
                if (apply.HasExited)
                {
                    result.Note($"kill {kill}: apply had already finished after {delay.TotalSeconds:F1} s");
                }

                apply.Kill();
                await apply.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }

            var orders = await Drill.CountAsync(connection, "SELECT count(*) FROM work_orders").ConfigureAwait(false);
            var outbox = await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages").ConfigureAwait(false);
            var appointments = await Drill.CountAsync(connection, "SELECT count(*) FROM gas_appointments").ConfigureAwait(false);
            var nothing = orders == 0 && outbox == 0 && appointments == 0;
            var planOnly = orders == expectedOrders && appointments == 0 && outbox == expectedOutbox - expectedLetters;
            var everything = orders == expectedOrders && outbox == expectedOutbox;
            result.Count(inside ? "killed inside the apply transaction" : "killed before or after it");
            if (planOnly && expectedLetters > 0)
            {
                result.Count("found the plan stored and the gas booking not yet (killed between the two commits)");
            }

            if (!(nothing || planOnly || everything))
            {
                result.Fail($"kill {kill}: {orders} orders, {outbox} outbox messages and {appointments} gas appointments after the kill: part of the plan or of the booking was stored");
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

            Console.WriteLine($"  kill {kill}/{kills} {(aimAtPlan ? $"{delay.TotalMilliseconds:F0} ms after the apply's lock was taken" : $"after {delay.TotalSeconds:F1} s")} ({(inside ? "inside a writing" : "outside any")} transaction): {orders:N0} orders "
                + $"after the kill, {(Equals(after, expected) ? "identical" : "DIFFERENT")} after the next apply");
            await estate.Server.DropDatabaseAsync(database).ConfigureAwait(false);
        }

        return result;
    }
}
