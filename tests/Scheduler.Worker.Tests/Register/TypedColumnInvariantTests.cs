using NodaTime.Text;
using Scheduler.Domain.Estate;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Tests.Register;

/// <summary>
/// The invariant filters and the expander rely on (see <see cref="Asset"/>): each typed member equals its register
/// column, so answering a <c>where</c> pair from the member gives what reading the column gives. Checked on the
/// shipped sample estate as the real loader reads it.
/// </summary>
public sealed class TypedColumnInvariantTests
{
    private static readonly EstateRegister Sample = LoadSample();

    // Wanted values a config may write: exact, other case, padded, and ones no asset has.
    public static TheoryData<string> Wanted => ["true", "false", "TRUE", " False ", "yes", "", "weekly", "Fortnightly", " monthly", "NONE", "daily"];

    [Fact]
    public void Load_Sample_HomeGasAndLastGasCheckEqualTheirColumns()
    {
        Assert.All(Sample.Homes, home =>
        {
            Assert.Equal(home.Gas, bool.Parse(home.Attributes["gas"]));
            var text = home.Attributes["last_gas_check"];
            Assert.Equal(home.LastGasCheck, text.Length == 0 ? null : LocalDatePattern.Iso.Parse(text).Value);
        });
        Assert.Contains(Sample.Homes, h => h.Gas);
        Assert.Contains(Sample.Homes, h => !h.Gas);
        Assert.Contains(Sample.Homes, h => h.LastGasCheck is null);
    }

    [Fact]
    public void Load_Sample_SiteFlagsAndBlockCleaningEqualTheirColumns()
    {
        Assert.All(Sample.Sites, site =>
        {
            Assert.Equal(site.Grass, bool.Parse(site.Attributes["grass"]));
            Assert.Equal(site.Hedges, bool.Parse(site.Attributes["hedges"]));
            Assert.Equal(site.Hardstanding, bool.Parse(site.Attributes["hardstanding"]));
        });
        Assert.All(Sample.Blocks, block =>
            Assert.Equal(block.Cleaning.ToString(), block.Attributes["cleaning"], StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Wanted))]
    public void Matches_ContractColumn_AgreesWithReadingTheColumn(string wanted)
    {
        var cases = Sample.Homes.Select(a => (Asset: (Asset)a, Column: "gas"))
            .Concat(Sample.Sites.SelectMany(a => new[] { "grass", "hedges", "hardstanding" }.Select(c => (Asset: (Asset)a, Column: c))))
            .Concat(Sample.Blocks.Select(a => (Asset: (Asset)a, Column: "cleaning")));

        Assert.All(cases, c => Assert.Equal(
            ReadingTheColumn(c.Asset, c.Column, wanted),
            c.Asset.Matches(new Dictionary<string, string> { [c.Column] = wanted })));
    }

    [Fact]
    public void Load_Sample_RowsShareTheIdStringOfTheRowTheyReferTo()
    {
        var areas = Sample.Areas.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var sites = Sample.Sites.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var blocks = Sample.Blocks.ToDictionary(b => b.Id, StringComparer.Ordinal);
        var assets = Sample.Sites.Cast<Asset>().Concat(Sample.Blocks).Concat(Sample.Homes);

        Assert.All(assets, asset =>
        {
            Assert.Same(areas[asset.AreaId].Id, asset.AreaId);
            Assert.Same(asset.AreaId, asset.Attributes["area_id"]);
        });
        Assert.All(Sample.Blocks, block => Assert.Same(sites[block.SiteId].Id, block.SiteId));
        Assert.All(Sample.Homes.Where(h => h.BlockId is not null), home =>
        {
            Assert.Same(blocks[home.BlockId!].Id, home.BlockId);
            Assert.Same(sites[home.SiteId!].Id, home.SiteId);
        });
    }

    // What Asset.Matches meant before typed members were read: the column's text, trimmed, compared ignoring case.
    private static bool ReadingTheColumn(Asset asset, string column, string wanted) =>
        asset.Attributes.TryGetValue(column, out var actual)
        && string.Equals(actual.Trim(), wanted.Trim(), StringComparison.OrdinalIgnoreCase);

    private static EstateRegister LoadSample()
    {
        var result = RegisterLoader.Load(RegisterFixture.SampleDirectory(), RegisterFixture.AsOf);
        Assert.Empty(result.Problems);
        return result.Register!;
    }
}
