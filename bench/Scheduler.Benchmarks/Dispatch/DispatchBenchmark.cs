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
/// <c>dotnet run -c Release --project bench/Scheduler.Benchmarks -- dispatch [--messages N] [--batch N] [--homes N] [--warmup N] [--warmup-batch N]</c>:
/// a real apply of a synthetic estate (every contractor on per-order dispatch) writes contractor notices to the outbox
/// in a real PostgreSQL (<c>ESTATE_TEST_DB</c>, else a throwaway local cluster, as the apply benchmark); the real
/// <see cref="OutboxDispatcher"/> sends <c>--messages</c> of them (default 10,000) to a local SMTP server (SmtpServer,
/// TCP_NODELAY on its side, the shipped templates), after a warm-up (<c>--warmup</c> rows, default 1,000, sent again and again until the JIT is quiet); then a bare MailKit loop over one
/// connection sends the very same messages (the bytes the server received from the dispatcher) to the same server.
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
        // dispatch (docs/benchmarks.md, Dispatch, branch dispatch3).
        var warmUp = Option(args, "--warmup", 1_000);

        // The batch size of the warm-up rounds (default: the measured one). Code that runs once a batch (connecting,
        // claiming, completing) is called 5 times a warm-up round at the defaults, so some of it still tiers up inside
        // the timed run (docs/benchmarks.md, Dispatch, branch dispatch4); a smaller warm-up batch calls it more often.
        var warmUpBatch = Option(args, "--warmup-batch", batch);
        var clock = new FakeClock(Instant.FromUtc(2027, 1, 1, 6, 0));
        var config = Apply.SyntheticEstate.Config();
        config = config with { Contractors = [.. config.Contractors.Select(c => c with { Dispatch = DispatchMode.PerOrder })] };

        var server = await PostgresServer.SharedAsync();
        var name = await server.CreateMigratedDatabaseAsync();
        try
        {
            await using var dataSource = EstateDatabase.CreateDataSource(server.ConnectionString(name));
            await Apply.SyntheticEstate.SeedAsync(dataSource, 40, 200, homes, clock.GetCurrentInstant());
            var calendar = BankHolidayCatalog.Snapshot.Calendar(BankHolidayRegion.EnglandAndWales);
            await new WorkOrderGeneration(dataSource, config, calendar, clock).ApplyAsync(new LocalDate(2027, 1, 1));
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
            // Warm-up: the first warmUp rows, dispatched, put back to pending and dispatched again until the JIT has gone
            // quiet (tiering goes on in the background for seconds after the first calls), the measured rows held back.
            var cutoff = await ScalarAsync(dataSource, $"SELECT id FROM outbox_messages ORDER BY id OFFSET {warmUp - 1} LIMIT 1");
            await ExecuteAsync(dataSource, $"UPDATE outbox_messages SET next_attempt_at = next_attempt_at + interval '1 day' WHERE id > {cutoff}");
            var warmRounds = await WarmUntilJitQuietAsync(async () =>
            {
                var warm = await dispatcher.DispatchDueAsync(warmUpBatch);
                await ExecuteAsync(dataSource, $"UPDATE outbox_messages SET status = 'pending', lease_until = NULL, attempts = 0, sent_at = NULL WHERE id <= {cutoff}");
                return warm.Sent == warmUp;
            });
            await ExecuteAsync(dataSource, $"DELETE FROM outbox_messages WHERE id <= {cutoff}");
            await ExecuteAsync(dataSource, $"UPDATE outbox_messages SET next_attempt_at = next_attempt_at - interval '1 day' WHERE id > {cutoff}");
            Console.WriteLine($"warm-up: {warmRounds} rounds of {warmUp:N0} in batches of {warmUpBatch}");

            smtp.Capture = true;
            var cpu = ProcessCpu();
            var serverCpu = CpuTime.Now(name).Server;
            var watch = Stopwatch.StartNew();
            var gateBefore = EndOfDataGate.Totals;
            var (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
            Console.WriteLine("timed dispatch: started");
            var summary = await dispatcher.DispatchDueAsync(batch);
            watch.Stop();
            var gate = (Waits: EndOfDataGate.Totals.Waits - gateBefore.Waits, Waited: EndOfDataGate.Totals.Waited - gateBefore.Waited);
            var dispatchCpu = ProcessCpu() - cpu;
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

            // The baseline: the same messages, pre-rendered, over one MailKit connection with TCP_NODELAY; warmed up the same way.
            var bareWarmRounds = await WarmUntilJitQuietAsync(async () =>
            {
                await BareLoopAsync(smtp.Port, sameMessages.Take(warmUp).ToList());
                return true;
            });
            Console.WriteLine($"bare loop warm-up: {bareWarmRounds} rounds of {warmUp:N0}");
            var (bareJitMethods, bareJitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
            cpu = ProcessCpu();
            var bare = Stopwatch.StartNew();
            await BareLoopAsync(smtp.Port, sameMessages);
            bare.Stop();
            var bareCpu = ProcessCpu() - cpu;
            (bareJitMethods, bareJitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount() - bareJitMethods, System.Runtime.JitInfo.GetCompilationTime() - bareJitTime);
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
            Console.WriteLine($"| load average (1 min) at the end, {Environment.ProcessorCount} cores | {LoadAverage(1)} | |");
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.DropDatabaseAsync(name);
        }
    }

    /// <summary>Runs <paramref name="round"/> until a round compiles at most 10 methods (at least 2 rounds, at most 15); returns how many ran.</summary>
    private static async Task<int> WarmUntilJitQuietAsync(Func<Task<bool>> round)
    {
        for (var rounds = 1; ; rounds++)
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (!await round())
            {
                throw new InvalidOperationException("A warm-up round did not send every message.");
            }

            if ((rounds >= 2 && System.Runtime.JitInfo.GetCompiledMethodCount() - before <= 10) || rounds == 15)
            {
                return rounds;
            }
        }
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
