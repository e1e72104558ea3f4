using NodaTime;

using Scheduler.Domain.Sla;

using static Scheduler.Domain.Tests.Sla.SlaTime;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Sla;

public sealed class SlaEvaluationTests
{
    [Theory]
    // 4-hour emergency raised 00:30 BST on the October 2027 change day: due 03:30 GMT.
    [InlineData(SlaIds.RepairsEmergency, "2027-10-31T00:30+01", "2027-10-31T03:30Z", "2027-11-01T09:00", SlaStatus.OnTime)] // exactly at the deadline
    [InlineData(SlaIds.RepairsEmergency, "2027-10-31T00:30+01", "2027-10-31T03:31Z", "2027-11-01T09:00", SlaStatus.Late)]
    [InlineData(SlaIds.RepairsEmergency, "2027-10-31T00:30+01", "2027-10-31T02:45Z", "2027-11-01T09:00", SlaStatus.OnTime)]
    [InlineData(SlaIds.RepairsEmergency, "2027-10-31T00:30+01", null, "2027-10-31T03:30Z", SlaStatus.Open)] // at the deadline: not yet missed
    [InlineData(SlaIds.RepairsEmergency, "2027-10-31T00:30+01", null, "2027-10-31T03:31Z", SlaStatus.Overdue)]
    // Routine 17 days from Mon 1 Mar 2027 14:00: due by the end of Thu 18 Mar.
    [InlineData(SlaIds.RepairsRoutine, "2027-03-01T14:00", "2027-03-18T23:59", "2027-04-01T09:00", SlaStatus.OnTime)]
    [InlineData(SlaIds.RepairsRoutine, "2027-03-01T14:00", "2027-03-19T00:01", "2027-04-01T09:00", SlaStatus.Late)]
    [InlineData(SlaIds.RepairsRoutine, "2027-03-01T14:00", null, "2027-03-18T23:59", SlaStatus.Open)]
    [InlineData(SlaIds.RepairsRoutine, "2027-03-01T14:00", null, "2027-03-19T00:01", SlaStatus.Overdue)]
    // High-risk ASB raised Friday before Christmas 2027: respond by the end of Wed 29 Dec.
    [InlineData(SlaIds.AsbHighRiskRespond, "2027-12-24T16:00", "2027-12-29T17:00", "2028-01-10T09:00", SlaStatus.OnTime)]
    [InlineData(SlaIds.AsbHighRiskRespond, "2027-12-24T16:00", "2027-12-30T08:00", "2028-01-10T09:00", SlaStatus.Late)]
    [InlineData(SlaIds.AsbHighRiskRespond, "2027-12-24T16:00", null, "2027-12-28T12:00", SlaStatus.Open)]
    // Awaab's example: investigate by Fri 17 Apr 2026.
    [InlineData(SlaIds.AwaabDampMouldInvestigate, "2026-04-01T10:00", "2026-04-17T16:00", "2026-05-01T09:00", SlaStatus.OnTime)]
    [InlineData(SlaIds.AwaabDampMouldInvestigate, "2026-04-01T10:00", "2026-04-20T09:00", "2026-05-01T09:00", SlaStatus.Late)]
    [InlineData(SlaIds.AwaabDampMouldInvestigate, "2026-04-01T10:00", null, "2026-04-18T00:01", SlaStatus.Overdue)]
    public void Evaluate_AgainstRealDeadlines(string id, string raised, string? completed, string now, SlaStatus expected)
    {
        var raisedAt = At(raised);
        var due = SlaCatalog.Defaults[id].Due(raisedAt, London, EnglandAndWales);

        Assert.Equal(expected, SlaEvaluation.Evaluate(raisedAt, due, completed is null ? null : At(completed), At(now)));
    }

    [Fact]
    public void Evaluate_CompletedOneTickLate_Late()
    {
        var raised = At("2027-03-01T14:00");
        var due = raised + Duration.FromHours(4);

        Assert.Equal(SlaStatus.Late, SlaEvaluation.Evaluate(raised, due, due + Duration.Epsilon, due));
        Assert.Equal(SlaStatus.Overdue, SlaEvaluation.Evaluate(raised, due, null, due + Duration.Epsilon));
    }

    [Theory]
    [InlineData("2027-03-01", SlaStatus.OnTime)]
    [InlineData("2027-03-18", SlaStatus.OnTime)] // the last day
    [InlineData("2027-03-19", SlaStatus.Late)] // the day after: late, although its first instant is the deadline itself
    public void Evaluate_DateOnlyCompletion_OnTimeUpToTheDueDate(string completedOn, SlaStatus expected)
    {
        var routine = SlaCatalog.Defaults[SlaIds.RepairsRoutine];
        var raised = At("2027-03-01T14:00");
        var due = routine.Due(raised, London, EnglandAndWales);

        var status = SlaEvaluation.Evaluate(raised, due, SlaEvaluation.DateOnlyCompletion(D(completedOn), London), At("2027-05-01T09:00"));

        Assert.Equal(expected, status);
        Assert.Equal(D(completedOn) <= routine.Clock.DueDate(D("2027-03-01"), EnglandAndWales), status == SlaStatus.OnTime);
    }

    [Theory]
    [InlineData("2027-10-30T22:00+01", "2027-10-30", SlaStatus.OnTime)] // 4 h from 22:00 BST: 01:00 GMT next day covers the whole date
    [InlineData("2027-10-30T10:00+01", "2027-10-30", SlaStatus.Late)] // cannot show it was done by 14:00: cautiously late
    public void Evaluate_DateOnlyCompletion_HoursClock_Cautious(string raised, string completedOn, SlaStatus expected)
    {
        var raisedAt = At(raised);
        var due = SlaCatalog.Defaults[SlaIds.RepairsEmergency].Due(raisedAt, London, EnglandAndWales);

        Assert.Equal(expected, SlaEvaluation.Evaluate(raisedAt, due, SlaEvaluation.DateOnlyCompletion(D(completedOn), London), At("2027-12-01T09:00")));
    }

    [Fact]
    public void Evaluate_DueBeforeRaised_Throws()
    {
        var raised = At("2027-03-01T14:00");

        Assert.Throws<ArgumentException>(() => SlaEvaluation.Evaluate(raised, raised - Duration.FromSeconds(1), null, raised));
    }
}
