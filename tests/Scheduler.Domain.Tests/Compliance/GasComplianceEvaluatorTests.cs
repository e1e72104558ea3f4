using NodaTime;
using Scheduler.Domain.Compliance;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Compliance;

public class GasComplianceEvaluatorTests
{
    // Deadline 10 Feb 2026; due-soon threshold 2 months, so Due from 10 Dec 2025 (deadline − 2 months) inclusive.
    [Theory]
    [InlineData("2025-06-01", null, null, GasComplianceStatus.Compliant)]
    [InlineData("2025-12-09", null, null, GasComplianceStatus.Compliant)] // 2 months and a day away
    [InlineData("2025-12-10", null, null, GasComplianceStatus.Due)] // exactly 2 months away
    [InlineData("2026-01-20", null, null, GasComplianceStatus.Due)]
    [InlineData("2026-02-10", null, null, GasComplianceStatus.Due)] // the deadline day is still in date
    [InlineData("2026-02-11", null, null, GasComplianceStatus.Overdue)] // no grace period
    [InlineData("2026-03-01", "2026-03-05", null, GasComplianceStatus.Overdue)] // a late booking does not make it compliant
    [InlineData("2026-01-05", "2026-01-20", null, GasComplianceStatus.Compliant)] // booked before the deadline
    [InlineData("2026-01-05", "2026-01-05", null, GasComplianceStatus.Compliant)] // booked for today
    [InlineData("2026-02-09", "2026-02-09", null, GasComplianceStatus.Compliant)] // booked for the day before the deadline
    [InlineData("2026-01-05", "2026-02-10", null, GasComplianceStatus.Due)] // booked on the deadline day: no room to retry
    [InlineData("2026-01-05", "2026-01-04", null, GasComplianceStatus.Due)] // past appointment, nothing reported
    [InlineData("2026-01-05", null, AccessOutcome.NoAccess, GasComplianceStatus.NoAccess)]
    [InlineData("2026-01-05", "2026-01-20", AccessOutcome.NoAccess, GasComplianceStatus.NoAccess)] // rebooked, still not done
    [InlineData("2025-11-01", null, AccessOutcome.NoAccess, GasComplianceStatus.NoAccess)] // failed even before the threshold
    [InlineData("2026-02-11", null, AccessOutcome.NoAccess, GasComplianceStatus.Overdue)] // overdue outranks no access
    [InlineData("2026-01-05", "2026-01-20", AccessOutcome.Pending, GasComplianceStatus.Compliant)]
    public void Evaluate_AcrossTheDeadline(string asOf, string? appointment, AccessOutcome? latest, GasComplianceStatus expected)
    {
        var status = GasComplianceEvaluator.Evaluate(
            D("2026-02-10"), D(asOf), appointment is null ? null : D(appointment), latest, Period.FromMonths(2));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData("2026-01-10", GasComplianceStatus.Compliant)] // 31 days away
    [InlineData("2026-01-11", GasComplianceStatus.Due)] // 30 days away
    public void Evaluate_ThresholdInDays(string asOf, GasComplianceStatus expected) =>
        Assert.Equal(expected, GasComplianceEvaluator.Evaluate(D("2026-02-10"), D(asOf), null, null, Period.FromDays(30)));

    [Fact]
    public void Evaluate_NoKnownCheckIsOverdue() =>
        Assert.Equal(GasComplianceStatus.Overdue, GasComplianceEvaluator.Evaluate(null, D("2026-01-05"), D("2026-01-20"), null, Period.FromMonths(2)));

    [Fact]
    public void Evaluate_TwentyNinthFebruaryDeadline()
    {
        // Last check effective 29 Feb 2028: deadline 28 Feb 2029, in date on the 28th, overdue on 1 March.
        var deadline = GasSafetyRecord.Rule.Deadline(D("2028-02-29"));
        Assert.Equal(GasComplianceStatus.Due, GasComplianceEvaluator.Evaluate(deadline, D("2029-02-28"), null, null, Period.FromMonths(2)));
        Assert.Equal(GasComplianceStatus.Overdue, GasComplianceEvaluator.Evaluate(deadline, D("2029-03-01"), null, null, Period.FromMonths(2)));
    }

    [Fact]
    public void DefaultDueSoon_IsTheEarlyWindow() => Assert.Equal(Period.FromMonths(2), GasComplianceEvaluator.DefaultDueSoon);

    [Fact]
    public void Evaluate_RefusesANonPositiveThreshold() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            GasComplianceEvaluator.Evaluate(D("2026-02-10"), D("2026-01-05"), null, null, Period.Zero));
}
