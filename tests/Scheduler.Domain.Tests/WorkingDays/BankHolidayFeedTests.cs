using Scheduler.Domain.WorkingDays;
using static Scheduler.Domain.Tests.WorkingDays.TestDates;

namespace Scheduler.Domain.Tests.WorkingDays;

public sealed class BankHolidayFeedTests
{
    private const string Source = "config/bank-holidays.json";

    private const string Valid = """
        {
          "england-and-wales": {"division": "england-and-wales", "events": [
            {"title": "Christmas Day", "date": "2030-12-25", "notes": "", "bunting": true},
            {"title": "New Year’s Day", "date": "2030-01-01", "notes": "", "bunting": true},
            {"title": "Boxing Day", "date": "2030-12-26", "notes": "", "bunting": true}
          ]},
          "scotland": {"division": "scotland", "events": [
            {"title": "St Andrew’s Day", "date": "2030-12-02", "notes": "Substitute day", "bunting": true}
          ]},
          "northern-ireland": {"division": "northern-ireland", "events": [
            {"title": "St Patrick’s Day", "date": "2030-03-18", "notes": "Substitute day"}
          ]},
          "wales-extra": {"ignored": true}
        }
        """;

    [Fact]
    public void Parse_ValidFeed_ReadsEveryDivisionInDateOrder()
    {
        var catalog = BankHolidayFeed.Parse(Valid, Source);

        Assert.Equal(Source, catalog.SourceName);
        Assert.Equal(
            [
                new BankHoliday(D("2030-01-01"), "New Year’s Day", false, false),
                new BankHoliday(D("2030-12-25"), "Christmas Day", false, false),
                new BankHoliday(D("2030-12-26"), "Boxing Day", false, false),
            ],
            catalog.Holidays(BankHolidayRegion.EnglandAndWales, 2030, 2030));
        Assert.Equal(
            [new BankHoliday(D("2030-12-02"), "St Andrew’s Day", true, false)],
            catalog.Holidays(BankHolidayRegion.Scotland, 2030, 2030));
        Assert.True(Assert.Single(catalog.Holidays(BankHolidayRegion.NorthernIreland, 2030, 2030)).IsSubstitute);
    }

    [Theory]
    [InlineData("{\"england-and-wales\": {", "not valid JSON at line 1")]
    [InlineData("", "not valid JSON at line 1")]
    [InlineData("{\"england-and-wales\": {\"division\": \"england-and-wales\" \"events\": []}}", "not valid JSON at line 1, byte 56")]
    [InlineData("[]", "$: expected an object with the keys")]
    public void Parse_NotJsonOrNotAnObject_NamesSourceAndWhere(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => BankHolidayFeed.Parse(json, Source));

        Assert.StartsWith($"{Source}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Theory]
    [InlineData("\"scotland\": {\"division\": \"scotland\"", "\"scotland-x\": {\"division\": \"scotland\"", "$.scotland: missing")]
    [InlineData("\"division\": \"scotland\"", "\"division\": \"england-and-wales\"", "$.scotland.division: is \"england-and-wales\"")]
    [InlineData("\"division\": \"scotland\",", "", "$.scotland.division: missing")]
    [InlineData("\"date\": \"2030-12-25\"", "\"date\": \"2030-02-30\"", "$.england-and-wales.events[0].date: \"2030-02-30\" is not a date in the form yyyy-MM-dd")]
    [InlineData("\"date\": \"2030-12-26\"", "\"date\": \"26/12/2030\"", "$.england-and-wales.events[2].date: \"26/12/2030\" is not a date")]
    [InlineData("\"date\": \"2030-12-26\"", "\"date\": 20301226", "$.england-and-wales.events[2].date: expected a non-empty string, found the number 20301226")]
    [InlineData("\"date\": \"2030-12-26\"", "\"date\": \"2030-12-25\"", "$.england-and-wales.events[2].date: 2030-12-25 is listed twice (also at events[0])")]
    [InlineData("\"title\": \"Boxing Day\", ", "", "$.england-and-wales.events[2].title: missing")]
    [InlineData("\"notes\": \"Substitute day\"}", "\"notes\": null}", "$.northern-ireland.events[0].notes: expected a string")]
    [InlineData("{\"title\": \"St Andrew’s Day\", \"date\": \"2030-12-02\", \"notes\": \"Substitute day\", \"bunting\": true}", "", "$.scotland.events: is empty")]
    [InlineData("\"events\": [\n    {\"title\": \"St Patrick’s Day\", \"date\": \"2030-03-18\", \"notes\": \"Substitute day\"}\n  ]", "\"events\": \"none\"", "$.northern-ireland.events: expected an array of events, found the string \"none\"")]
    public void Parse_WrongShape_NamesSourcePathAndWhy(string replace, string with, string expected)
    {
        var json = Valid.Replace(replace, with, StringComparison.Ordinal);
        Assert.NotEqual(Valid, json);

        var error = Assert.Throws<FormatException>(() => BankHolidayFeed.Parse(json, Source));

        Assert.Equal($"{Source}: {expected}", error.Message[..(Source.Length + 2 + expected.Length)]);
    }

    [Fact]
    public void Parse_EmptySourceName_Throws()
    {
        Assert.Throws<ArgumentException>(() => BankHolidayFeed.Parse(Valid, " "));
        Assert.Throws<ArgumentNullException>(() => BankHolidayFeed.Parse(null!, Source));
    }
}
