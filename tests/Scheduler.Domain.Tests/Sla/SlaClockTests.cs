using NodaTime;

using Scheduler.Domain.Configuration;
using Scheduler.Domain.Sla;
using Scheduler.Domain.WorkingDays;

using static Scheduler.Domain.Tests.Sla.SlaTime;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Sla;

public sealed class SlaClockTests
{
    private static SlaClock Clock(string target) =>
        FriendlyDuration.TryParse(target, out var duration) ? new SlaClock(duration) : throw new ArgumentException(target);

    [Theory]
    // Calendar days: the day raised is day 0; the last day is never moved off a weekend or bank holiday.
    [InlineData("17 days", "2027-03-01T14:00", "2027-03-18")] // Mon 1 Mar 14:00 -> end of Thu 18 Mar
    [InlineData("17 days", "2027-03-01T00:00", "2027-03-18")] // the time of day does not matter
    [InlineData("17 days", "2027-03-01T23:59", "2027-03-18")]
    [InlineData("17 days", "2027-03-04T10:00", "2027-03-21")] // lands on a Sunday: stays there
    [InlineData("17 days", "2026-12-20T10:00", "2027-01-06")] // straight through Christmas 2026
    [InlineData("17 days", "2027-03-20T10:00", "2027-04-06")] // across the March clock change and Easter 2027
    [InlineData("5 days", "2026-12-23T10:00", "2026-12-28")] // lands on the Boxing Day substitute: not moved
    [InlineData("30 days", "2027-10-15T10:00", "2027-11-14")] // across the October clock change
    [InlineData("12 weeks", "2027-01-01T10:00", "2027-03-26")] // 84 days, lands on Good Friday 2027
    [InlineData("1 month", "2027-01-31T10:00", "2027-02-28")] // month arithmetic truncates
    [InlineData("1 year", "2028-02-29T10:00", "2029-02-28")]
    // Working days: counting starts the day after; weekends and England and Wales bank holidays are skipped.
    [InlineData("1 working day", "2027-03-05T16:00", "2027-03-08")] // Fri 16:00 -> end of Monday
    [InlineData("1 working day", "2027-03-05T23:59", "2027-03-08")] // after hours on Friday is still Friday
    [InlineData("1 working day", "2027-03-06T11:00", "2027-03-08")] // raised Saturday -> Monday
    [InlineData("1 working day", "2027-03-07T11:00", "2027-03-08")] // raised Sunday -> Monday
    [InlineData("1 working day", "2026-04-02T16:00", "2026-04-07")] // Maundy Thursday 2026 -> Tuesday after Easter
    [InlineData("1 working day", "2026-04-03T11:00", "2026-04-07")] // raised on Good Friday 2026
    [InlineData("2 working days", "2027-03-25T09:00", "2027-03-31")] // Easter 2027: 26 and 29 Mar skipped
    [InlineData("3 working days", "2026-12-23T09:00", "2026-12-30")] // Christmas 2026: Fri 25 and Mon 28 (substitute) skipped
    [InlineData("2 working days", "2027-12-23T09:00", "2027-12-29")] // Christmas 2027: both substitutes, Mon 27 and Tue 28
    [InlineData("10 working days", "2027-12-20T09:00", "2028-01-06")] // into computed 2028: New Year substitute Mon 3 Jan
    [InlineData("10 working days", "2026-04-01T09:00", "2026-04-17")] // DOMAIN.md 5: Awaab's Law example
    [InlineData("10 working days", "2027-03-27T23:30", "2027-04-12")] // raised Saturday night before the clocks go forward
    public void DueDate_DayBasedTargets(string target, string raised, string lastDay)
    {
        var clock = Clock(target);
        var raisedAt = At(raised);

        Assert.Equal(TestCalendars.D(lastDay), clock.DueDate(raisedAt.InZone(London).Date, EnglandAndWales));
        Assert.Equal(EndOf(TestCalendars.D(lastDay)), clock.Due(raisedAt, London, EnglandAndWales));
    }

    [Theory]
    // Hours are elapsed time on instants, whatever the wall clock does.
    [InlineData("4 hours", "2027-03-28T00:30Z", "2027-03-28T05:30 BST")] // 00:30 GMT on the spring-forward day: 4 h elapsed, 5 on the wall
    [InlineData("4 hours", "2027-10-31T00:30+01", "2027-10-31T03:30 GMT")] // 00:30 BST on the fall-back day: 3 on the wall
    [InlineData("4 hours", "2027-10-31T01:30+01", "2027-10-31T04:30 GMT")] // the first 01:30 (BST)
    [InlineData("4 hours", "2027-10-31T01:30Z", "2027-10-31T05:30 GMT")] // the second 01:30 (GMT)
    [InlineData("4 hours", "2026-03-29T00:30Z", "2026-03-29T05:30 BST")] // 2026 spring forward
    [InlineData("4 hours", "2026-10-25T00:30+01", "2026-10-25T03:30 GMT")] // 2026 fall back
    [InlineData("4 hours", "2027-03-05T22:00", "2027-03-06T02:00 GMT")] // overnight into Saturday
    [InlineData("6 hours", "2027-03-27T22:00", "2027-03-28T05:00 BST")]
    [InlineData("24 hours", "2027-03-27T12:00", "2027-03-28T13:00 BST")] // 24 h elapsed reads as 25 on the wall
    [InlineData("24 hours", "2027-10-30T12:00", "2027-10-31T11:00 GMT")] // ... and as 23 in October
    [InlineData("48 hours", "2026-12-24T17:00", "2026-12-26T17:00 GMT")] // hours run through bank holidays
    public void Due_HoursAreElapsedTime(string target, string raised, string expectedLondon)
    {
        var clock = Clock(target);
        var raisedAt = At(raised);

        var due = clock.Due(raisedAt, London, EnglandAndWales);

        Assert.Equal(expectedLondon, LondonText(due));
        Assert.Equal(Duration.FromHours(clock.Target.Count), due - raisedAt);
    }

    [Fact]
    public void Due_AwaabsLawExample_InvestigateByFriday17April2026()
    {
        // DOMAIN.md 5: aware Wed 1 Apr 2026 -> investigate by Fri 17 Apr 2026 (Good Friday and Easter Monday skipped).
        var investigate = SlaCatalog.Defaults[SlaIds.AwaabDampMouldInvestigate];
        var aware = At("2026-04-01T15:20");

        var due = investigate.Due(aware, London, EnglandAndWales);

        Assert.Equal(TestCalendars.D("2026-04-17"), investigate.Clock.DueDate(TestCalendars.D("2026-04-01"), EnglandAndWales));
        Assert.Equal("2026-04-18T00:00 BST", LondonText(due));
        Assert.Equal(IsoDayOfWeek.Friday, due.Minus(Duration.FromNanoseconds(1)).InZone(London).DayOfWeek);
    }

    [Theory]
    [InlineData("scotland", "2026-04-16")] // no Easter Monday in Scotland
    [InlineData("england-and-wales", "2026-04-17")]
    public void DueDate_WorkingDays_FollowTheConfiguredNation(string region, string expected)
    {
        var calendar = BankHolidayCatalog.Snapshot.Calendar(BankHolidayCatalog.ParseRegion(region));

        Assert.Equal(TestCalendars.D(expected), Clock("10 working days").DueDate(TestCalendars.D("2026-04-01"), calendar));
    }

    [Fact]
    public void Due_DayBasedClock_IsTheEndOfTheLastLocalDay()
    {
        // 17 days from a GMT date into BST: the deadline is London midnight, 23:00 UTC.
        var due = Clock("17 days").Due(At("2027-03-20T10:00"), London, EnglandAndWales);

        Assert.Equal(At("2027-04-06T23:00Z"), due);
    }

    [Fact]
    public void DueDate_HoursClock_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Clock("4 hours").DueDate(TestCalendars.D("2027-03-01"), EnglandAndWales));
        Assert.Contains("elapsed time", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, DurationUnit.Days)]
    [InlineData(-1, DurationUnit.Hours)]
    [InlineData(3, DurationUnit.Invalid)]
    [InlineData(3, (DurationUnit)99)]
    public void Constructor_InvalidTarget_Throws(int count, DurationUnit unit)
    {
        Assert.Throws<ArgumentException>(() => new SlaClock(new FriendlyDuration(count, unit)));
    }

    [Theory]
    [InlineData("4 hours", true)]
    [InlineData("17 days", false)]
    [InlineData("2 working days", false)]
    public void IsElapsedTime_OnlyForHours(string target, bool expected)
    {
        Assert.Equal(expected, Clock(target).IsElapsedTime);
    }
}
