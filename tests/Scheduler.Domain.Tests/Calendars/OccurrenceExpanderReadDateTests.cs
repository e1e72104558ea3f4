using CsCheck;
using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Estate;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Calendars;

/// <summary>
/// The expander reads a floating schedule's last completion from a register column with a fast path for plain
/// <c>yyyy-MM-dd</c>; it must accept and reject exactly what NodaTime's ISO pattern does.
/// </summary>
public class OccurrenceExpanderReadDateTests
{
    private const string Column = "last_gas_check";

    private static readonly string[] Paddings = ["", " ", "\t", "  "];

    [Theory]
    [InlineData("2026-03-15", "2026-03-15")]
    [InlineData("  2026-03-15\t", "2026-03-15")]
    [InlineData("2028-02-29", "2028-02-29")]
    [InlineData("0001-01-01", "0001-01-01")]
    [InlineData("9999-12-31", "9999-12-31")]
    [InlineData("0000-01-01", "0000-01-01")] // year 0 is valid ISO (1 BC): left to NodaTime's pattern
    [InlineData("2027-02-29", null)]
    [InlineData("2026-04-31", null)]
    [InlineData("2026-13-01", null)]
    [InlineData("2026-00-10", null)]
    [InlineData("2026-01-00", null)]
    [InlineData("2026-3-15", null)]
    [InlineData("15/03/2026", null)]
    [InlineData("2026-03-15T00:00", null)]
    [InlineData("2026_03_15", null)]
    [InlineData("２０２６-03-15", null)] // full-width digits are not ASCII digits
    [InlineData("", null)]
    [InlineData("   ", null)]
    public void ReadDate_Table(string text, string? expected)
    {
        Assert.Equal(expected is null ? null : D(expected), OccurrenceExpander.ReadDate(AssetWith(text), Column));
    }

    [Fact]
    public void ReadDate_MissingColumn_IsNull() =>
        Assert.Null(OccurrenceExpander.ReadDate(new Site("s1", "s1", "north", "AB1 2CD", true, true, true, new Dictionary<string, string>()), Column));

    [Fact]
    public void ReadDate_AgreesWithTheIsoPattern_OnDatesImpossibleDatesAndNearMisses()
    {
        var validDate = Gen.Select(Gen.Int[1, 9999], Gen.Int[1, 12], Gen.Int[1, 31], (y, m, d) =>
            $"{y:0000}-{m:00}-{Math.Min(d, CalendarSystem.Iso.GetDaysInMonth(y, m)):00}");
        var dateShaped = Gen.Select(Gen.Int[0, 9999], Gen.Int[0, 19], Gen.Int[0, 39], (y, m, d) => $"{y:0000}-{m:00}-{d:00}");
        var nearMiss = Gen.Char["0123456789- x/T+"].Array[8, 12].Select(c => new string(c));
        var padding = Gen.Int[0, Paddings.Length - 1].Select(i => Paddings[i]);
        Gen.Select(Gen.OneOf(validDate, dateShaped, nearMiss), padding, padding, (text, before, after) => before + text + after).Sample(text =>
        {
            var expected = LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } parsed ? parsed.Value : (LocalDate?)null;
            Assert.Equal(expected, OccurrenceExpander.ReadDate(AssetWith(text), Column));
        }, iter: 20_000);
    }

    private static Site AssetWith(string text) =>
        new("s1", "s1", "north", "AB1 2CD", true, true, true, new Dictionary<string, string> { [Column] = text });
}
