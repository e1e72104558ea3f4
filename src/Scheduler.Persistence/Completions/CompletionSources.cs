namespace Scheduler.Persistence.Completions;

/// <summary>Where a report came from (<see cref="CompletionReport.Source"/>, stored in <c>work_order_events.source</c>).</summary>
public static class CompletionSources
{
    /// <summary><c>estate-scheduler complete</c>: the landlord recording a visit.</summary>
    public const string Cli = "cli";

    /// <summary>The feedback page reached from a signed link in the work-order email.</summary>
    public const string Link = "link";

    /// <summary>The JSON API, with a contractor API key.</summary>
    public const string Api = "api";

    /// <summary><c>estate-scheduler import-completions</c>.</summary>
    public const string Csv = "csv";

    /// <summary>Every source.</summary>
    public static IReadOnlyList<string> All { get; } = [Cli, Link, Api, Csv];
}
