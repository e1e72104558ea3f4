using Scheduler.Domain.Configuration;

namespace Scheduler.Domain.Tests.Configuration;

/// <summary>
/// <see cref="EstateConfiguration.FindService"/> and <see cref="EstateConfiguration.FindSchedule"/> answer from an index
/// kept beside the configuration's lists: these pin that they answer as a search of the list in config order would, and
/// that the index is neither shared with a copy given other lists nor part of the record's equality.
/// </summary>
public sealed class EstateConfigurationLookupTests
{
    [Fact]
    public void FindService_FindsEachServiceById_AndNullForAnUnknownId()
    {
        var config = SeedConfiguration.Build();

        foreach (var service in config.Services)
        {
            Assert.Same(service, config.FindService(service.Id));
        }

        Assert.Null(config.FindService("no-such-service"));
        Assert.Null(config.FindService("Block-Clean")); // ids are case-sensitive, as config's are
    }

    [Fact]
    public void FindSchedule_FindsEachScheduleById_AndNullForAnUnknownId()
    {
        var config = SeedConfiguration.Build();

        foreach (var schedule in config.Schedules)
        {
            Assert.Same(schedule, config.FindSchedule(schedule.Id));
        }

        Assert.Null(config.FindSchedule("no-such-schedule"));
    }

    [Fact]
    public void FindService_TwoOfOneId_FindsTheFirstInConfigOrder()
    {
        var first = new ServiceDefinition("gas-safety", "Gas safety check", [], false);
        var second = new ServiceDefinition("gas-safety", "Second definition", [], false);
        var config = SeedConfiguration.Build() with { Services = [first, second] };

        Assert.Same(first, config.FindService("gas-safety"));
    }

    [Fact]
    public void With_OtherServices_TheCopyFindsItsOwn_AndTheOriginalStillFindsItsOwn()
    {
        var original = SeedConfiguration.Build();
        Assert.Equal("block-clean", original.FindService("block-clean")!.Name); // the original's index is made

        var renamed = new ServiceDefinition("block-clean", "Communal cleaning", [], false);
        var copy = original with { Services = [renamed] };

        Assert.Same(renamed, copy.FindService("block-clean"));
        Assert.Null(copy.FindService("grass-cut"));
        Assert.Equal("block-clean", original.FindService("block-clean")!.Name);
        Assert.NotNull(original.FindService("grass-cut"));
    }

    [Fact]
    public void Equality_DoesNotDependOnWhetherALookupWasMade()
    {
        var asked = SeedConfiguration.Build();
        var notAsked = asked with { }; // the same lists, so equal; copied before anything was asked of either
        Assert.NotNull(asked.FindService("gas-safety"));
        Assert.NotNull(asked.FindSchedule("clean-weekly"));

        Assert.Equal(asked, notAsked);
        Assert.Equal(asked.GetHashCode(), notAsked.GetHashCode());
    }
}
