using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;
using Npgsql;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Drills;

/// <summary>
/// A landlord's first two nights at scale, as real processes one after the other on a fresh database with autovacuum
/// off. Night 1: <c>synth</c>, <c>migrate</c>, <c>import</c>, <c>apply</c> (the shipped configuration as <c>synth</c>
/// copies it: its horizon, its lead times) and <c>dispatch --once</c> to a real SMTP server on the real clock. Night 2,
/// where the tables night 1 wrote are first read: the contractors' reports of day 1's visits through
/// <c>import-completions</c> (a CSV the drill writes, <see cref="DayOneVisits"/>), then <c>apply</c> on the next day,
/// <c>dispatch --once</c>, <c>overdue</c> and <c>report</c>. Day 1 is the last working day before today, given to
/// <c>synth</c>, <c>import</c> and <c>apply</c> with <c>--as-of</c> (the CLI's only way to name the day); night 2's
/// apply is as of the day after it; <c>import-completions</c> and <c>dispatch</c> have no such option and run on the
/// real clock, today. With autovacuum off nothing but the product's own statements gives the planner statistics: the
/// worst case of each step started right after the one before. Each step's wall time and exit code are printed, and
/// after it every table the step changed with what the planner believes of it, and every table the step read while it
/// had no statistics. With <c>--explain MS</c> the database also gets <c>auto_explain</c> (statements of MS or more,
/// with <c>log_analyze</c>), and each step's slow statements are printed from the server log. The drill fails if a
/// step fails or runs past its bound (<see cref="StepBound"/>), if a step reads a table of at least
/// <see cref="MinimumRows"/> rows that a step before it filled and nothing analyzed (unless it took the whole table,
/// <see cref="TableState.TakenWholeSince"/>), or if after a dispatch the emails marked sent are not the emails the SMTP
/// server received.
/// </summary>
internal static partial class FirstRunDrill
{
    /// <summary>The longest any one step may take; a step still running then is killed and the drill fails.</summary>
    public static readonly TimeSpan StepBound = TimeSpan.FromMinutes(15);

    /// <summary>Smaller tables are planned well enough without statistics (PostgreSQL assumes a few pages).</summary>
    public const long MinimumRows = 1_000;

    public static async Task<DrillResult> RunAsync(int homes, int explainMilliseconds)
    {
        var result = new DrillResult($"first run (`first-run`, {homes:N0} homes)", 1);
        var server = await PostgresServer.SharedAsync().ConfigureAwait(false);
        if (server.Cluster is null)
        {
            result.Fail($"the drill turns autovacuum off for its cluster, so it needs the local throwaway cluster: unset {PostgresServer.ServerVariable}");
            return result;
        }

        await AutovacuumAsync(server, on: false).ConfigureAwait(false);
        try
        {
            return await RunStepsAsync(server, homes, explainMilliseconds, result).ConfigureAwait(false);
        }
        finally
        {
            await AutovacuumAsync(server, on: true).ConfigureAwait(false);
        }
    }

    private static async Task<DrillResult> RunStepsAsync(PostgresServer server, int homes, int explainMilliseconds, DrillResult result)
    {
        var database = await server.CreateEmptyDatabaseAsync().ConfigureAwait(false);
        // Not pooled: the drill waits for the database to have no sessions after each step.
        var connection = new NpgsqlConnectionStringBuilder(server.ConnectionString(database)) { Pooling = false }.ConnectionString;
        var log = new ServerLog(Path.Join(Path.GetDirectoryName(server.Cluster!.DataDirectory), "server.log"));
        if (explainMilliseconds > 0)
        {
            await Drill.ExecuteAsync(server.ConnectionString("postgres"), $"""
                ALTER DATABASE {database} SET session_preload_libraries = 'auto_explain';
                ALTER DATABASE {database} SET auto_explain.log_min_duration = {explainMilliseconds.ToString(CultureInfo.InvariantCulture)};
                ALTER DATABASE {database} SET auto_explain.log_analyze = on;
                ALTER DATABASE {database} SET auto_explain.log_buffers = on;
                """).ConfigureAwait(false);
            Console.WriteLine($"  auto_explain on for {database}: statements of {explainMilliseconds} ms or more, with log_analyze; plans in {log.Path}");
        }

        var directory = Path.Join(Path.GetTempPath(), $"drill-firstrun-{homes}-{Environment.ProcessId}");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var config = Path.Join(directory, "config");
        await using var smtp = TestSmtpServer.Start();
        var letters = Directory.CreateTempSubdirectory("drill-firstrun-letters-");
        var environment = Drill.Environment(server, database,
            ("Smtp__Host", "127.0.0.1"), ("Smtp__Port", smtp.Port.ToString(CultureInfo.InvariantCulture)), ("Smtp__Security", "None"),
            ("Smtp__From", "scheduler@examplehomes.example"), ("Mail__LetterBatchDirectory", letters.FullName));

        // Day 1 is the last working day before today (contractors visit on working days), and its night the first
        // night; night 2 is the day after it. --as-of is how the CLI names the day for synth, import and apply;
        // import-completions and dispatch read the real clock, today, on or after night 2 (docs/reliability.md).
        var today = Instant.FromDateTimeOffset(TimeProvider.System.GetUtcNow()).InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        var day1 = BankHolidayCatalog.Snapshot.Calendar(BankHolidayRegion.EnglandAndWales).PreviousWorkingDay(today);
        var night1 = Date(day1);
        var night2 = Date(day1.PlusDays(1));
        var visits = Path.Join(directory, "visits-day1.csv");
        var steps = new Step[]
        {
            new(1, "synth", ["synth", "--homes", homes.ToString(CultureInfo.InvariantCulture), "--seed", "1", "--as-of", night1, "--out", directory]),
            new(1, "migrate", ["migrate"]),
            new(1, "import", ["import", "--estate", directory, "--as-of", night1]),
            new(1, "apply", ["apply", "--config", config, "--as-of", night1]),
            new(1, "dispatch --once", ["dispatch", "--once", "--config", config]),
            new(2, "import-completions", ["import-completions", visits, "--config", config],
                () => DayOneVisits.WriteAsync(connection, day1, visits)),
            new(2, "apply", ["apply", "--config", config, "--as-of", night2]),
            new(2, "dispatch --once", ["dispatch", "--once", "--config", config]),
            new(2, "overdue", ["overdue", "--as-of", night2, "--format", "csv", "--config", config]),
            new(2, "report", ["report", "--year", day1.PlusDays(1).Year.ToString(CultureInfo.InvariantCulture), "--format", "csv",
                "--out", Path.Join(directory, "report.csv"), "--config", config]),
        };

        var total = Stopwatch.StartNew();
        var tables = new Dictionary<string, TableState>(StringComparer.Ordinal);
        var night = 1;
        Console.WriteLine($"  night 1: as of {night1}");
        foreach (var step in steps)
        {
            if (step.Night != night)
            {
                night = step.Night;
                Console.WriteLine($"  night {night}: day 1's visits reported on {Date(today)} (the real clock), then as of {night2}");
            }

            var name = step.Night == 1 ? step.Name : $"{step.Name} (night {step.Night})";
            if (step.Before is not null)
            {
                var (rows, prepared) = await step.Before().ConfigureAwait(false);
                Console.WriteLine($"  {prepared}");
                result.Note(prepared);
                if (rows == 0)
                {
                    // Nothing to report: night 2 would read nothing night 1 wrote, and prove nothing.
                    result.Fail($"{name}: the drill found no visit to report ({prepared})");
                    break;
                }

                // The drill's own reads are not the step's: take the tables' counts again once its session has gone.
                await Drill.WaitForNoSessionsAsync(server, database, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                tables = await TablesAsync(connection).ConfigureAwait(false);
            }

            var from = log.Length;
            var (exit, wall, output) = await RunStepAsync(environment, step.Args).ConfigureAwait(false);
            var summary = LastLine(output);
            Console.WriteLine($"  {name}: exit {exit?.ToString(CultureInfo.InvariantCulture) ?? "none (killed at the bound)"}, {wall.TotalSeconds:F1} s wall; {summary}");
            if (exit != 0)
            {
                result.Fail($"{name} {(exit is null ? $"ran past {StepBound.TotalMinutes:F0} min and was killed" : $"exited {exit}")}:\n{Tail(output)}");
                break;
            }

            result.Note($"{name} {wall.TotalSeconds:F1} s");
            if (explainMilliseconds > 0)
            {
                foreach (var slow in log.SlowStatementsSince(from))
                {
                    Console.WriteLine($"    slow: {slow}");
                }
            }

            if (step.Name != "synth")
            {
                // The step's backends report their scans as they exit: wait until they have gone.
                await Drill.WaitForNoSessionsAsync(server, database, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                var now = await TablesAsync(connection).ConfigureAwait(false);
                Report(name, tables, now, result);
                tables = now;
            }

            if (step.Name == "dispatch --once")
            {
                await CheckMailAsync(connection, smtp, step.Night, result).ConfigureAwait(false);
                await Drill.WaitForNoSessionsAsync(server, database, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                tables = await TablesAsync(connection).ConfigureAwait(false);
            }
        }

        result.Note($"{total.Elapsed.TotalSeconds:F0} s in all");
        if (explainMilliseconds > 0 && File.Exists(log.Path))
        {
            // The cluster and its log are deleted when the drill exits: the plans are kept beside the drill's other files.
            var kept = Path.Join(Path.GetTempPath(), $"drill-firstrun-{homes}-{Environment.ProcessId}-server.log");
            File.Copy(log.Path, kept, overwrite: true);
            Console.WriteLine($"  the server log with every plan: {kept}");
        }

        await server.DropDatabaseAsync(database).ConfigureAwait(false);
        Directory.Delete(directory, recursive: true);
        letters.Delete(recursive: true);
        return result;
    }

    /// <summary>One step: its night, its name, the command line, and what the drill prepares before it (the day's CSV: its rows, in words).</summary>
    private sealed record Step(int Night, string Name, string[] Args, Func<Task<(int Rows, string Words)>>? Before = null);

    private static string Date(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// After a dispatch: every message marked sent by email so far is one the SMTP server received (the counts are
    /// cumulative over the nights, as the server's are).
    /// </summary>
    private static async Task CheckMailAsync(string connection, TestSmtpServer smtp, int night, DrillResult result)
    {
        var outbox = (string?)await Drill.ScalarAsync(connection,
            "SELECT string_agg(n || ' ' || status, ', ' ORDER BY status) FROM (SELECT status, count(*) AS n FROM outbox_messages GROUP BY status) s").ConfigureAwait(false);
        var emailed = await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages WHERE status = 'sent' AND delivered_via = 'email'").ConfigureAwait(false);
        var posted = await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages WHERE status = 'sent' AND delivered_via LIKE 'post:%'").ConfigureAwait(false);
        var marks = await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_sent_marks").ConfigureAwait(false);
        Console.WriteLine($"    outbox after night {night}'s dispatch: {outbox} (the pending ones released later: issueAhead, letterAhead); "
            + $"{emailed:N0} sent by email, {smtp.Messages.Count:N0} received by the SMTP server; {posted:N0} printed letters; {marks:N0} sent marks left");
        result.Note($"outbox after night {night}: {outbox}; {smtp.Messages.Count:N0} emails received, {posted:N0} printed letters");
        if (emailed != smtp.Messages.Count)
        {
            result.Fail($"after night {night}'s dispatch {emailed:N0} messages are marked sent by email and the SMTP server received {smtp.Messages.Count:N0}");
        }
    }

    /// <summary>
    /// <c>ALTER SYSTEM SET autovacuum = off</c> on the drill's own cluster (or <c>RESET</c> when <paramref name="on"/>, after
    /// the run) and a reload; waits until a new session sees it.
    /// </summary>
    private static async Task AutovacuumAsync(PostgresServer server, bool on)
    {
        var admin = server.ConnectionString("postgres");
        await Drill.ExecuteAsync(admin, on ? "ALTER SYSTEM RESET autovacuum" : "ALTER SYSTEM SET autovacuum = off").ConfigureAwait(false);
        await Drill.ExecuteAsync(admin, "SELECT pg_reload_conf()").ConfigureAwait(false);
        var wanted = on ? "on" : "off";
        var seen = await Waiting.UntilAsync(
            async () => (string?)await Drill.ScalarAsync(admin, "SELECT current_setting('autovacuum')").ConfigureAwait(false) == wanted,
            TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (seen is null)
        {
            throw new InvalidOperationException($"autovacuum is not {wanted} 30 s after ALTER SYSTEM and a reload");
        }

        Console.WriteLine($"  autovacuum {wanted} for the drill's cluster (ALTER SYSTEM, reloaded)");
    }

    private static async Task<(int? Exit, TimeSpan Wall, string Output)> RunStepAsync(IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var clock = Stopwatch.StartNew();
        using var process = WorkerProcess.Start(environment, args);
        try
        {
            var exit = await process.WaitAsync(StepBound).ConfigureAwait(false);
            return (exit, clock.Elapsed, process.Output);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            return (null, clock.Elapsed, process.Output);
        }
    }

    /// <summary>What PostgreSQL knew of a table at one moment, read from its statistics views (no scan of the table itself).</summary>
    /// <param name="Rows">Live rows: <c>n_live_tup</c>, but never more than the rows inserted less the rows deleted.</param>
    /// <param name="Believed">The rows the planner believes (<c>pg_class.reltuples</c>, -1 until analyzed or indexed).</param>
    /// <param name="Analyzed">Whether it has ever been analyzed.</param>
    /// <param name="Scans">Sequential and index scans so far.</param>
    /// <param name="SequentialScans">Sequential scans so far.</param>
    /// <param name="Deleted">Rows deleted so far (<c>n_tup_del</c>).</param>
    private sealed record TableState(long Rows, long Believed, bool Analyzed, long Scans, long SequentialScans, long Deleted)
    {
        public static TableState None { get; } = new(0, -1, false, 0, 0, 0);

        /// <summary>Rows enough to matter and no statistics: a statement reading it is planned from defaults.</summary>
        public bool Blind => Rows >= MinimumRows && !Analyzed;

        /// <summary>
        /// Whether the step, going from <paramref name="before"/> to this, took the whole table: one sequential scan, no
        /// index scan, every row it held deleted and none left. That is a change log taken by <c>DELETE FROM t
        /// RETURNING …</c> (<c>planning_changes</c>, <c>gas_booking_changes</c>): a statement with no plan to choose,
        /// whatever the statistics say.
        /// </summary>
        public bool TakenWholeSince(TableState before) =>
            SequentialScans - before.SequentialScans == 1 && Scans - before.Scans == 1 && Deleted - before.Deleted >= before.Rows && Rows == 0;
    }

    /// <summary>
    /// Every table of the database: live rows, what the planner believes, whether it has ever been analyzed, and how
    /// often it has been scanned (<see cref="TableState"/>). Live rows are <c>n_live_tup</c> (counted by inserts and
    /// deletes whether or not the table was analyzed) capped by <c>n_tup_ins - n_tup_del</c>: on a table whose rows one
    /// session inserts and another deletes, <c>n_live_tup</c> drifts (<c>outbox_sent_marks</c>, empty after every
    /// dispatch, showed 690 to 1,584 live rows in four runs with its inserts and deletes equal). Each step is its own
    /// process, whose counts reach the views when it exits.
    /// </summary>
    private static async Task<Dictionary<string, TableState>> TablesAsync(string connection)
    {
        var tables = new Dictionary<string, TableState>(StringComparer.Ordinal);
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT s.relname, least(s.n_live_tup, s.n_tup_ins - s.n_tup_del), c.reltuples::bigint,
                   s.last_analyze IS NOT NULL OR s.last_autoanalyze IS NOT NULL,
                   coalesce(s.seq_scan, 0) + coalesce(s.idx_scan, 0), coalesce(s.seq_scan, 0), s.n_tup_del
            FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
            WHERE s.schemaname = 'public'
            """, db);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            tables[reader.GetString(0)] = new TableState(
                reader.GetInt64(1), reader.GetInt64(2), reader.GetBoolean(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
        }

        return tables;
    }

    /// <summary>
    /// Prints the tables the step changed (rows, what the planner believes) and the blind ones it read: a table that held
    /// <see cref="MinimumRows"/> or more rows and had never been analyzed when the step began, and that the step scanned,
    /// was planned from PostgreSQL's defaults, not from its contents. That is a failure, unless the step took the whole
    /// table (<see cref="TableState.TakenWholeSince"/>), which is printed apart.
    /// </summary>
    private static void Report(string step, Dictionary<string, TableState> before, Dictionary<string, TableState> after, DrillResult result)
    {
        var changed = new List<string>();
        var blind = new List<string>();
        var whole = new List<string>();
        foreach (var (table, now) in after.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var then = before.GetValueOrDefault(table) ?? TableState.None;
            if (now.Rows != then.Rows || now.Believed != then.Believed || now.Analyzed != then.Analyzed)
            {
                var believed = now.Believed < 0 ? "nothing (never analyzed)" : $"{now.Believed:N0}{(now.Analyzed ? string.Empty : " (from an index build; never analyzed)")}";
                changed.Add($"{table} {now.Rows:N0} rows, planner believes {believed}");
            }

            if (!then.Blind || now.Scans == then.Scans)
            {
                continue;
            }

            if (now.TakenWholeSince(then))
            {
                whole.Add($"{table} ({then.Rows:N0} rows)");
            }
            else
            {
                blind.Add($"{table} ({then.Rows:N0} rows, {now.Scans - then.Scans:N0} scans)");
                result.Fail($"{step} read {table} ({then.Rows:N0} rows) with no statistics: it was never analyzed");
            }
        }

        Console.WriteLine($"    tables changed: {(changed.Count == 0 ? "none" : string.Join("; ", changed))}");
        Console.WriteLine($"    tables read without statistics: {(blind.Count == 0 ? "none" : string.Join("; ", blind))}");
        if (whole.Count > 0)
        {
            Console.WriteLine($"    taken whole without statistics (one sequential scan deleting every row: no plan to choose): {string.Join("; ", whole)}");
        }
    }

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => !l.StartsWith("next:", StringComparison.Ordinal)) ?? string.Empty;

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(20));

    /// <summary>The cluster's log file (<c>pg_ctl -l</c>), read from an offset: what <c>auto_explain</c> wrote during a step.</summary>
    private sealed partial class ServerLog(string path)
    {
        public string Path { get; } = path;

        public long Length => File.Exists(Path) ? new FileInfo(Path).Length : 0;

        /// <summary>Each plan logged after byte <paramref name="from"/>: its duration and the start of its statement.</summary>
        public IEnumerable<string> SlowStatementsSince(long from)
        {
            if (!File.Exists(Path))
            {
                yield break;
            }

            string text;
            using (var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                stream.Seek(from, SeekOrigin.Begin);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                text = reader.ReadToEnd();
            }

            foreach (Match match in Plan().Matches(text))
            {
                var query = Regex.Replace(match.Groups["query"].Value, @"\s+", " ").Trim();
                yield return $"{match.Groups["ms"].Value} ms: {(query.Length > 160 ? query[..160] + "…" : query)}";
            }
        }

        [GeneratedRegex(@"duration: (?<ms>[0-9.]+) ms\s+plan:\s*\n\s*Query Text: (?<query>[^\n]*)")]
        private static partial Regex Plan();
    }
}
