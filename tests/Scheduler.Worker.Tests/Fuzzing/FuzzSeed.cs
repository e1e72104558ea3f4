using System.Globalization;

namespace Scheduler.Worker.Tests.Fuzzing;

/// <summary>
/// The fuzzing knobs. <c>ESTATE_FUZZ_SEED</c>: the seed (default fixed, so the test run repeats). <c>ESTATE_FUZZ_IMPORTS</c>:
/// how many mutated registers that read cleanly are also imported into the database (default 100, which keeps the
/// default test run short; the fuzz drill in docs/reliability.md imports all of them).
/// </summary>
internal static class FuzzSeed
{
    public static int ImportLimit { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("ESTATE_FUZZ_IMPORTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit)
            ? limit
            : 100;

    public static int Value { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("ESTATE_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : 20_271_129;
}
