using NodaTime;
using Scheduler.Domain.Calendars;

namespace Scheduler.Domain.Tests.Calendars;

/// <summary>
/// <see cref="FloatingRule"/> adds month-only periods with <see cref="LocalDate.PlusMonths"/>; every answer must be
/// the one NodaTime's general <see cref="LocalDate.Plus(Period)"/> and <see cref="LocalDate.Minus(Period)"/> give.
/// </summary>
public sealed class FloatingRuleArithmeticTests
{
    public static TheoryData<Period, Period> Periods => new()
    {
        { Period.FromMonths(12), Period.FromMonths(2) },
        { Period.FromMonths(1), Period.FromDays(10) },
        { Period.FromMonths(18), Period.FromMonths(11) },
        { Period.FromYears(1), Period.FromWeeks(8) },
        { Period.FromYears(1) + Period.FromMonths(1), Period.FromMonths(1) + Period.FromDays(3) },
        { Period.FromDays(400), Period.FromDays(60) },
    };

    [Theory]
    [MemberData(nameof(Periods))]
    public void DeadlineAndEarlyWindowStart_EveryDate2023To2030_EqualTheGeneralPeriodArithmetic(Period after, Period earlyWindow)
    {
        var rule = new FloatingRule(after, earlyWindow);
        for (var date = new LocalDate(2023, 1, 1); date <= new LocalDate(2030, 12, 31); date = date.PlusDays(1))
        {
            Assert.Equal(date.Plus(after), rule.Deadline(date));
            Assert.Equal(date.Minus(earlyWindow).PlusDays(1), rule.EarlyWindowStart(date));
        }
    }

    [Fact]
    public void Deadline_LeapDayPlusTwelveMonths_IsTheLastDayOfFebruary()
    {
        var rule = new FloatingRule(Period.FromMonths(12), Period.FromMonths(2));

        Assert.Equal(new LocalDate(2025, 2, 28), rule.Deadline(new LocalDate(2024, 2, 29)));
        Assert.Equal(new LocalDate(2024, 12, 29), rule.EarlyWindowStart(new LocalDate(2025, 2, 28)));
    }

    [Theory]
    [InlineData("2027-06-30", "2026-06-29", false)] // before the check the deadline counted from (30 Jun 2026)
    [InlineData("2027-06-30", "2026-06-30", false)] // that check itself
    [InlineData("2027-06-30", "2026-07-01", true)] // the day after
    [InlineData("2027-06-30", "2027-04-20", true)] // eleven days before the window opened (1 May)
    [InlineData("2027-06-30", "2027-06-30", true)] // in the window: effective on the deadline (reg. 36A)
    [InlineData("2027-06-30", "2027-07-10", true)] // late
    [InlineData("2029-02-28", "2028-02-28", false)] // 28 Feb and 29 Feb 2028 both give 28 Feb 2029: neither is its check
    [InlineData("2029-02-28", "2028-02-29", false)]
    [InlineData("2029-02-28", "2028-03-01", true)]
    public void Covers_ACheckLaterThanTheOneTheDeadlineCountedFrom(string deadline, string effective, bool covers)
    {
        var rule = new FloatingRule(Period.FromMonths(12), Period.FromMonths(2));

        Assert.Equal(covers, rule.Covers(NodaTime.Text.LocalDatePattern.Iso.Parse(deadline).Value, NodaTime.Text.LocalDatePattern.Iso.Parse(effective).Value));
    }
}
