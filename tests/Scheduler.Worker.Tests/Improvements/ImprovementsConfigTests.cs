using Scheduler.Worker.Tests.Configuration;
using static Scheduler.Worker.Tests.Configuration.ConfigFixture;

namespace Scheduler.Worker.Tests.Improvements;

/// <summary><c>improvements: { component: { lifetime, capacity } }</c> as the config loader reads and checks it.</summary>
public class ImprovementsConfigTests
{
    [Fact]
    public void Parse_Capacity_IsReadPerComponent_AndOptional()
    {
        var result = ParseWithBase(("improvements.yaml", "improvements:\n  kitchen: { lifetime: 20 years, capacity: 12 }\n  roof: { lifetime: 50 years }\n"));

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal(new Dictionary<string, int> { ["kitchen"] = 20, ["roof"] = 50 }, result.Configuration!.ImprovementLifetimes);
        Assert.Equal(new Dictionary<string, int> { ["kitchen"] = 12 }, result.Configuration.ImprovementCapacities);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("twelve")]
    [InlineData("1.5")]
    [InlineData("1000001")]
    public void Parse_BadCapacity_ReportsFileLineColumn(string capacity)
    {
        var problem = Single(ParseWithBase(("improvements.yaml", $"improvements:\n  roof: {{ lifetime: 50 years }}\n  kitchen: {{ lifetime: 20 years, capacity: {capacity} }}\n")));

        // "  kitchen: { lifetime: 20 years, capacity: " is 43 characters.
        AssertAt(problem, "improvements.yaml", 3, 44);
        Assert.Equal("improvements.kitchen.capacity (homes a year) must be a whole number from 1 to 1000000", problem.Message);
        Assert.Equal(capacity, problem.Value);
    }

    [Fact]
    public void Parse_UnknownComponentKey_ListsTheKeys()
    {
        var problem = Single(ParseWithBase(("improvements.yaml", "improvements:\n  kitchen: { lifetime: 20 years, capcity: 12 }\n")));

        AssertAt(problem, "improvements.yaml", 2, 34);
        Assert.Contains("capcity", problem.ToString(), StringComparison.Ordinal);
        Assert.Contains("lifetime, capacity", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShippedConfig_EveryComponentHasACapacity()
    {
        var config = Scheduler.Worker.Configuration.ConfigLoader.Load(Path.Join(RepositoryRoot.Path, "config")).Configuration!;

        Assert.Equal(config.ImprovementLifetimes.Keys.Order(StringComparer.Ordinal), config.ImprovementCapacities.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(12, config.ImprovementCapacities["kitchen"]);
        Assert.All(config.ImprovementCapacities.Values, c => Assert.InRange(c, 1, 100));
    }
}
