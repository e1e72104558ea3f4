using System.Diagnostics;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Configuration;
using Scheduler.Worker.Synth;

namespace Scheduler.Worker.Commands;

/// <summary>
/// <c>estate-scheduler synth --homes N [--seed S] --out DIR [--as-of DATE] [--areas N] [--sites N] [--blocks N] [--config DIR]</c>:
/// writes a realistic synthetic estate register (CSV) to DIR and a matching configuration to DIR/config, the same
/// bytes for the same seed and options. See docs/synthetic-estate.md.
/// </summary>
internal static class SynthCommand
{
    public static async Task<int> RunAsync(CommandLineArgs args, CliContext context)
    {
        var homes = args.Int("homes", 0);
        var seed = args.Int("seed", 1);
        var outDirectory = context.Resolve(args.Required("out", "synthetic"));
        var asOfGiven = args.Date("as-of");
        var configDirectory = context.Resolve(args.String("config", "config")!);
        if (homes < 1)
        {
            throw new UsageException("--homes is required and must be at least 1, e.g. --homes 300000.");
        }

        // The as-of date defaults to today in the organisation's zone, once the configuration is read (below).
        var options = new SyntheticEstateOptions(homes, seed, asOfGiven ?? default);
        options = options with
        {
            Areas = Positive(args, "areas", options.Areas),
            Sites = Positive(args, "sites", options.Sites),
            Blocks = Positive(args, "blocks", options.Blocks),
        };
        args.RejectUnknown();

        var loaded = ConfigLoader.Load(configDirectory);
        if (loaded.Configuration is null)
        {
            foreach (var problem in loaded.Problems)
            {
                await context.Error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync($"{loaded.Problems.Count} problem(s) in {configDirectory}; synth copies that configuration, so fix it first.").ConfigureAwait(false);
            return 1;
        }

        var asOf = asOfGiven ?? context.Today(loaded.Configuration.Organisation);
        options = options with { AsOf = asOf };
        var clock = Stopwatch.StartNew();
        SyntheticEstateSummary summary;
        try
        {
            summary = SyntheticEstate.Write(options, loaded.Configuration, configDirectory, outDirectory);
        }
        catch (InvalidOperationException e)
        {
            await context.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
        catch (IOException e)
        {
            await context.Error.WriteLineAsync($"Cannot write the synthetic estate to {outDirectory}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await context.Out.WriteLineAsync(
            $"wrote {summary.Areas:N0} areas, {summary.Sites:N0} sites, {summary.Blocks:N0} blocks, {summary.Homes:N0} homes and "
            + $"{summary.Tenants:N0} tenants to {outDirectory} (seed {seed}, as of {asOf:uuuu-MM-dd}) and {summary.Contractors} contractors to "
            + $"{summary.ConfigDirectory}, in {clock.Elapsed.TotalSeconds:F1} s").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"next: estate-scheduler validate --config {summary.ConfigDirectory} --estate {outDirectory}").ConfigureAwait(false);
        return 0;
    }

    private static int Positive(CommandLineArgs args, string name, int fallback)
    {
        var value = args.Int(name, fallback);
        return value >= 1 ? value : throw new UsageException($"--{name} must be at least 1 (found {value}).");
    }
}
