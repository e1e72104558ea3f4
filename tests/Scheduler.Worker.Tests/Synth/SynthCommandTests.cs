using Scheduler.Domain.Estate;
using Scheduler.Worker.Register;
using Scheduler.Worker.Tests.Cli;

namespace Scheduler.Worker.Tests.Synth;

public sealed class SynthCommandTests : IDisposable
{
    // The day synth writes its estate as of (its gas checks fall in the 12 months before it).
    private const string AsOf = "2027-01-01";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("synth-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Synth_SameSeed_SameBytes_OtherSeed_OtherEstate()
    {
        var a = await SynthAsync("a", "--homes", "3000", "--seed", "11");
        var b = await SynthAsync("b", "--homes", "3000", "--seed", "11");
        var c = await SynthAsync("c", "--homes", "3000", "--seed", "12");

        foreach (var file in RegisterFiles.All.Append(Path.Join("config", "contractors.yaml")))
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Join(a, file)), await File.ReadAllBytesAsync(Path.Join(b, file)));
        }

        Assert.NotEqual(await File.ReadAllTextAsync(Path.Join(a, RegisterFiles.Properties)), await File.ReadAllTextAsync(Path.Join(c, RegisterFiles.Properties)));
    }

    [Fact]
    public async Task Synth_Output_PassesValidateWithContractorsCoveringEveryArea()
    {
        var dir = await SynthAsync("v", "--homes", "2000", "--seed", "3", "--areas", "7");

        // As of synth's own day: its checks fall in the 12 months before it, after the test clock's day.
        var (exit, output, error) = await CliRunner.RunAsync("validate", "--config", Path.Join(dir, "config"), "--estate", dir, "--as-of", AsOf);

        Assert.True(exit == 0, error);
        // Each trade (each contractor of the shipped config) × two groups of up to five areas.
        var trades = Worker.Configuration.ConfigLoader.Load(RepositoryRoot.ConfigFolder).Configuration!.Contractors.Count;
        Assert.Contains($"{trades * 2} contractors", output, StringComparison.Ordinal);
        Assert.Contains("register: 7 areas, 20 sites, 100 blocks, 2000 homes", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synth_Proportions_AreTheDocumentedOnes()
    {
        var dir = await SynthAsync("p", "--homes", "20000", "--seed", "5");
        var register = RegisterLoader.Load(dir, NodaTime.Text.LocalDatePattern.Iso.Parse(AsOf).Value).Register!;

        var blocks = register.Blocks.Count;
        Assert.InRange(Share(register.Blocks, b => b.Cleaning == CleaningFrequency.Weekly), 0.36, 0.44);
        Assert.InRange(Share(register.Blocks, b => b.Cleaning == CleaningFrequency.Fortnightly), 0.26, 0.34);
        Assert.InRange(Share(register.Blocks, b => b.Cleaning == CleaningFrequency.Monthly), 0.21, 0.29);
        Assert.InRange(Share(register.Homes, h => h.BlockId is not null), 0.77, 0.83);
        Assert.InRange(Share(register.Homes, h => h.Gas), 0.72, 0.78);
        Assert.InRange(Share(register.Homes.Where(h => h.Gas).ToList(), h => h.LastGasCheck is null), 0.002, 0.01);
        Assert.InRange(Share(register.Tenants, t => t.Channel == ContactChannel.Email), 0.67, 0.73);
        Assert.InRange(Share(register.Tenants, t => t.LargePrint), 0.03, 0.05);
        Assert.InRange(Share(register.Tenants, t => t.Language == "pl"), 0.04, 0.06);
        Assert.True(register.Tenants.Where(t => t.Channel == ContactChannel.Email).All(t => t.Email is not null));
        Assert.Equal(1_000, blocks);
        // Every flat is in its block's area; every home's site is in its area.
        var sitesById = register.Sites.ToDictionary(s => s.Id);
        Assert.All(register.Homes, h => Assert.Equal(sitesById[h.SiteId!].AreaId, h.AreaId));
    }

    [Fact]
    public async Task Synth_WithoutHomes_IsAUsageMistake()
    {
        var (exit, _, error) = await CliRunner.RunAsync("synth", "--out", Path.Join(_root.FullName, "x"));

        Assert.Equal(2, exit);
        Assert.Contains("--homes is required", error, StringComparison.Ordinal);
    }

    private async Task<string> SynthAsync(string name, params string[] options)
    {
        var dir = Path.Join(_root.FullName, name);
        var (exit, _, error) = await CliRunner.RunAsync(["synth", "--out", dir, "--as-of", AsOf, .. options]);
        Assert.True(exit == 0, error);
        return dir;
    }

    private static double Share<T>(IReadOnlyCollection<T> items, Func<T, bool> predicate) =>
        items.Count(predicate) / (double)items.Count;
}
