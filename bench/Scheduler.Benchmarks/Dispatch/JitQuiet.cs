using System.Globalization;
using System.Runtime;

namespace Scheduler.Benchmarks.Dispatch;

/// <summary>
/// The dispatch benchmark's warm-up rule, the same for the dispatcher and the bare loop: repeat a round until the JIT
/// is quiet, so the timed runs see the steady state of a worker that runs for days (docs/benchmarks-history.md,
/// Dispatch, branches <c>dispatch3</c> and <c>jit17</c>).
/// </summary>
/// <remarks>
/// Tiering is driven by calls and by time: a method is promoted (tier 0 → instrumented tier 0 → tier 1, 30 calls each)
/// only after a call-counting delay (100 ms) that every new tier-0 compilation starts again, and the promotions are
/// compiled on a background thread. Rounds run back to back can therefore look quiet while promotions are only
/// postponed (until branch <c>jit17</c> the rule stopped at the first round compiling at most 10 methods, at least 2
/// rounds, at most 15, and 1,186–1,351 methods were still compiled inside the timed dispatch on a quiet machine). So:
/// an idle pause after every round, longer than the delay, whose compilations count with the round's; at least
/// <see cref="MinRounds"/> rounds, so code run once a batch (5 batches a round at the defaults) has been called past
/// both thresholds; and two quiet rounds in a row.
/// </remarks>
internal static class JitQuiet
{
    /// <summary>A round is quiet when it and its pause compile at most this many methods.</summary>
    public const int QuietMethods = 10;

    /// <summary>Code run once a batch is called 5 times a round at the defaults: 13 rounds take it past 2 × 30 calls.</summary>
    public const int MinRounds = 13;

    public const int MaxRounds = 40;

    /// <summary>Idle after each round: more than twice the runtime's call-counting delay (100 ms).</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Runs <paramref name="round"/> (false: it did not send everything) until two rounds in a row, after the first
    /// <see cref="MinRounds"/>, compile at most <see cref="QuietMethods"/> methods each, or <see cref="MaxRounds"/> have
    /// run; returns the methods compiled by each round (with its pause).
    /// </summary>
    public static async Task<IReadOnlyList<long>> WarmAsync(Func<Task<bool>> round)
    {
        var compiled = new List<long>();
        var quietInARow = 0;
        while (true)
        {
            var before = JitInfo.GetCompiledMethodCount();
            if (!await round())
            {
                throw new InvalidOperationException("A warm-up round did not send every message.");
            }

            await Task.Delay(Pause);
            compiled.Add(JitInfo.GetCompiledMethodCount() - before);
            quietInARow = compiled[^1] <= QuietMethods ? quietInARow + 1 : 0;
            if ((compiled.Count >= MinRounds && quietInARow >= 2) || compiled.Count == MaxRounds)
            {
                return compiled;
            }
        }
    }

    /// <summary>"17 rounds, methods compiled a round: 3,402 812 …".</summary>
    public static string Describe(IReadOnlyList<long> compiled) =>
        $"{compiled.Count} rounds, methods compiled a round: {string.Join(' ', compiled.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)))}";
}
