using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;
using NodaTime.Text;
using Scheduler.Drills.SmtpDown;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Drills;

/// <summary>
/// The SMTP server down for a simulated day, then back: the backlog drains in queue order, nothing lost, nothing
/// duplicated, nothing dead, no attempt counted. In this process, on a simulated clock (<see cref="SimulatedWorker"/>):
/// the real dispatch job fired every simulated minute against a real PostgreSQL and a real SMTP server while the rest of
/// the worker keeps queueing mail. Each run copies the imported estate and starts on Tue 5 January 2027 at 23:00 with
/// the server up; at a random moment between Wed 00:00 and 02:30 the server goes down for exactly 24 hours — first its
/// port closed (connection refused), then, from a random hour, a server on that port that answers <c>421</c> at the
/// greeting — and then the real server comes back on the same port. Meanwhile: Wednesday's nightly generate run (the
/// estate's first apply, with gas booking: its notices and tenant letters), the 07:00 manager digest, the 20:00
/// contractors' reports (no-access letters, repairs) and, from Thursday 00:00, the weekly contractors' programmes.
/// </summary>
internal static class SmtpDownDrill
{
    private static readonly TimeSpan WallBound = TimeSpan.FromMinutes(5);
    private static readonly Duration Outage = Duration.FromHours(24);
    private static readonly Duration Tick = Duration.FromMinutes(1);

    /// <summary>The longest the dispatch job may take to send again once the server is back: the longest pause, plus a firing.</summary>
    private static readonly Duration ResumeBound = Duration.FromMinutes(5) + Tick;

    public static async Task<DrillResult> RunAsync(DrillEstate estate, int runs, int seed)
    {
        var result = new DrillResult("SMTP server down for a simulated day (`smtp-down`)", runs);
        var letters = Directory.CreateTempSubdirectory("drill-smtpdown-letters-");
        var tallies = new List<RunTally>();
        for (var run = 1; run <= runs; run++)
        {
            tallies.Add(await RunOnceAsync(estate, letters.FullName, seed, run, result).ConfigureAwait(false));
        }

        letters.Delete(recursive: true);
        result.Note(RunTally.Summary(tallies));
        return result;
    }

    private static async Task<RunTally> RunOnceAsync(DrillEstate estate, string letters, int seed, int run, DrillResult result)
    {
#pragma warning disable CA5394 // The drill's schedule, not security.
        var random = new Random((seed * 1000) + run);
        var database = await Drill.CopyDatabaseAsync(estate.Server, estate.Imported).ConfigureAwait(false);
        var connection = estate.Server.ConnectionString(database);
        var wall = Stopwatch.StartNew();
        var first = TestSmtpServer.Start();
        var port = first.Port;
        TestSmtpServer? after = null;
        RefusingSmtpServer? refusing = null;
        var wednesday = new LocalDate(2027, 1, 6);
        var worker = new SimulatedWorker(connection, estate.Config, port, letters, Instant.FromUtc(2027, 1, 5, 23, 0), seed + run);
        var start = At(worker, wednesday.PlusDays(-1), 23, 0);
        var down = At(worker, wednesday, 0, 0) + Duration.FromMinutes(random.Next(150)) + Duration.FromSeconds(random.Next(60));
        var refuseFrom = down + Duration.FromHours(6 + random.Next(12)) + Duration.FromMinutes(random.Next(60));
        var up = down + Outage;
        var tally = new RunTally(run);
        var events = new List<(Instant At, string What, Func<Task> Act)>
        {
            (down, "server down", async () =>
            {
                await first.DisposeAsync().ConfigureAwait(false);
                tally.PortClosedVerified = Refuses(port);
            }),
            (refuseFrom, "server answers 421", () =>
            {
                refusing = new RefusingSmtpServer(port);
                return Task.CompletedTask;
            }),
            (up, "server back", async () =>
            {
                tally.RefusedAtGreeting = refusing!.Refused;
                await refusing.DisposeAsync().ConfigureAwait(false);
                after = TestSmtpServer.Start(port: port);
            }),
            (At(worker, wednesday, 2, 30), "generate", async () => tally.Generated = await worker.GenerateAsync(wednesday).ConfigureAwait(false)),
            (At(worker, wednesday, 7, 0), "digest", () => worker.FireDigestAsync()),
            (At(worker, wednesday, 20, 0), "reports", async () => tally.Reports = await worker.CompleteAsync(wednesday).ConfigureAwait(false)),
        };
        events.Sort((a, b) => a.At.CompareTo(b.At));
        Console.WriteLine($"  run {run}: server down {Format(worker, down)} → {Format(worker, up)}: port closed, from {Format(worker, refuseFrom)} a server that answers 421 at the greeting");

        var printedBefore = await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages WHERE delivered_via LIKE 'post:%'").ConfigureAwait(false);
        var next = 0;
        var drainWatch = new Stopwatch();
        var last = start;
        for (var now = start + Tick; ; now += Tick)
        {
            last = now;
            for (; next < events.Count && events[next].At <= now; next++)
            {
                worker.SetTime(events[next].At);
                await events[next].Act().ConfigureAwait(false);
            }

            worker.SetTime(now);
            var outage = now > down && now <= up;
            if (outage && (now - down).Minutes == 0 && (now - down).Seconds < Tick.TotalSeconds)
            {
                await SampleAsync(worker, connection, now, down, tally).ConfigureAwait(false);
            }

            var paused = worker.Outage.PausedUntil;
            var received = after?.Messages.Count ?? 0;
            if (now > up && received == 0)
            {
                // Until mail flows again: what waits now is the backlog the return has to drain.
                tally.Backlog = await Drill.CountAsync(connection, $"SELECT count(*) FROM outbox_messages WHERE status IN ('pending', 'sending') AND {DueBy(now)}").ConfigureAwait(false);
                drainWatch.Restart();
            }

            var firing = Stopwatch.StartNew();
            await worker.FireDispatchAsync().ConfigureAwait(false);
            tally.Firings++;
            if (outage && worker.Outage.PausedUntil is { } until && until != paused)
            {
                tally.Probes++;
                tally.ProbeWall += firing.Elapsed;
            }
            else if (outage)
            {
                tally.PausedWall += firing.Elapsed;
            }

            if (now > up && tally.ResumedAfter is null && !after!.Messages.IsEmpty)
            {
                tally.ResumedAfter = now - up;
            }

            if (tally.ResumedAfter is not null && await Drill.CountAsync(connection, $"SELECT count(*) FROM outbox_messages WHERE status IN ('pending', 'sending') AND {DueBy(now)}").ConfigureAwait(false) == 0)
            {
                tally.DrainWall = drainWatch.Elapsed;
                tally.DrainedAt = now - up;
                break;
            }

            if (wall.Elapsed > WallBound || now > up + Duration.FromMinutes(60))
            {
                result.Fail($"run {run}: the backlog did not drain: {wall.Elapsed.TotalSeconds:F0} s, simulated {Format(worker, now)}; resumed after {tally.ResumedAfter?.ToString() ?? "never"}; problems: {string.Join("; ", worker.Problems.Take(3))}");
                break;
            }
        }

        var ready = await worker.ReadinessAsync().ConfigureAwait(false);
        tally.Kinds = (string)(await Drill.ScalarAsync(connection,
            "SELECT string_agg(n || ' ' || kind, ', ' ORDER BY kind) FROM (SELECT kind, count(*) AS n FROM outbox_messages GROUP BY kind) k").ConfigureAwait(false) ?? string.Empty);
        tally.ReadyAfter = $"{ready.Status}: {ready.Description}";
        tally.Wall = wall.Elapsed;
        await CheckAsync(connection, first, after, printedBefore, tally, result, last).ConfigureAwait(false);
        if (worker.Problems.Count > 0)
        {
            result.Fail($"run {run}: the jobs logged {worker.Problems.Count} problem(s): {string.Join("; ", worker.Problems.Take(3))}");
        }

        if (ready.Status != HealthStatus.Healthy)
        {
            result.Fail($"run {run}: readiness after the drain: {tally.ReadyAfter}");
        }

        Console.WriteLine($"    queued meanwhile: generate created {tally.Generated.Created:N0} orders and booked {tally.Generated.Booked:N0} gas appointments, {tally.Reports:N0} reports; outbox: {tally.Kinds}");
        Console.WriteLine($"    {tally.Firings:N0} dispatch firings; while down {tally.Probes} probes took {tally.ProbeWall.TotalSeconds:F1} s wall "
            + $"({tally.ProbeWall.TotalMilliseconds / Math.Max(1, tally.Probes):F0} ms each: up to two batches of {worker.BatchSize} claimed, rendered and put back), the other firings {tally.PausedWall.TotalSeconds:F1} s");
        Console.WriteLine($"    server back {Format(worker, up)}: first message {Minutes(tally.ResumedAfter)} later; {tally.Backlog:N0} messages waiting then; "
            + $"drained {Minutes(tally.DrainedAt)} after the return in {tally.DrainWall.TotalSeconds:F2} s wall ({tally.Delivered:N0} by SMTP in queue order, {tally.Printed:N0} printed letters); "
            + $"{tally.Probes} probes while down ({tally.RefusedAtGreeting} refused at the greeting); readiness after: {tally.ReadyAfter}; run {tally.Wall.TotalSeconds:F1} s wall");
        await worker.DisposeAsync().ConfigureAwait(false);
        if (after is not null)
        {
            await after.DisposeAsync().ConfigureAwait(false);
        }

        await estate.Server.DropDatabaseAsync(database).ConfigureAwait(false);
        return tally;
#pragma warning restore CA5394
    }

    /// <summary>Readiness, the backlog and its attempts at a point of the outage; printed every third hour.</summary>
    private static async Task SampleAsync(SimulatedWorker worker, string connection, Instant now, Instant down, RunTally tally)
    {
        var hours = (int)Math.Round((now - down).TotalHours);
        var backlog = await Drill.CountAsync(connection, $"SELECT count(*) FROM outbox_messages WHERE status IN ('pending', 'sending') AND {DueBy(now)}").ConfigureAwait(false);
        var withError = await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages WHERE status = 'pending' AND last_error IS NOT NULL").ConfigureAwait(false);
        var attempts = await Drill.CountAsync(connection, "SELECT coalesce(max(attempts), 0) FROM outbox_messages WHERE status IN ('pending', 'sending')").ConfigureAwait(false);
        var dead = await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages WHERE status = 'dead'").ConfigureAwait(false);
        var ready = await worker.ReadinessAsync().ConfigureAwait(false);
        tally.Samples.Add(new Sample(hours, backlog, attempts, dead, ready.Status, ready.Description?.Contains(Scheduler.Worker.Hosting.Health.OutboxHealthCheck.MailOutagePhrase, StringComparison.Ordinal) == true));
        if (hours % 3 == 0 || hours == 23)
        {
            Console.WriteLine($"    +{hours,2} h ({Format(worker, now)}): {backlog:N0} waiting ({withError:N0} with a last error), most attempts {attempts}, {dead} dead; readiness {ready.Status}: {ready.Description}");
        }

        if (hours == 12)
        {
            var error = await Drill.ScalarAsync(connection, "SELECT last_error FROM outbox_messages WHERE status = 'pending' AND last_error IS NOT NULL ORDER BY id LIMIT 1").ConfigureAwait(false);
            tally.Reason = error as string;
            Console.WriteLine($"    last error of the oldest waiting message ('outbox show ID'): {tally.Reason}");
            Console.WriteLine("    outbox list --status pending --limit 3:");
            foreach (var line in (await worker.OutboxListAsync("pending", 3).ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Console.WriteLine("      " + line.TrimEnd());
            }
        }
    }

    // Due by the simulated time: not a message written ahead of its time (issueAhead, letterAhead) whose release is
    // still to come. Those are scheduled, not backlog: the drain does not wait for them, and they are not lost.
    private static string DueBy(Instant now) =>
        $"NOT coalesce(release_at > '{NodaTime.Text.InstantPattern.General.Format(now)}'::timestamptz, false)";

    private static async Task CheckAsync(string connection, TestSmtpServer first, TestSmtpServer? after, long printedBefore, RunTally tally, DrillResult result, Instant now)
    {
        var rows = await OutboxRow.ReadAllAsync(connection).ConfigureAwait(false);
        var byMessageId = rows.ToDictionary(r => r.MessageId, StringComparer.Ordinal);
        var copies = new Dictionary<string, int>(StringComparer.Ordinal);
        var arrivals = new List<OutboxRow>();
        var unknown = 0;
        foreach (var message in first.Messages.Concat(after?.Messages ?? []))
        {
            var id = OutboxRow.Bare(message.MessageId ?? string.Empty);
            copies[id] = copies.GetValueOrDefault(id) + 1;
            if (!byMessageId.TryGetValue(id, out var row))
            {
                unknown++;
            }
            else if (copies[id] == 1)
            {
                arrivals.Add(row);
            }
        }

        var scheduled = now.ToDateTimeUtc();
        var unsent = rows.Where(r => r.Status is not ("sent" or "superseded") && !(r.Status == "pending" && r.Queued > scheduled)).ToList();
        var missing = rows.Count(r => r.Status == "sent" && !r.Printed && !copies.ContainsKey(r.MessageId));
        tally.Delivered = after?.Messages.Count ?? 0;
        tally.Printed = rows.Count(r => r.Printed) - printedBefore;
        tally.Lost = unsent.Count + missing;
        tally.Duplicated = copies.Values.Sum(n => n - 1);
        result.Lost += tally.Lost;
        result.Duplicated += tally.Duplicated;
        if (unsent.Count > 0 || missing > 0 || unknown > 0)
        {
            result.Fail($"run {tally.Run}: {unsent.Count} not sent ({string.Join(", ", unsent.GroupBy(r => r.Status).Select(g => $"{g.Count()} {g.Key}"))}), {missing} sent but never received, {unknown} received that the outbox does not have");
        }

        if (tally.Duplicated > 0)
        {
            result.Fail($"run {tally.Run}: {tally.Duplicated} duplicate(s) by Message-Id");
        }

        var overcounted = rows.Count(r => r.Attempts != (r.Status == "sent" ? 1 : 0));
        if (overcounted > 0)
        {
            result.Fail($"run {tally.Run}: {overcounted} message(s) with attempts other than 1 when sent or 0 otherwise: the outage used up attempts");
        }

        if (tally.Samples.Any(s => s.MostAttempts > 0 || s.Dead > 0))
        {
            result.Fail($"run {tally.Run}: during the outage a waiting message had attempts counted or one was dead");
        }

        var breaches = DeliveryOrder.Breaches(arrivals);
        tally.OrderBreaches = breaches.Count;
        if (breaches.Count > 0)
        {
            result.Fail($"run {tally.Run}: {breaches.Count} message(s) out of queue order, first: {string.Join("; ", breaches.Take(3))}");
        }

        if (tally.ResumedAfter is not { } resumed || resumed > ResumeBound)
        {
            result.Fail($"run {tally.Run}: mail resumed {Minutes(tally.ResumedAfter)} after the server came back (bound {ResumeBound.TotalMinutes:F0} min)");
        }

        var growth = tally.Samples.Count > 1 ? tally.Samples[^1].Backlog - tally.Samples[0].Backlog : 0;
        if (growth <= 0 || tally.Samples.All(s => s.Readiness != HealthStatus.Unhealthy) || !tally.PortClosedVerified || tally.RefusedAtGreeting == 0)
        {
            result.Fail($"run {tally.Run}: the outage was not as intended: backlog grew by {growth}, readiness unhealthy {tally.Samples.Count(s => s.Readiness == HealthStatus.Unhealthy)} of {tally.Samples.Count} hours, port refused {tally.PortClosedVerified}, {tally.RefusedAtGreeting} refused at the greeting");
        }

        // Once a probe has found the server down (the first batch to send), readiness must say so, not only count.
        var silent = tally.Samples.SkipWhile(s => !s.NamesOutage).Count(s => !s.NamesOutage);
        if (tally.Samples.All(s => !s.NamesOutage) || silent > 0 || tally.Samples.Any(s => s.Readiness == HealthStatus.Unhealthy && !s.NamesOutage))
        {
            result.Fail($"run {tally.Run}: readiness did not name the outage in {tally.Samples.Count(s => !s.NamesOutage)} of {tally.Samples.Count} hourly samples ({silent} after it first did)");
        }

    }

    /// <summary>True when nothing listens on <paramref name="port"/>: a connection is refused.</summary>
    private static bool Refuses(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
    }

    private static Instant At(SimulatedWorker worker, LocalDate day, int hour, int minute) =>
        day.At(new LocalTime(hour, minute)).InZoneLeniently(worker.Zone).ToInstant();

    private static string Format(SimulatedWorker worker, Instant at) =>
        at.InZone(worker.Zone).ToString("ddd d MMM HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Minutes(Duration? duration) => duration is { } d ? $"{d.TotalMinutes:F1} min" : "never";
}
