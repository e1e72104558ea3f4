using Scheduler.Domain.Calendars;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Calendars;

/// <summary>A follow-up's dates once its parent visit is reported done (<see cref="FollowUpRule.AfterVisit"/>).</summary>
public class FollowUpRuleTests
{
    private static readonly FollowUpRule Sweep = new("path-sweep", 1);

    // The sweep of the cut aimed at Thursday 1 April 2027 (window 1-15 April), as planned: aimed at Friday 2 April.
    private static readonly ServiceWindow Planned = new(D("2027-04-02"), D("2027-04-16"));

    [Fact]
    public void AfterVisit_CutDoneOnItsTarget_ChangesNothing()
    {
        Assert.Equal((Planned, D("2027-04-02")), Sweep.AfterVisit(Planned, D("2027-04-02"), D("2027-04-01"), EnglandAndWales));
    }

    [Fact]
    public void AfterVisit_CutDoneLaterInItsWindow_AimsTheSweepAWorkingDayAfterItAndKeepsItsWindow()
    {
        // Friday 9 April: the sweep is aimed at Monday 12 April; the window the contractor was sent (to 16 April) stays.
        Assert.Equal((Planned, D("2027-04-12")), Sweep.AfterVisit(Planned, D("2027-04-02"), D("2027-04-09"), EnglandAndWales));
    }

    [Fact]
    public void AfterVisit_CutDoneAfterItsWindow_SweepStaysOpenUntilAWorkingDayAfterTheCut()
    {
        // The cut was late (Thursday 15 April's window end passed; done Tuesday 20 April): the sweep is not late until
        // Wednesday 21 April.
        var (window, target) = Sweep.AfterVisit(Planned, D("2027-04-02"), D("2027-04-20"), EnglandAndWales);
        Assert.Equal(new ServiceWindow(D("2027-04-02"), D("2027-04-21")), window);
        Assert.Equal(D("2027-04-21"), target);
    }

    [Fact]
    public void AfterVisit_CutDoneBeforeItsTarget_ChangesNothing()
    {
        // The May window opens on Saturday 1 May; with Monday 3 May a bank holiday the cut is aimed at Tuesday 4 May and
        // its sweep at Wednesday 5 May (its window's start, in its key). A cut done on Saturday 1 May moves nothing.
        var planned = new ServiceWindow(D("2027-05-05"), D("2027-05-17"));
        Assert.Equal((planned, D("2027-05-05")), Sweep.AfterVisit(planned, D("2027-05-05"), D("2027-05-01"), EnglandAndWales));
    }

    [Fact]
    public void AfterVisit_CountsItsOwnWorkingDays()
    {
        // Two working days after Thursday 25 March 2027: Friday 26 (Good Friday) and Monday 29 (Easter Monday) are
        // bank holidays, so Tuesday 30 and Wednesday 31 March, past the window planned to end on the 30th.
        var (window, target) = new FollowUpRule("path-sweep", 2)
            .AfterVisit(new ServiceWindow(D("2027-03-03"), D("2027-03-30")), D("2027-03-03"), D("2027-03-25"), EnglandAndWales);
        Assert.Equal(new ServiceWindow(D("2027-03-03"), D("2027-03-31")), window);
        Assert.Equal(D("2027-03-31"), target);
    }
}
