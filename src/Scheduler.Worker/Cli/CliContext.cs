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
    /// <summary>The landlord's zone: dates that are dates are Europe/London local dates.</summary>
    public static DateTimeZone London { get; } = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>Today in Europe/London.</summary>
    public LocalDate Today => Clock.GetCurrentInstant().InZone(London).Date;

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
