using Scheduler.Domain.Compliance;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Compliance;

public class GasSafetyRecordTests
{
    // DOMAIN.md §1, worked examples: previous deadline 10 Feb 2026 (window 11 Dec 2025 – 10 Feb 2026).
    [Theory]
    [InlineData("2026-01-05", "2026-02-10", "2027-02-10", "2026-02-02")]
    [InlineData("2026-02-10", "2026-02-10", "2027-02-10", "2026-03-10")]
    [InlineData("2025-12-11", "2026-02-10", "2027-02-10", "2026-01-08")]
    [InlineData("2025-12-01", "2025-12-01", "2026-12-01", "2025-12-29")]
    [InlineData("2026-02-20", "2026-02-20", "2027-02-20", "2026-03-20")]
    public void Complete_FollowsRegulation36A(string completed, string effective, string next, string copy)
    {
        var record = GasSafetyRecord.Complete(D("2026-02-10"), D(completed));
        Assert.Equal(D(effective), record.Effective);
        Assert.Equal(D(next), record.NextDeadline);
        Assert.Equal(D(copy), record.TenantCopyDue);
    }

    [Fact]
    public void Rule_TwentyNinthFebruaryPlusTwelveMonthsIsTwentyEighth() =>
        Assert.Equal(D("2029-02-28"), GasSafetyRecord.Rule.Deadline(D("2028-02-29")));

    [Theory]
    [InlineData("2026-02-10", "2025-12-11", "2026-02-09")]
    [InlineData("2027-04-30", "2027-03-01", "2027-04-29")] // 30 Apr − 2 months = 28 Feb: the later, cautious start
    [InlineData("2027-03-31", "2027-02-01", "2027-03-30")]
    public void Rule_BookingWindowEndsTheDayBeforeTheDeadline(string deadline, string start, string end)
    {
        var window = GasSafetyRecord.Rule.BookingWindow(D(deadline));
        Assert.Equal(new ServiceWindow(D(start), D(end)), window);
    }
}
