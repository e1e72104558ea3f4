using System.Globalization;
using System.Text;
using Scheduler.Worker.Register;
using Scheduler.Worker.Tests.Register;

namespace Scheduler.Worker.Tests.Memory;

/// <summary>The loaded register keeps one instance of a value that repeats down a column, and values as they were read.</summary>
public class RepeatedValuesTests
{
    [Fact]
    public void Share_ValueSeenBefore_IsTheFirstInstance()
    {
        var values = new RepeatedValues(2);
        var first = new string("2017".AsSpan());
        var second = new string("2017".AsSpan());

        Assert.Same(first, values.Share(1, first));
        Assert.Same(first, values.Share(1, second));
        Assert.Same(second, values.Share(0, second)); // columns are apart
    }

    [Fact]
    public void Share_ColumnPastMaxDistinct_KeepsValuesAsRead()
    {
        var values = new RepeatedValues(1);
        for (var i = 0; i <= RepeatedValues.MaxDistinct; i++)
        {
            values.Share(0, i.ToString(CultureInfo.InvariantCulture));
        }

        var again = new string("7".AsSpan());

        Assert.Equal("7", values.Share(0, again));
        Assert.Same(again, values.Share(0, again));
    }

    [Fact]
    public void Parse_HomesWithTheSameValues_ShareOneInstanceAndKeepTheirText()
    {
        var properties = new StringBuilder("property_id,block_id,site_id,address,postcode,area_id,gas,last_gas_check,kitchen_year,bathroom_year,boiler_year,bedrooms\n");
        for (var i = 1; i <= 3; i++)
        {
            properties.Append(CultureInfo.InvariantCulture, $"P00{i},,,\"{i} Mill Street, Hallowby\",ZZ1 5NS,north,true,,2001,,2019,3\n");
        }

        var register = RegisterLoader.Parse(RegisterFixture.Files((RegisterFiles.Properties, properties.ToString())), "x", RegisterFixture.AsOf).Register!;

        var homes = register.Homes;
        Assert.Equal(["P001", "P002", "P003"], homes.Select(h => h.Id));
        Assert.All(homes, h => Assert.Equal("3", h.Attributes["bedrooms"]));
        Assert.Same(homes[0].Attributes["bedrooms"], homes[2].Attributes["bedrooms"]);
        Assert.Same(homes[0].Attributes["kitchen_year"], homes[1].Attributes["kitchen_year"]);
        Assert.Same(homes[0].Postcode, homes[2].Postcode);
        Assert.Equal(["1 Mill Street, Hallowby", "2 Mill Street, Hallowby", "3 Mill Street, Hallowby"], homes.Select(h => h.Attributes["address"]));
    }
}
