using System.Diagnostics;
using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Npgsql;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Benchmarks.Apply;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Outbox;
using static Scheduler.Benchmarks.BenchEnvironment;

namespace Scheduler.Benchmarks.Dispatch;

/// <summary>
/// <c>dotnet run -c Release --project bench/Scheduler.Benchmarks -- dispatch [--messages N] [--batch N] [--homes N] [--warmup N] [--warmup-batch N] [--jit-trace FILE]</c>:
/// a real apply of a synthetic estate (every contractor on per-order dispatch) writes contractor notices to the outbox
/// in a real PostgreSQL (<c>ESTATE_TEST_DB</c>, else a throwaway local cluster, as the apply benchmark); the real
/// <see cref="OutboxDispatcher"/> sends <c>--messages</c> of them (default 10,000) to a local SMTP server (SmtpServer,
/// TCP_NODELAY on its side, the shipped templates), after a warm-up (<c>--warmup</c> rows, default 1,000, like the
/// measured ones, sent again and again until the JIT is quiet by <see cref="JitQuiet"/>'s rule); then a bare MailKit loop over one
/// connection sends the very same messages (the bytes the server received from the dispatcher) to the same server,
/// after the same warm-up rule over every 10th of them (as the dispatcher's warm-up takes every 10th measured row).
/// Prints messages/s for both and the ratio (goal ≥ 0.8×).
/// </summary>
internal static class DispatchBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var messages = Option(args, "--messages", 10_000);
        var batch = Option(args, "--batch", 200);
        var homes = Option(args, "--homes", 8_000);

        // Long enough for the JIT's tiering to finish on the hot paths of both senders (the worker runs for days, so the
        // timed runs should see its steady state): with 200, the tier-up compilations still ran during the timed
        // dispatch (docs/benchmarks-history.md, Dispatch, branch dispatch3).
        var warmUp = Option(args, "--warmup", 1_000);

        // The batch size of the warm-up rounds (default: the measured one). Code that runs once a batch (connecting,
        // claiming, completing) is called 5 times a warm-up round at the defaults, so some of it still tiers up inside
        // the timed run (docs/benchmarks-history.md, Dispatch, branch dispatch4); a smaller warm-up batch calls it more
        // often.
        var warmUpBatch = Option(args, "--warmup-batch", batch);

        // Diagnostic: every method the JIT compiles, with its tier and the phase it was compiled in (JitTrace).
        var jitTraceAt = Array.IndexOf(args, "--jit-trace");
        using var jitTrace = jitTraceAt >= 0 && jitTraceAt + 1 < args.Length ? new JitTrace() : null;
        var clock = new FakeClock(Instant.FromUtc(2027, 1, 1, 6, 0));
        var config = Apply.SyntheticEstate.Config();
        config = config with { Contractors = [.. config.Contractors.Select(c => c with { Dispatch = DispatchMode.PerOrder })] };

        var server = await PostgresServer.SharedAsync();
        var name = await server.CreateMigratedDatabaseAsync();
        var pristine = name + "_pristine";
        try
        {
            await using var dataSource = EstateDatabase.CreateDataSource(server.ConnectionString(name));
            await Apply.SyntheticEstate.SeedAsync(dataSource, 40, 200, homes, clock.GetCurrentInstant());
            var calendar = BankHolidayCatalog.Snapshot.Calendar(BankHolidayRegion.EnglandAndWales);
            await new WorkOrderGeneration(dataSource, config, calendar, clock).ApplyAsync(new LocalDate(2027, 1, 1));
            if (Array.IndexOf(args, "--booked") >= 0)
            {
                // Every open gas order booked with its tenant (AM with hours, PM without), written directly (no booking
                // run, so no tenant letters queued): the notices then carry an appointment (branch appt25).
                await ExecuteAsync(dataSource, """
                    INSERT INTO gas_appointments (work_order_id, home_id, area_id, deadline, attempt, date, slot, letter, letter_on, status, booked_at)
                    SELECT w.id, w.asset_id, h.area_id, w.window_end, 1, w.target_date, CASE WHEN w.id % 2 = 0 THEN 'AM' ELSE 'PM' END,
                           'appointment-first', w.window_start, 'booked', now()
                    FROM work_orders w JOIN homes h ON h.id = w.asset_id WHERE w.service = 'gas-safety' AND w.status <> 'cancelled'
                    """);
                await ExecuteAsync(dataSource, "ANALYZE gas_appointments");
                config = config with
                {
                    Schedules = [.. config.Schedules.Select(s => s.Service == "gas-safety"
                        ? s with { Appointment = new AppointmentPolicy(["AM", "PM"], Period.FromDays(14), 3) { Hours = new Dictionary<string, SlotHours> { ["AM"] = new(new LocalTime(8, 0), new LocalTime(12, 0)) } } }
                        : s)],
                };
                Console.WriteLine($"booked: {await ScalarAsync(dataSource, "SELECT count(*) FROM gas_appointments")} gas orders");
            }

            var queued = await ScalarAsync(dataSource, "SELECT count(*) FROM outbox_messages WHERE status = 'pending'");
            if (queued < messages + warmUp)
            {
                Console.Error.WriteLine($"the apply queued {queued:N0} messages; {messages + warmUp:N0} are needed: raise --homes");
                return 1;
            }

            // Keep exactly the warm-up and measured messages.
            await ExecuteAsync(dataSource, $"DELETE FROM outbox_messages WHERE id > (SELECT id FROM outbox_messages ORDER BY id OFFSET {messages + warmUp - 1} LIMIT 1)");
            Console.WriteLine($"database {name}: {queued:N0} notices queued by the apply, {messages:N0} measured after {warmUp} warm-up; batch {batch}");

            await using var smtp = BenchSmtpServer.Start();
            var (mail, problems) = MailSettings.Read(key => key switch
            {
                "Smtp:Host" => "127.0.0.1",
                "Smtp:Port" => smtp.Port.ToString(CultureInfo.InvariantCulture),
                "Smtp:Security" => "None",
                "Smtp:From" => "Synthetic Homes <orders@synthetic.example>",
                "Smtp:MessagesPerConnection" => "100000",
                _ => null,
            });
            if (mail is null)
            {
                Console.Error.WriteLine(string.Join(Environment.NewLine, problems));
                return 1;
            }

            var templates = Path.Combine(RepositoryRoot(), "config", "templates");
            var dispatcher = new OutboxDispatcher(dataSource, config, new TemplateRenderer(templates), mail, clock, RetryPolicy.Default(new Random(1)));
            var cutoff = await ScalarAsync(dataSource, $"SELECT id FROM outbox_messages ORDER BY id OFFSET {warmUp - 1} LIMIT 1");

            // Warm-up, part 1 (since branch jit17): rows like the measured ones. The first warmUp rows are all of one
            // service and one contractor (block cleaning), while the measured rows also hold grass cuts with their
            // follow-ups and gas safety checks, whose templates, loops, contractors and dates the timed run met for the
            // first time and tiered up inside the timed run. So the warm-up sends every (messages / warmUp)-th measured
            // row, again and again until the JIT is quiet, in a copy of the database taken before (the measured rows
            // and their orders are then put back exactly as the apply left them: the copy is renamed back).
            var sampleEvery = Math.Max(1, messages / warmUp);
            dataSource.Clear();
            // FILE_COPY: the copy is not written to the WAL (a checkpoint comes first, so the apply's pages are written
            // now rather than by a checkpoint during the timed run).
            var copying = Stopwatch.StartNew();
            await AdminAsync(server, $"CREATE DATABASE {pristine} TEMPLATE {name} STRATEGY FILE_COPY");
            copying.Stop();
            await ExecuteAsync(dataSource, $"CREATE TABLE bench_warm_sample AS SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM outbox_messages WHERE id > {cutoff}) r WHERE (n - 1) % {sampleEvery} = 0 ORDER BY id LIMIT {warmUp}");
            var sampled = await ScalarAsync(dataSource, "SELECT count(*) FROM bench_warm_sample");
            Console.WriteLine($"rows: first {warmUp:N0} (warm-up part 2) {await MixAsync(dataSource, $"m.id <= {cutoff}")}; measured {await MixAsync(dataSource, $"m.id > {cutoff}")}; warm-up part 1, every {sampleEvery} measured row {await MixAsync(dataSource, "m.id IN (SELECT id FROM bench_warm_sample)")}");
            await ExecuteAsync(dataSource, "UPDATE outbox_messages SET next_attempt_at = next_attempt_at + interval '1 day' WHERE id NOT IN (SELECT id FROM bench_warm_sample)");
            // One warm-up round: as in the timed run, the server keeps what it receives and the benchmark reads its CPU
            // times; then the rows the round sent are put back to pending. True when it sent them all.
            async Task<bool> WarmRoundAsync(string phase, string rows, long expected)
            {
                jitTrace?.Phase = phase;
                smtp.Capture = true;
                _ = CpuTime.Now(name);
                var warm = await dispatcher.DispatchDueAsync(warmUpBatch);
                _ = CpuTime.Now(name);
                smtp.Capture = false;
                smtp.Captured.Clear();
                await ExecuteAsync(dataSource, $"UPDATE outbox_messages SET status = 'pending', lease_until = NULL, attempts = 0, sent_at = NULL WHERE {rows}");
                return warm.Sent == expected;
            }

            var likeMeasured = await JitQuiet.WarmAsync(() => WarmRoundAsync("dispatcher warm-up 1", "id IN (SELECT id FROM bench_warm_sample)", sampled));
            copying.Start();
            dataSource.Clear();
            await AdminAsync(server, $"DROP DATABASE {name} WITH (FORCE)");
            await AdminAsync(server, $"ALTER DATABASE {pristine} RENAME TO {name}");
            copying.Stop();
            Console.WriteLine($"dispatcher warm-up part 1 ({sampled:N0} measured rows, in a copy; batches of {warmUpBatch}; copying and putting back {copying.Elapsed.TotalSeconds:F1} s): {JitQuiet.Describe(likeMeasured)}");

            // Warm-up, part 2 (the warm-up before branch jit17): the first warmUp rows, dispatched, put back to pending
            // and dispatched again until the JIT is quiet, the measured rows held back meanwhile; it opens the pool's
            // connections to the database as it now is and prepares the dispatcher's statements on them.
            await ExecuteAsync(dataSource, $"UPDATE outbox_messages SET next_attempt_at = next_attempt_at + interval '1 day' WHERE id > {cutoff}");
            var firstRows = await JitQuiet.WarmAsync(() => WarmRoundAsync("dispatcher warm-up 2", $"id <= {cutoff}", warmUp));
            await ExecuteAsync(dataSource, $"DELETE FROM outbox_messages WHERE id <= {cutoff}");
            await ExecuteAsync(dataSource, $"UPDATE outbox_messages SET next_attempt_at = next_attempt_at - interval '1 day' WHERE id > {cutoff}");
            Console.WriteLine($"dispatcher warm-up part 2 (the first {warmUp:N0} rows, batches of {warmUpBatch}): {JitQuiet.Describe(firstRows)}");

            smtp.Capture = true;
            var cpu = ProcessCpu();
            var serverCpu = CpuTime.Now(name).Server;
            var watch = Stopwatch.StartNew();
            var gateBefore = EndOfDataGate.Totals;
            var (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
            var poolBefore = PoolCounters.Now();
            Console.WriteLine("timed dispatch: started");
            jitTrace?.Phase = "timed dispatch";
            var summary = await dispatcher.DispatchDueAsync(batch);
            watch.Stop();
            jitTrace?.Phase = "after timed dispatch";
            var gate = (Waits: EndOfDataGate.Totals.Waits - gateBefore.Waits, Waited: EndOfDataGate.Totals.Waited - gateBefore.Waited);
            var dispatchCpu = ProcessCpu() - cpu;
            var dispatchPool = PoolCounters.Now().PerMessageSince(poolBefore, messages);
            var dispatchServerCpu = CpuTime.Now(name).Server - serverCpu;
            (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods, System.Runtime.JitInfo.GetCompilationTime() - jitTime);
            smtp.Capture = false;
            if (summary.Sent != messages || smtp.Captured.Count != messages)
            {
                Console.Error.WriteLine($"the dispatcher sent {summary.Sent:N0} (server: {smtp.Captured.Count:N0}) of {messages:N0}: {summary}");
                return 1;
            }

            var dispatchRate = messages / watch.Elapsed.TotalSeconds;
            var sameMessages = smtp.Captured.Select(bytes => MimeMessage.Load(new MemoryStream(bytes))).ToList();
            var averageKb = smtp.Captured.Average(b => b.Length) / 1024.0;

            // The baseline: the same messages, pre-rendered, over one MailKit connection with TCP_NODELAY; warmed up by the
            // same rule over every sampleEvery-th measured message in the order received, as the dispatcher's part 1 takes
            // every sampleEvery-th measured row in id order (the same mix; the same rows where the claim's order is the ids').
            var bareSample = sameMessages.Where((_, i) => i % sampleEvery == 0).Take(warmUp).ToList();
            var bareWarm = await JitQuiet.WarmAsync(async () =>
            {
                jitTrace?.Phase = "bare warm-up";
                _ = ProcessCpu();
                await BareLoopAsync(smtp.Port, bareSample);
                _ = ProcessCpu();
                return true;
            });
            Console.WriteLine($"bare loop warm-up ({bareSample.Count:N0} of the measured messages, every {sampleEvery}th): {JitQuiet.Describe(bareWarm)}");
            var (bareJitMethods, bareJitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());

            // The server keeps what it receives here too, as in the dispatcher's timed run: both senders pay the same server cost.
            smtp.Captured.Clear();
            smtp.Capture = true;
            cpu = ProcessCpu();
            var barePoolBefore = PoolCounters.Now();
            jitTrace?.Phase = "timed bare loop";
            var bare = Stopwatch.StartNew();
            await BareLoopAsync(smtp.Port, sameMessages);
            bare.Stop();
            jitTrace?.Phase = "after timed bare loop";
            var bareCpu = ProcessCpu() - cpu;
            var barePool = PoolCounters.Now().PerMessageSince(barePoolBefore, messages);
            (bareJitMethods, bareJitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount() - bareJitMethods, System.Runtime.JitInfo.GetCompilationTime() - bareJitTime);
            smtp.Capture = false;
            if (smtp.Captured.Count != messages)
            {
                Console.Error.WriteLine($"the bare loop delivered {smtp.Captured.Count:N0} of {messages:N0}");
                return 1;
            }

            smtp.Captured.Clear();
            var bareRate = messages / bare.Elapsed.TotalSeconds;

            // Breakdown, after both timed runs: the dispatcher's composing alone over the same rows (claim, read, render,
            // .ics, .csv, MIME bytes; nothing sent or recorded).
            var (composeWall, composeCpu, composed) = await ComposeOnlyPass.RunAsync(dataSource, config, new TemplateRenderer(templates), mail, clock.GetCurrentInstant(), batch);

            Console.WriteLine();
            Console.WriteLine("| measure | value | goal |");
            Console.WriteLine("|---|---:|---|");
            Console.WriteLine($"| OutboxDispatcher: {messages:N0} contractor notices (claim, render, .ics + .csv, send, mark sent + issue), batch {batch} | {watch.Elapsed.TotalSeconds:F2} s, {dispatchRate:N0} messages/s | |");
            Console.WriteLine($"| bare MailKit loop, one connection, same {messages:N0} messages ({averageKb:F1} kB average) | {bare.Elapsed.TotalSeconds:F2} s, {bareRate:N0} messages/s | |");
            Console.WriteLine($"| dispatcher ÷ bare loop | {dispatchRate / bareRate:F2}× | ≥ 0.8× |");
            Console.WriteLine($"| CPU time of this process (both SMTP ends and the dispatcher) per message: dispatcher / bare loop | {dispatchCpu.TotalMicroseconds / messages:N0} µs / {bareCpu.TotalMicroseconds / messages:N0} µs | |");
            Console.WriteLine($"| CPU time of the PostgreSQL backends serving the benchmark's database per message (not in the line above; same 2 cores): dispatcher / bare loop | {dispatchServerCpu.TotalMicroseconds / messages:N0} µs / 0 µs (no database) | |");
            Console.WriteLine($"| CPU time, process + PostgreSQL backends, per message: dispatcher / bare loop | {(dispatchCpu + dispatchServerCpu).TotalMicroseconds / messages:N0} µs / {bareCpu.TotalMicroseconds / messages:N0} µs | |");
            Console.WriteLine($"| breakdown: methods compiled by the JIT during the timed runs (tier-up), dispatcher / bare loop | {jitMethods:N0} in {jitTime.TotalMilliseconds:N0} ms / {bareJitMethods:N0} in {bareJitTime.TotalMilliseconds:N0} ms | |");
            Console.WriteLine($"| breakdown: end of data held back for the previous message's record (its round trip not hidden by the envelope) | {gate.Waits:N0} of {messages:N0} messages, {gate.Waited.TotalSeconds:F2} s in all | |");
            Console.WriteLine($"| breakdown: the dispatcher's composing alone, same rows ({composed:N0}; claim, read, render, .ics + .csv, MIME bytes; not sent) | {composeWall.TotalSeconds:F2} s, {composed / composeWall.TotalSeconds:N0} messages/s, CPU {composeCpu.TotalMicroseconds / composed:N0} µs a message | |");
            Console.WriteLine($"| breakdown: the process's threads per message (PoolCounters), dispatcher / bare loop | {dispatchPool} / {barePool} | |");
            Console.WriteLine($"| load average (1 min) at the end, {Environment.ProcessorCount} cores | {LoadAverage(1)} | |");
            if (jitTrace is not null)
            {
                jitTrace.Save(args[jitTraceAt + 1]);
                Console.WriteLine($"JIT trace (a diagnostic; listening slows the run): {args[jitTraceAt + 1]}");
            }

            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.DropDatabaseAsync(name);
            await server.DropDatabaseAsync(pristine);
        }
    }

    /// <summary>Runs a statement on the server's <c>postgres</c> database (creating, dropping, renaming databases).</summary>
    private static async Task AdminAsync(PostgresServer server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>"(1,000: block-clean 1,000; 0 with follow-ups)": the outbox rows <paramref name="where"/> selects (alias m), by service.</summary>
    private static async Task<string> MixAsync(NpgsqlDataSource dataSource, string where)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT sum(n)::bigint, string_agg(service || ' ' || n, ', ' ORDER BY service), sum(followed)
            FROM (SELECT w.service, count(*) AS n,
                         count(*) FILTER (WHERE EXISTS (SELECT FROM work_orders f WHERE f.parent_id = w.id)) AS followed
                  FROM outbox_messages m JOIN work_orders w ON w.id = m.work_order_ids[1]
                  WHERE {where} GROUP BY w.service) q
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"({reader.GetInt64(0):N0}: {reader.GetString(1)}; {reader.GetDecimal(2):N0} with follow-ups)";
    }

    private static async Task BareLoopAsync(int port, IReadOnlyList<MimeMessage> messages)
    {
        using var client = new SmtpClient();
        var socket = await SmtpTransport.OpenSocketAsync("127.0.0.1", port, CancellationToken.None);
        await client.ConnectAsync(socket, "127.0.0.1", port, SecureSocketOptions.None);
        foreach (var message in messages)
        {
            await client.SendAsync(message);
        }

        await client.DisconnectAsync(true);
    }
}
