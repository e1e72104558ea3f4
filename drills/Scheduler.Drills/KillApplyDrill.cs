namespace Scheduler.Drills;

/// <summary>
/// SIGKILL <c>apply</c> N times, each on a fresh copy of the imported estate: after each kill the database holds all of
/// the plan or none of it (never part), and a following <c>apply</c> gives exactly the orders (and outbox messages) of an
/// uninterrupted run: 0 lost, 0 duplicated. The <c>apply</c> command commits twice: the plan (orders, their notices),
/// then the gas booking (appointments, their tenants' letters); so a kill between the two leaves the whole plan and none
/// of the booking, which is whole too, and the next <c>apply</c> books it.
/// </summary>
/// <remarks>
/// Kills come in turn at three kinds of moment. The first of every three aims at the plan's writing transaction of the
/// very apply it kills: the drill waits until PostgreSQL shows that transaction open (the apply's lock held, a
/// transaction id assigned), then kills at a random moment within the time a watched apply of the same estate kept it
/// open. The second aims the same way at the gas booking's writing transaction. The third comes at a random moment of
/// the whole command. The windows come from the latest watched apply that showed them: one run first on its own copy,
/// then each clean apply after a kill, since the machine's speed drifts over a drill (a window taken once, from the
/// estate's first apply, missed most of the later applies). Every kill is counted by the phase PostgreSQL showed just
/// before it.
/// </remarks>
internal static class KillApplyDrill
{
    public static async Task<DrillResult> RunAsync(DrillEstate estate, int kills, int seed)
    {
        var random = new Random(seed);
        var expected = await estate.FingerprintAsync(estate.Applied).ConfigureAwait(false);
        var expectedOutbox = await Drill.CountAsync(estate.Server.ConnectionString(estate.Applied), "SELECT count(*) FROM outbox_messages").ConfigureAwait(false);
        var expectedOrders = await Drill.CountAsync(estate.Server.ConnectionString(estate.Applied), "SELECT count(*) FROM work_orders").ConfigureAwait(false);
        var expectedLetters = await Drill.CountAsync(estate.Server.ConnectionString(estate.Applied), "SELECT count(*) FROM outbox_messages WHERE kind = 'tenant-letter'").ConfigureAwait(false);
        var timing = await WatchOneApplyAsync(estate).ConfigureAwait(false);
        Console.WriteLine($"  watched apply (for the kills' timing): {timing}");
        if (timing.PlanWriting is null || timing.BookingWriting is null)
        {
            throw new InvalidOperationException($"the watched apply did not show both writing transactions ({timing}): the drill cannot aim at them");
        }

        var result = new DrillResult("SIGKILL mid-apply", kills);
        var aimed = new Dictionary<ApplyPhase, (int Kills, int Inside)>();
        for (var kill = 1; kill <= kills; kill++)
        {
            var database = await Drill.CopyDatabaseAsync(estate.Server, estate.Imported).ConfigureAwait(false);
            var connection = estate.Server.ConnectionString(database);
            var environment = Drill.Environment(estate.Server, database);
            ApplyPhase? aim = (kill % 3) switch { 1 => ApplyPhase.PlanWriting, 2 => ApplyPhase.BookingWriting, _ => null };
            var delay = aim is { } window
                ? timing.Window(window)!.Length * (0.9 * random.NextDouble())
                : timing.Total * (0.05 + (0.9 * random.NextDouble()));
            ApplyPhase phase;
            bool finished;
            using (var apply = WorkerProcess.Start(environment, "apply", "--config", estate.Config, "--as-of", DrillEstate.AsOf))
            {
                if (aim is { } target && !await ApplyPhases.WaitForAsync(estate.Server, database, apply, target, TimeSpan.FromMinutes(2)).ConfigureAwait(false))
                {
                    result.Note($"kill {kill}: {Name(target)} was never seen open");
                }

                await Task.Delay(delay).ConfigureAwait(false);
                phase = await ApplyPhases.ReadAsync(estate.Server, database).ConfigureAwait(false);
                finished = apply.HasExited;
                apply.Kill();
                await apply.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }

            // A killed client's backend runs on until it next talks to the client (the statement it was running
            // ends), then rolls back: wait for it, so that neither the counts below nor the clean apply meet it.
            var lingered = await Drill.WaitForNoSessionsAsync(estate.Server, database, TimeSpan.FromMinutes(2)).ConfigureAwait(false);
            var where = finished ? "after the apply had finished" : Describe(phase);
            if (aim is { } aimedAt)
            {
                var (count, inside) = aimed.GetValueOrDefault(aimedAt);
                aimed[aimedAt] = (count + 1, inside + (phase == aimedAt && !finished ? 1 : 0));
            }

            var orders = await Drill.CountAsync(connection, "SELECT count(*) FROM work_orders").ConfigureAwait(false);
            var outbox = await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages").ConfigureAwait(false);
            var appointments = await Drill.CountAsync(connection, "SELECT count(*) FROM gas_appointments").ConfigureAwait(false);
            var nothing = orders == 0 && outbox == 0 && appointments == 0;
            var planOnly = orders == expectedOrders && appointments == 0 && outbox == expectedOutbox - expectedLetters;
            var everything = orders == expectedOrders && outbox == expectedOutbox;
            if (!finished && phase is ApplyPhase.PlanWriting or ApplyPhase.BookingWriting)
            {
                // Seen writing a few milliseconds before the kill: none of that transaction should be stored, unless its
                // commit came in between.
                var expectedState = phase == ApplyPhase.PlanWriting ? nothing : planOnly;
                result.Count(expectedState
                    ? $"killed {Describe(phase)} and found none of it stored"
                    : $"saw {Name(phase)} commit between the last look and the kill");
            }
            else
            {
                result.Count($"killed {where}");
            }

            if (planOnly && expectedLetters > 0)
            {
                result.Count("found the plan stored and the gas booking not yet (killed between the two commits)");
            }

            if (!(nothing || planOnly || everything))
            {
                result.Fail($"kill {kill}: {orders} orders, {outbox} outbox messages and {appointments} gas appointments after the kill: part of the plan or of the booking was stored");
            }

            // The clean apply is watched too: the machine's speed drifts over a drill, so each phase's window (and, from a
            // whole apply, the command's time) is taken from the latest run that showed it.
            var clean = await ApplyPhases.RunWatchedAsync(estate.Server, database, environment, "apply", "--config", estate.Config, "--as-of", DrillEstate.AsOf).ConfigureAwait(false);
            timing = new ApplyTimeline(
                clean.PlanWriting is null ? timing.Total : clean.Total,
                clean.PlanWriting ?? timing.PlanWriting,
                clean.BookingWriting ?? timing.BookingWriting);
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

            Console.WriteLine($"  kill {kill}/{kills} {(aim is { } a ? $"{delay.TotalMilliseconds:F0} ms after {(a == ApplyPhase.PlanWriting ? "the plan" : "the booking")} began writing" : $"{delay.TotalSeconds:F1} s after the start")} ({where}; its backends gone {lingered.TotalSeconds:F1} s after the kill): {orders:N0} orders "
                + $"after the kill, {(Equals(after, expected) ? "identical" : "DIFFERENT")} after the next apply ({clean})");
            await estate.Server.DropDatabaseAsync(database).ConfigureAwait(false);
        }

        // A drill that never killed where it aimed has not tested that transaction, whatever else it found.
        foreach (var (aimedAt, (count, inside)) in aimed)
        {
            result.Note($"{inside} of {count} kills aimed at {Name(aimedAt)} landed inside it");
            if (inside == 0)
            {
                result.Fail($"none of the {count} kills aimed at {Name(aimedAt)} landed inside it");
            }
        }

        return result;
    }

    private static async Task<ApplyTimeline> WatchOneApplyAsync(DrillEstate estate)
    {
        var database = await Drill.CopyDatabaseAsync(estate.Server, estate.Imported).ConfigureAwait(false);
        var timeline = await ApplyPhases.RunWatchedAsync(estate.Server, database, Drill.Environment(estate.Server, database),
            "apply", "--config", estate.Config, "--as-of", DrillEstate.AsOf).ConfigureAwait(false);
        await estate.Server.DropDatabaseAsync(database).ConfigureAwait(false);
        return timeline;
    }

    private static string Name(ApplyPhase phase) =>
        phase == ApplyPhase.PlanWriting ? "the plan's writing transaction" : "the gas booking's writing transaction";

    private static string Describe(ApplyPhase phase) => phase switch
    {
        ApplyPhase.PlanWriting or ApplyPhase.BookingWriting => $"inside {Name(phase)}",
        ApplyPhase.PlanReading => "while the plan read (its lock held, nothing written)",
        _ => "outside any transaction (starting, or between the two commits)",
    };
}
