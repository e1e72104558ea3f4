using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Drills;

/// <summary>
/// The estate every drill works on: a synthetic register written by the real <c>synth</c>, imported by the real
/// <c>import</c> into a migrated database (<see cref="Imported"/>), and a copy of that after one uninterrupted
/// <c>apply</c> (<see cref="Applied"/>), the reference the drills compare against.
/// </summary>
internal sealed record DrillEstate(PostgresServer Server, string Directory, string Imported, string Applied, ApplyTimeline Reference)
{
    /// <summary>The as-of date every apply in the drills uses.</summary>
    public const string AsOf = "2027-01-04";

    public string Config => Path.Join(Directory, "config");

    /// <summary>Every live order, in a form that does not depend on which run created it (references and ids differ).</summary>
    public const string OrdersFingerprint = """
        SELECT count(*) || ':' || coalesce(md5(string_agg(concat_ws('/', occurrence_key, schedule_id, asset_id, window_start, window_end,
               target_date, contractor_id, status), ',' ORDER BY occurrence_key)), '')
        FROM work_orders WHERE status <> 'cancelled'
        """;

    public static async Task<DrillEstate> CreateAsync(int homes)
    {
        var server = await PostgresServer.SharedAsync().ConfigureAwait(false);
        var directory = Path.Join(Path.GetTempPath(), $"drill-estate-{homes}-{Environment.ProcessId}");
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        await WorkerProcess.RunAsync(new Dictionary<string, string>(), "synth", "--homes", homes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--seed", "1", "--as-of", "2027-01-01", "--out", directory).ConfigureAwait(false);
        WithoutLeadTimes(Path.Join(directory, "config"));
        var imported = await server.CreateMigratedDatabaseAsync().ConfigureAwait(false);
        await WorkerProcess.RunAsync(Drill.Environment(server, imported), "import", "--estate", directory, "--as-of", "2027-01-01").ConfigureAwait(false);

        var applied = await Drill.CopyDatabaseAsync(server, imported).ConfigureAwait(false);
        var reference = await ApplyPhases.RunWatchedAsync(server, applied, Drill.Environment(server, applied),
            "apply", "--config", Path.Join(directory, "config"), "--as-of", AsOf).ConfigureAwait(false);
        return new DrillEstate(server, directory, imported, applied, reference);
    }

    /// <summary>
    /// Drops <c>issueAhead</c> and <c>letterAhead</c> from the synthetic config, so every notice and letter the apply
    /// writes is due at once. The drills run the worker on the real clock against an estate applied as of
    /// <see cref="AsOf"/>; with the shipped lead times almost every message would be scheduled for a later release and
    /// the dispatch drills would send a few hundred messages instead of ~14,000. The lead times have tests of their own
    /// (<c>tests/Scheduler.Worker.Tests/Ahead</c>); the drills are about crashes and outages.
    /// </summary>
    private static void WithoutLeadTimes(string config)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(config, "*.yaml"))
        {
            var lines = File.ReadAllLines(file);
            var kept = lines.Where(line => !IsLeadTime(line.TrimStart())).ToArray();
            if (kept.Length != lines.Length)
            {
                File.WriteAllLines(file, kept);
            }
        }

        static bool IsLeadTime(string line) =>
            line.StartsWith("issueAhead:", StringComparison.Ordinal) || line.StartsWith("letterAhead:", StringComparison.Ordinal);
    }

    public Task<object?> FingerprintAsync(string database) => Drill.ScalarAsync(Server.ConnectionString(database), OrdersFingerprint);
}
