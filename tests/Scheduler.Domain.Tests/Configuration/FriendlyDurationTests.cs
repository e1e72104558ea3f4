using NodaTime;

using Scheduler.Domain.Configuration;

namespace Scheduler.Domain.Tests.Configuration;

public class FriendlyDurationTests
{
    [Theory]
    [InlineData("1 week", 1, DurationUnit.Weeks)]
    [InlineData("2 weeks", 2, DurationUnit.Weeks)]
    [InlineData("12 months", 12, DurationUnit.Months)]
    [InlineData("1 month", 1, DurationUnit.Months)]
    [InlineData("14 days", 14, DurationUnit.Days)]
    [InlineData("1 day", 1, DurationUnit.Days)]
    [InlineData("1 working day", 1, DurationUnit.WorkingDays)]
    [InlineData("2 working days", 2, DurationUnit.WorkingDays)]
    [InlineData("4 hours", 4, DurationUnit.Hours)]
    [InlineData("1 hour", 1, DurationUnit.Hours)]
    [InlineData("1 year", 1, DurationUnit.Years)]
    [InlineData("30 years", 30, DurationUnit.Years)]
    [InlineData("2 WEEKS", 2, DurationUnit.Weeks)]
    [InlineData("2 Working Days", 2, DurationUnit.WorkingDays)]
    [InlineData("  3   months ", 3, DurationUnit.Months)]
    [InlineData("1\tweek", 1, DurationUnit.Weeks)]
    [InlineData("1 weeks", 1, DurationUnit.Weeks)]
    [InlineData("2 week", 2, DurationUnit.Weeks)]
    [InlineData("17 days", 17, DurationUnit.Days)]
    public void TryParse_AcceptedForm_ReadsCountAndUnit(string text, int count, DurationUnit unit)
    {
        Assert.True(FriendlyDuration.TryParse(text, out var value));
        Assert.Equal(new FriendlyDuration(count, unit), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("week")]
    [InlineData("2")]
    [InlineData("0 days")]
    [InlineData("-1 days")]
    [InlineData("+1 days")]
    [InlineData("1.5 weeks")]
    [InlineData("two weeks")]
    [InlineData("2 wks")]
    [InlineData("2 fortnights")]
    [InlineData("2 working")]
    [InlineData("2 working weeks")]
    [InlineData("2 days working")]
    [InlineData("2 weekss")]
    [InlineData("2weeks")]
    [InlineData("1 week 2 days")]
    [InlineData("99999999999 days")]
    [InlineData("٣ days")]
    public void TryParse_OtherText_IsRefused(string? text)
    {
        Assert.False(FriendlyDuration.TryParse(text, out var value));
        Assert.Equal(DurationUnit.Invalid, value.Unit);
    }

    [Theory]
    [InlineData("1 week", "1 week")]
    [InlineData("2 WEEKS", "2 weeks")]
    [InlineData("1 working days", "1 working day")]
    [InlineData("2  working  day", "2 working days")]
    [InlineData("4 hour", "4 hours")]
    [InlineData("12 Months", "12 months")]
    [InlineData("1 years", "1 year")]
    [InlineData("14 days", "14 days")]
    public void ToString_IsCanonical_AndParsesBack(string text, string canonical)
    {
        Assert.True(FriendlyDuration.TryParse(text, out var value));

        Assert.Equal(canonical, value.ToString());
        Assert.True(FriendlyDuration.TryParse(value.ToString(), out var again));
        Assert.Equal(value, again);
    }

    [Fact]
    public void ToString_Invalid_SaysSo()
    {
        Assert.Equal("invalid", default(FriendlyDuration).ToString());
    }

    [Theory]
    [InlineData("14 days", "P14D")]
    [InlineData("2 weeks", "P2W")]
    [InlineData("12 months", "P12M")]
    [InlineData("20 years", "P20Y")]
    [InlineData("4 hours", "PT4H")]
    public void ToPeriod_CalendarUnits_GiveThePeriod(string text, string iso)
    {
        Assert.True(FriendlyDuration.TryParse(text, out var value));

        Assert.Equal(iso, value.ToPeriod().ToString());
    }

    [Fact]
    public void ToPeriod_TwelveMonthsFrom29February_Is28February()
    {
        Assert.True(FriendlyDuration.TryParse("12 months", out var value));

        Assert.Equal(new LocalDate(2029, 2, 28), new LocalDate(2028, 2, 29).Plus(value.ToPeriod()));
    }

    [Fact]
    public void ToPeriod_WorkingDaysOrInvalid_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new FriendlyDuration(2, DurationUnit.WorkingDays).ToPeriod());

        Assert.Contains("working-day calendar", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => default(FriendlyDuration).ToPeriod());
    }

    [Fact]
    public void ToDuration_Hours_IsElapsedTime_OtherUnitsThrow()
    {
        Assert.Equal(Duration.FromHours(4), new FriendlyDuration(4, DurationUnit.Hours).ToDuration());
        Assert.Throws<InvalidOperationException>(() => new FriendlyDuration(1, DurationUnit.Days).ToDuration());
    }

    [Fact]
    public void AcceptedForms_NamesEveryUnit()
    {
        foreach (var word in new[] { "hour", "day", "working day", "week", "month", "year" })
        {
            Assert.Contains($"N {word}(s)", FriendlyDuration.AcceptedForms, StringComparison.Ordinal);
        }
    }
}
