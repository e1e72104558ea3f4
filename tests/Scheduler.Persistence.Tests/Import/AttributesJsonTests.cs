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
    [InlineData("[]")]
    [InlineData("{\"gas\": true}")]
    [InlineData("{\"gas\": \"true\"")]
    public void Read_NotAFlatObjectOfStrings_Throws(string json) =>
        Assert.ThrowsAny<Exception>(() => AttributesJson.Read(json));
}
