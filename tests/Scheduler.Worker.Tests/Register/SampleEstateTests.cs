using NodaTime;
using Scheduler.Domain.Estate;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Tests.Register;

/// <summary>The shipped <c>config/sample</c> estate: it loads cleanly and has the shape the demo and docs rely on.</summary>
public sealed class SampleEstateTests
{
    private static readonly EstateRegister Sample = LoadSample();

    private static EstateRegister LoadSample()
    {
        var result = RegisterLoader.Load(RegisterFixture.SampleDirectory(), RegisterFixture.AsOf);
        Assert.Empty(result.Problems);
        return result.Register!;
    }

    [Fact]
    public void Load_Sample_HasNoProblemsAndTheExpectedCounts()
    {
        var result = RegisterLoader.Load(RegisterFixture.SampleDirectory(), RegisterFixture.AsOf);

        Assert.Empty(result.Problems);
        var register = result.Register!;
        Assert.Equal(3, register.Areas.Count);
        Assert.Equal(6, register.Sites.Count);
        Assert.Equal(12, register.Blocks.Count);
        Assert.Equal(80, register.Homes.Count);
        Assert.Equal(80, register.Tenants.Count);
    }

    [Fact]
    public void Load_Sample_SitesMixGroundsServices()
    {
        Assert.Equal(["east", "north", "south"], Sample.Areas.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.True(Sample.Sites.Count(s => s.Grass) >= 4);
        Assert.True(Sample.Sites.Count(s => s.Hedges) >= 3);
        Assert.Contains(Sample.Sites, s => !s.Grass);
        Assert.Contains(Sample.Sites, s => !s.Hedges);
        Assert.Contains(Sample.Sites, s => s.Hardstanding);
        Assert.All(Sample.Areas, a => Assert.Contains(Sample.Sites, s => s.AreaId == a.Id));
    }

    [Theory]
    [InlineData(CleaningFrequency.Weekly)]
    [InlineData(CleaningFrequency.Fortnightly)]
    [InlineData(CleaningFrequency.Monthly)]
    public void Load_Sample_HasAtLeastThreeBlocksOfEachCleaningFrequency(CleaningFrequency frequency)
    {
        Assert.True(Sample.Blocks.Count(b => b.Cleaning == frequency) >= 3);
    }

    [Fact]
    public void Load_Sample_MostHomesAreInBlocksAndSomeAreStreetProperties()
    {
        Assert.True(Sample.Homes.Count(h => h.BlockId is not null) > Sample.Homes.Count / 2);
        Assert.InRange(Sample.Homes.Count(h => h.BlockId is null && h.SiteId is null), 3, 10);
        Assert.All(Sample.Blocks, b => Assert.Contains(Sample.Homes, h => h.BlockId == b.Id));
        Assert.All(Sample.Homes, h => Assert.Matches(@"^ZZ\d [0-9][A-Z]{2}$", h.Postcode));
    }

    [Fact]
    public void Load_Sample_EveryGasHomeHasACheckWhoseDeadlineFallsBetweenDec2026AndNov2027()
    {
        var gas = Sample.Homes.Where(h => h.Gas).ToList();

        Assert.InRange(gas.Count, 52, 60); // about 70% of 80
        Assert.All(gas, h =>
        {
            Assert.NotNull(h.LastGasCheck);
            Assert.InRange(h.LastGasCheck.Value, new LocalDate(2025, 12, 1), new LocalDate(2026, 11, 20));
            Assert.InRange(h.LastGasCheck.Value.PlusMonths(12), new LocalDate(2026, 12, 1), new LocalDate(2027, 11, 30));
        });
        // Spread over the year, not bunched: at least ten different months.
        Assert.True(gas.Select(h => h.LastGasCheck!.Value.Month).Distinct().Count() >= 10);
        Assert.All(Sample.Homes.Where(h => !h.Gas), h => Assert.Null(h.LastGasCheck));
    }

    [Fact]
    public void Load_Sample_ComponentYearsSpreadWithAFewUnknown()
    {
        var years = Sample.Homes.SelectMany(h => new[] { h.KitchenYear, h.BathroomYear, h.BoilerYear }).ToList();

        Assert.All(years.OfType<int>(), y => Assert.InRange(y, 1995, 2024));
        Assert.InRange(years.Count(y => y is null), 3, 15);
        Assert.True(years.OfType<int>().Distinct().Count() >= 20);
        Assert.Contains(Sample.Homes, h => h.KitchenYear is null);
        Assert.Contains(Sample.Homes, h => h.BoilerYear is null);
    }

    [Fact]
    public void Load_Sample_OneTenantPerHomeWithAMixOfPreferences()
    {
        Assert.Equal(
            Sample.Homes.Select(h => h.Id).Order(StringComparer.Ordinal),
            Sample.Tenants.Select(t => t.PropertyId).Order(StringComparer.Ordinal));
        Assert.InRange(Sample.Tenants.Count(t => t.Channel == ContactChannel.Email), 30, 60);
        Assert.InRange(Sample.Tenants.Count(t => t.Channel == ContactChannel.Post), 20, 50);
        Assert.InRange(Sample.Tenants.Count(t => t.LargePrint), 4, 6);
        var languages = Sample.Tenants.Select(t => t.Language).ToHashSet();
        Assert.Superset(new HashSet<string> { "en", "pl", "ur", "pa", "so", "ro" }, languages);
        Assert.All(Sample.Tenants.Where(t => t.Email is not null), t => Assert.Matches(@"@example\.(com|org|net|co\.uk)$", t.Email));
    }

    [Fact]
    public void Load_Sample_KeepsItsExtraColumnInAttributes()
    {
        Assert.All(Sample.Homes, h => Assert.Matches("^[1-4]$", h.Attributes["bedrooms"]));
    }
}
