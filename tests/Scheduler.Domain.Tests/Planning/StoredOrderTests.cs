using NodaTime;
using Scheduler.Domain.Planning;

namespace Scheduler.Domain.Tests.Planning;

/// <summary>
/// <see cref="StoredOrder"/> holds a reference in the usual form as a number and the rare fields apart: what it gives
/// back, compares and copies must be exactly what it was given.
/// </summary>
public class StoredOrderTests
{
    private static readonly ServiceWindow Window = new(new LocalDate(2027, 3, 1), new LocalDate(2027, 3, 5));

    [Theory]
    [InlineData("WO-2027-000123")]
    [InlineData("WO-2027-000000")]
    [InlineData("WO-0001-999999")]
    [InlineData("WO-2027-1234567")]       // seven digits: the number outgrew six
    [InlineData("WO-2027-99999999999999")] // fourteen digits
    [InlineData("WO-2027-0123456")]       // a leading zero beyond six digits: not the usual form, kept as text
    [InlineData("WO-2027-12345")]         // five digits
    [InlineData("WO-2027-000123 ")]
    [InlineData("WO-27-000123")]
    [InlineData("wo-2027-000123")]
    [InlineData("WO-2027_000123")]
    [InlineData("WO-2027-00012a")]
    [InlineData("WO-1")]
    [InlineData("")]
    public void Reference_AnyText_IsGivenBackAsItWas(string reference)
    {
        var order = Order(reference);

        Assert.Equal(reference, order.Reference);
        Assert.Equal(order, Order(reference));
        Assert.Equal(Order(reference).GetHashCode(), order.GetHashCode());
        Assert.Equal(reference, (Order("WO-1") with { Reference = reference }).Reference);
        Assert.Equal(order, Order("WO-1") with { Reference = reference });
    }

    [Fact]
    public void With_RareFieldsSet_CopyHasThemAndTheOriginalIsUnchanged()
    {
        var parent = Order("WO-2027-000001", parentKey: "grass-cut/S1/2027-03-01/grass-cut", parentTarget: new LocalDate(2027, 3, 2));

        var copy = parent with { ParentKey = null, Key = "odd key" };

        Assert.Equal("grass-cut/S1/2027-03-01/grass-cut", parent.ParentKey);
        Assert.Equal("path-sweep/S1/2027-03-01/path-sweep", parent.Key);
        Assert.True(parent.IsFollowUp);
        Assert.Null(copy.ParentKey);
        Assert.Equal(new LocalDate(2027, 3, 2), copy.ParentTargetDate);
        Assert.True(copy.IsFollowUp);
        Assert.Equal("odd key", copy.Key);
        Assert.Equal("WO-2027-000001", copy.Reference);
        Assert.NotEqual(parent, copy);
        Assert.Equal(Order("WO-2027-000001"), parent with { ParentKey = null, ParentTargetDate = null });
        Assert.False((parent with { ParentKey = null, ParentTargetDate = null }).IsFollowUp);
    }

    [Fact]
    public void Key_GivenAsTheUsualText_IsTheKeyTheValuesGive()
    {
        var given = new StoredOrder("WO-2027-000001", "path-sweep/S1/2027-03-01/path-sweep", "path-sweep", "path-sweep", "S1", Window, Window.End, WorkOrderStatus.Planned, "greenscape");

        Assert.Equal(Order("WO-2027-000001").Key, given.Key);
    }

    private static StoredOrder Order(string reference, string? parentKey = null, LocalDate? parentTarget = null) =>
        new(reference, null, "path-sweep", "path-sweep", "S1", Window, Window.End, WorkOrderStatus.Planned, "greenscape", parentKey, parentTarget);
}
