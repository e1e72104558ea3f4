using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Worker.Configuration;

namespace Scheduler.Worker.Cli;

/// <summary>What a command needs from its surroundings: where to write, what time it is, where it runs.</summary>
/// <param name="Out">Standard output: results (CSV, JSON, tables).</param>
/// <param name="Error">Standard error: problems and progress.</param>
/// <param name="Clock">The clock; tests pass a fake.</param>
/// <param name="WorkingDirectory">Relative paths (such as the default <c>config</c>) resolve from here.</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error, IClock Clock, string WorkingDirectory)
{
    /// <summary>
    /// The zone of the shipped configuration (Europe/London): today is dated in it only while a configuration that
    /// cannot be read is reported (nothing is done), so that the register's problems can still be listed beside its own.
    /// </summary>
    private static readonly DateTimeZone Unread = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>Today in the organisation's zone (<see cref="Organisation.Zone"/>): what a command's <c>--as-of</c> defaults to.</summary>
    public LocalDate Today(Organisation organisation)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        return Clock.GetCurrentInstant().InZone(organisation.Zone).Date;
    }

    /// <summary>
    /// Today for a command whose configuration may have problems: <see cref="Today(Organisation)"/> when
    /// <paramref name="config"/> was read; otherwise (its problems are reported and nothing is done) in the shipped
    /// configuration's zone.
    /// </summary>
    public LocalDate TodayOrUnread(EstateConfiguration? config) =>
        config is not null ? Today(config.Organisation) : Clock.GetCurrentInstant().InZone(Unread).Date;

    /// <summary>Resolves a path given on the command line against <see cref="WorkingDirectory"/>.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, WorkingDirectory);

    /// <summary>
    /// The configuration in <paramref name="configDir"/>; null when it has problems, each then written to
    /// <see cref="Error"/> with a last line "N problem(s) found; <paramref name="nothingDone"/>." (the command exits 1).
    /// </summary>
    public async Task<EstateConfiguration?> LoadConfigAsync(string configDir, string nothingDone)
    {
        var loaded = ConfigLoader.Load(configDir);
        if (loaded.Configuration is { } config)
        {
            return config;
        }

        foreach (var problem in loaded.Problems)
        {
            await Error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
        }

        await Error.WriteLineAsync($"{loaded.Problems.Count} problem(s) found; {nothingDone}.").ConfigureAwait(false);
        return null;
    }
}
