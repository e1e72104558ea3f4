using Scheduler.Persistence.Register;

namespace Scheduler.Persistence.Tests.Import;

public class AttributesJsonTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData("{\"gas\": \"true\"}")]
    [InlineData("{\"gas\": \"true\", \"cleaning\": \"weekly\", \"address\": \"Flat 1, \\\"The Oaks\\\", High St\"}")]
    [InlineData("{\"name\": \"Zoë’s Court\", \"note\": \"line\\nbreak\", \"empty\": \"\"}")]
    [InlineData(" { \"a\" : \"1\" ,\"b\":\"2\" } ")]
    public void Read_WhatWriteOrJsonbProduces_GivesThePairsBack(string json)
    {
        var expected = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;

        var read = AttributesJson.Read(json);

        Assert.Equal(expected.OrderBy(p => p.Key), read.OrderBy(p => p.Key));
        Assert.Equal(expected.OrderBy(p => p.Key), AttributesJson.Read(AttributesJson.Write(expected)).OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(30)]
    public void Read_AnyNumberOfColumns_LooksUpAndEnumeratesEachInOrder(int columns)
    {
        var pairs = Enumerable.Range(0, columns).Select(i => new KeyValuePair<string, string>($"column_{(i * 7) % columns}", $"value {i}")).ToList();
        var json = "{" + string.Join(", ", pairs.Select(p => $"\"{p.Key}\": \"{p.Value}\"")) + "}";

        var read = AttributesJson.Read(json);

        Assert.Equal(pairs, read);
        Assert.Equal(columns, read.Count);
        Assert.Equal(pairs.Select(p => p.Key), read.Keys);
        Assert.Equal(pairs.Select(p => p.Value), read.Values);
        Assert.All(pairs, p => Assert.Equal(p.Value, read[p.Key]));
        Assert.All(pairs, p => Assert.True(read.ContainsKey(p.Key)));
        Assert.False(read.TryGetValue("column_x", out _));
        Assert.False(read.ContainsKey("COLUMN_0"));
        Assert.Throws<KeyNotFoundException>(() => read["column_x"]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"gas\": true}")]
    [InlineData("{\"gas\": \"true\"")]
    public void Read_NotAFlatObjectOfStrings_Throws(string json) =>
        Assert.ThrowsAny<Exception>(() => AttributesJson.Read(json));
}
