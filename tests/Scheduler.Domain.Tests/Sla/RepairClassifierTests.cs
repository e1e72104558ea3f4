using Scheduler.Domain.Sla;

namespace Scheduler.Domain.Tests.Sla;

public sealed class RepairClassifierTests
{
    [Theory]
    [InlineData(true, false, false, 0, RepairCategory.Emergency)]
    [InlineData(true, true, true, 5000, RepairCategory.Emergency)] // make safe first, whatever the job
    [InlineData(false, false, false, 0, RepairCategory.Routine)]
    [InlineData(false, false, false, 500, RepairCategory.Routine)] // £500 is not "in excess of £500"
    [InlineData(false, false, false, 500.01, RepairCategory.Major)]
    [InlineData(false, false, true, 50, RepairCategory.Major)] // more than a day
    [InlineData(false, true, false, 120, RepairCategory.External)] // guttering
    [InlineData(false, true, false, 500, RepairCategory.External)]
    [InlineData(false, true, false, 800, RepairCategory.Major)] // a big fencing job is major works
    [InlineData(false, true, true, 100, RepairCategory.Major)]
    public void Classify_FirstMatchWins(bool riskToLife, bool external, bool moreThanADay, double cost, RepairCategory expected)
    {
        Assert.Equal(expected, RepairClassifier.Classify(riskToLife, external, moreThanADay, (decimal)cost));
    }

    [Fact]
    public void Classify_NegativeCost_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RepairClassifier.Classify(false, false, false, -1m));
    }

    [Theory]
    [InlineData(RepairCategory.Emergency, true)]
    [InlineData(RepairCategory.GasHeatingAttend, true)]
    [InlineData(RepairCategory.Routine, false)]
    [InlineData(RepairCategory.External, false)]
    [InlineData(RepairCategory.Major, false)]
    [InlineData(RepairCategory.GasHeatingCombiBoiler, false)]
    [InlineData(RepairCategory.GasHeatingSolidFuelOilSolar, false)]
    [InlineData(RepairCategory.GasHeatingNonUrgent, false)]
    public void IsEmergency_TheHoursPromisesOnly(RepairCategory category, bool expected)
    {
        Assert.Equal(expected, category.IsEmergency());
    }

    [Fact]
    public void IsEmergency_Invalid_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RepairCategory.Invalid.IsEmergency());
    }
}
