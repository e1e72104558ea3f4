using System.Text.RegularExpressions;

namespace Scheduler.Persistence;

/// <summary>
/// The Quartz.NET job-store tables (the worker's clustered scheduler keeps its jobs, triggers and cluster check-ins in
/// the estate database). The SQL is the script the Quartz assembly itself embeds for PostgreSQL
/// (<c>Quartz.Impl.AdoJobStore.Schema.create_postgres.sql</c>): every statement is <c>CREATE … IF NOT EXISTS</c>, so
/// it is safe on a database that already has the tables. The <c>QuartzSchema</c> migration runs it.
/// </summary>
public static partial class QuartzSchema
{
    /// <summary>The table prefix: the tables are <c>qrtz_job_details</c>, <c>qrtz_triggers</c>, … in the default schema.</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>The manifest resource name of the script inside the Quartz assembly.</summary>
    public const string ResourceName = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    /// <summary>
    /// The statements that create the Quartz tables and indexes with <see cref="TablePrefix"/>, in order.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The Quartz assembly has no such script, or a statement would drop or alter something (a newer Quartz changed
    /// the script): the migration refuses to run it rather than risk the scheduler's data.
    /// </exception>
    public static IReadOnlyList<string> Statements()
    {
        var assembly = typeof(Quartz.IJob).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The Quartz assembly {assembly.GetName()} does not embed {ResourceName}.");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd().Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", TablePrefix, StringComparison.Ordinal);

        // The script separates statements with a line reading exactly '--;;'.
        var statements = Separator().Split(script)
            .Select(StripComments)
            .Where(s => s.Length > 0)
            .ToList();
        foreach (var statement in statements)
        {
            if ((!statement.StartsWith("CREATE TABLE IF NOT EXISTS ", StringComparison.Ordinal)
                    && !statement.StartsWith("CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal))
                || Destructive().IsMatch(statement)
                || statement.TrimEnd(';').Contains(';', StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"{ResourceName} in {assembly.GetName()} has a statement that is not a single CREATE … IF NOT EXISTS; nothing is run: {statement}");
            }
        }

        return statements;
    }

    private static string StripComments(string piece) =>
        string.Join('\n', piece.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();

    [GeneratedRegex(@"\b(drop|alter|truncate)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Destructive();

    [GeneratedRegex(@"^--;;\r?$", RegexOptions.Multiline)]
    private static partial Regex Separator();
}
