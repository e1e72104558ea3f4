using System.Text.RegularExpressions;

namespace Scheduler.Drills;

/// <summary>What a <c>run</c> process's console log says about its generate runs (events 4001, 4002 and 4006).</summary>
internal static partial class WorkerLog
{
    /// <summary>Generate runs applied after character <paramref name="from"/> of <paramref name="output"/>.</summary>
    public static int AppliedSince(string output, int from) => Applied().Count(output[Math.Min(from, output.Length)..]);

    /// <summary>Recoveries (a firing of a dead node taken over) after character <paramref name="from"/>.</summary>
    public static int RecoveriesSince(string output, int from) => Recovery().Count(output[Math.Min(from, output.Length)..]);

    [GeneratedRegex(@"Job estate\.generate \([^)]+\) applied the plan as of \S+: \d+ created")]
    private static partial Regex Applied();

    [GeneratedRegex(@"Job estate\.generate fired by \S+ \([^)]+\) on node \S+ is a recovery")]
    private static partial Regex Recovery();
}
