using Scheduler.Domain.Calendars;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Calendars;

/// <summary>A follow-up's dates once its parent visit is reported done (<see cref="FollowUpRule.DueAfter"/>).</summary>
public class FollowUpRuleTests
{
    private static readonly FollowUpRule Sweep = new("path-sweep", 1);

    // The sweep of the cut aimed at Thursday 1 April 2027 (window 1-15 April), as planned.
    private static readonly ServiceWindow Planned = new(D("2027-04-02"), D("2027-04-16"));

    [Fact]
    public void DueAfter_CutDoneInItsWindow_SweepIsDueTheNextWorkingDay()
    {
        // Friday 9 April: the sweep is due Monday 12 April, no longer open until 16 April.
        var (window, target) = Sweep.DueAfter(Planned, D("2027-04-09"), EnglandAndWales);
        Assert.Equal(new ServiceWindow(D("2027-04-02"), D("2027-04-12")), window);
        Assert.Equal(D("2027-04-12"), target);
    }

    [Fact]
    public void DueAfter_CutDoneAfterItsWindow_SweepStaysOpenUntilAWorkingDayAfterTheCut()
    {
        // The cut was late (Tuesday 20 April); the sweep is not late until a working day after it.
        var (window, target) = Sweep.DueAfter(Planned, D("2027-04-20"), EnglandAndWales);
        Assert.Equal(new ServiceWindow(D("2027-04-02"), D("2027-04-21")), window);
        Assert.Equal(D("2027-04-21"), target);
    }

    [Fact]
    public void DueAfter_CutDoneBeforeTheSweepOpens_SweepIsDueOnItsFirstDay()
    {
        // The May window opens on Saturday 1 May; with Monday 3 May a bank holiday the cut is aimed at Tuesday 4 May
        // and its sweep opens Wednesday 5 May (its key). A cut done on Saturday 1 May leaves the sweep due on 5 May.
        var planned = new ServiceWindow(D("2027-05-05"), D("2027-05-17"));
        var (window, target) = Sweep.DueAfter(planned, D("2027-05-01"), EnglandAndWales);
        Assert.Equal(new ServiceWindow(D("2027-05-05"), D("2027-05-05")), window);
        Assert.Equal(D("2027-05-05"), target);
    }

    [Fact]
    public void DueAfter_CountsItsOwnWorkingDays()
    {
        // Two working days after Thursday 25 March 2027: Friday 26 (Good Friday) and Monday 29 (Easter Monday) are
        // bank holidays, so Tuesday 30 and Wednesday 31 March.
        var (window, target) = new FollowUpRule("path-sweep", 2).DueAfter(new ServiceWindow(D("2027-03-02"), D("2027-04-05")), D("2027-03-25"), EnglandAndWales);
        Assert.Equal(D("2027-03-31"), window.End);
        Assert.Equal(D("2027-03-31"), target);
    }
}
