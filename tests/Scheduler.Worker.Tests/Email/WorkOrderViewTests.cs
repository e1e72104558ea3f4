using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>Building the work-order view from the domain records.</summary>
public sealed class WorkOrderViewTests
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    private static readonly EstateRegister Register = new(
        [new Area("north", "North")],
        [new Site("S1", "Oakfield Estate", "north", "LS1 1AA", Grass: true, Hedges: false, Hardstanding: true, None)],
        [new Block("B1", "S1", "Birch House", "north", CleaningFrequency.Weekly, None)],
        [new Home("H1", null, null, "3 Elm Road", "LS2 2BB", "north", Gas: true, null, null, null, null, None)],
        []);

    private static readonly ServiceWindow Window = new(new LocalDate(2027, 5, 10), new LocalDate(2027, 5, 21));

    [Theory]
    [InlineData("S1", "Oakfield Estate", "Oakfield Estate", "LS1 1AA")]
    [InlineData("B1", "Birch House", "Birch House, Oakfield Estate", "LS1 1AA")]
    [InlineData("H1", "3 Elm Road", "3 Elm Road", "LS2 2BB")]
    public void Create_Asset_TakesNameAddressAndPostcodeFromTheRegister(string assetId, string name, string address, string postcode)
    {
        var service = new ServiceDefinition("grass-cut", "Grass cutting", ["Grass cut"], NestingSensitive: false);
        var occurrence = new Occurrence("grass", "grass-cut", assetId, Window, new LocalDate(2027, 5, 12), "greenscape");

        var view = WorkOrderView.Create("WO-2027-000001", occurrence, service, Register, WorkOrderStatus.New, 0);

        Assert.Equal((name, address, postcode), (view.AssetName, view.Address, view.Postcode));
        Assert.Equal(("grass-cut", "Grass cutting", Window, new LocalDate(2027, 5, 12)), (view.ServiceId, view.ServiceName, view.Window, view.TargetDate));
        Assert.Equal(["Grass cut"], view.Checklist);
        Assert.Empty(view.FollowUps);
    }

    [Fact]
    public void Create_WrongServiceOrUnknownAsset_IsRefused()
    {
        var occurrence = new Occurrence("grass", "grass-cut", "S1", Window, new LocalDate(2027, 5, 12));

        Assert.Throws<ArgumentException>(() => WorkOrderView.Create("WO-2027-000001", occurrence, new ServiceDefinition("hedge-cut", "Hedges", [], true), Register, WorkOrderStatus.New, 0));
        Assert.Throws<ArgumentException>(() => WorkOrderView.Create("WO-2027-000001", occurrence with { AssetId = "X9" }, new ServiceDefinition("grass-cut", "Grass", [], false), Register, WorkOrderStatus.New, 0));
    }

    [Theory]
    [InlineData(2027, 123, "WO-2027-000123")]
    [InlineData(2028, 1, "WO-2028-000001")]
    [InlineData(2027, 1234567, "WO-2027-1234567")]
    public void Format_YearAndNumber_GivesTheReference(int year, long number, string reference)
    {
        Assert.Equal(reference, WorkOrderReference.Format(year, number));
    }
}
