using NodaTime;

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
}
