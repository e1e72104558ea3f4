using Scheduler.Persistence.Register;

namespace Scheduler.Persistence.Tests.Memory;

/// <summary>
/// Attributes read from the database through one <see cref="AttributeReading"/>: the same pairs, lookups and order as a
/// dictionary of the JSON, with names and repeated values held once for every row.
/// </summary>
public class AttributeReadingTests
{
    [Fact]
    public void Read_RowsWithTheSameNames_ShareNamesAndRepeatedValues()
    {
        var reading = new AttributeReading();

        var first = AttributesJson.Read("""{"gas": "true", "address": "1 Mill Street, Hallowby", "property_id": "P001"}""", reading);
        var second = AttributesJson.Read("""{"gas": "true", "address": "2 Mill Street, Hallowby", "property_id": "P002"}""", reading);

        Assert.Equal(["gas", "address", "property_id"], first.Keys);
        Assert.Same(first.Keys.ElementAt(1), second.Keys.ElementAt(1));
        Assert.Same(first["gas"], second["gas"]);
        Assert.Equal("2 Mill Street, Hallowby", second["address"]);
        Assert.Equal("P002", second["property_id"]);
    }

    [Fact]
    public void Read_ValueEqualToATypedMember_IsThatInstance()
    {
        var reading = new AttributeReading();
        var id = new string("P001".AsSpan());
        var address = new string("1 Mill Street, Hallowby".AsSpan());

        var read = AttributesJson.Read("""{"address": "1 Mill Street, Hallowby", "property_id": "P001"}""", reading, id, address);

        Assert.Same(id, read["property_id"]);
        Assert.Same(address, read["address"]);
    }

    [Theory]
    [InlineData("""{"a": "1", "b": "2"}""", "b", "2")]
    [InlineData("""{"a": "1", "b": "2"}""", "c", null)]
    [InlineData("""{"a": "1", "b": "2"}""", "A", null)] // ordinal, as the dictionary it replaces
    [InlineData("""{"a": "1", "a": "3"}""", "a", "3")] // a repeated name keeps its last value
    [InlineData("""{"a": "x\"y", "b": "2"}""", "a", "x\"y")]
    [InlineData("{}", "a", null)]
    public void Read_Lookup_AsADictionaryOfTheJson(string json, string name, string? expected)
    {
        var reading = new AttributeReading();
        AttributesJson.Read("""{"a": "0", "b": "0"}""", reading); // a schema for a, b already known

        var read = AttributesJson.Read(json, reading);

        Assert.Equal(expected is not null, read.TryGetValue(name, out var value));
        Assert.Equal(expected, value);
        Assert.Equal(expected is not null, read.ContainsKey(name));
        var asDictionary = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
        Assert.Equal(asDictionary.Count, read.Count);
        Assert.Equal(asDictionary, read);
    }

    [Fact]
    public void Read_RowsWithOtherNames_EachKeepTheirOwn()
    {
        var reading = new AttributeReading();

        var home = AttributesJson.Read("""{"gas": "true", "bedrooms": "3"}""", reading);
        var block = AttributesJson.Read("""{"cleaning": "weekly"}""", reading);
        var again = AttributesJson.Read("""{"gas": "false", "bedrooms": "2"}""", reading);

        Assert.Equal(["gas", "bedrooms"], home.Keys);
        Assert.Equal(["cleaning"], block.Keys);
        Assert.Equal(new Dictionary<string, string> { ["gas"] = "false", ["bedrooms"] = "2" }, again);
        Assert.Throws<KeyNotFoundException>(() => block["gas"]);
    }
}
