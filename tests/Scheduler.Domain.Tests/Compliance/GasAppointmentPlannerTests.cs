using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using static Scheduler.Domain.Tests.Compliance.GasPlanning;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Compliance;

public class GasAppointmentPlannerTests
{
    // Deadline 10 Feb 2027: booking window Fri 11 Dec 2026 – Tue 9 Feb 2027 (61 days, first half to Sun 10 Jan).
    [Theory]
    [InlineData("2027-02-10", "2026-11-01", "2026-12-11", true)] // the window's first day, a Friday
    [InlineData("2027-02-10", "2026-12-01", "2026-12-15", true)] // 14 days' notice from 1 Dec
    [InlineData("2027-02-10", "2027-01-04", "2027-01-18", false)] // notice pushes it into the second half
    [InlineData("2027-02-24", "2026-11-01", "2026-12-29", true)] // window opens Christmas Day; 26–27 weekend, 28 Boxing Day substitute
    [InlineData("2027-05-25", "2027-01-01", "2027-03-30", true)] // window opens Good Friday; Easter Monday skipped
    [InlineData("2027-01-03", "2026-10-01", "2026-11-04", true)] // window opens Wed 4 Nov
    public void Plan_FirstVisitOnTheEarliestWorkingDayOfTheWindow(string deadline, string asOf, string expected, bool firstHalf)
    {
        var plan = Planner().Plan([Home("P1", deadline)], D(asOf));
        var booking = Assert.Single(plan.Booked);
        Assert.Equal(D(expected), booking.Attempt.Date);
        Assert.Equal("AM", booking.Attempt.Slot);
        Assert.Equal(firstHalf, booking.InFirstHalf);
        Assert.Equal(1, booking.Attempt.Number);
        Assert.Equal(LetterKind.First, booking.Attempt.Letter);
        Assert.Equal(D(asOf), booking.Attempt.LetterDate);
        Assert.Equal(AccessOutcome.Pending, booking.Attempt.Outcome);
        Assert.Empty(plan.Unbooked);
        Assert.Empty(plan.Escalations);
    }

    [Fact]
    public void Plan_FillsSlotsThenDaysInDeadlineOrder()
    {
        // One engineer, AM and PM: two visits a working day. Listed in reverse; planned by deadline, then id.
        var homes = new[] { Home("P4", "2027-02-12"), Home("P3", "2027-02-11"), Home("P2", "2027-02-10"), Home("P1", "2027-02-10") };
        var plan = Planner(engineersNorth: 1).Plan(homes, D("2026-11-01"));
        var got = plan.Booked.Select(b => $"{b.HomeId} {b.Attempt.Date:uuuu-MM-dd} {b.Attempt.Slot}");

        // P1, P2: window opens Fri 11 Dec. P3 (opens Sat 12 Dec) → Mon 14 Dec. P4 → Mon 14 Dec PM.
        Assert.Equal(["P1 2026-12-11 AM", "P2 2026-12-11 PM", "P3 2026-12-14 AM", "P4 2026-12-14 PM"], got);
    }

    [Fact]
    public void Plan_WhenTheFirstHalfIsFullBooksLaterInTheWindow()
    {
        // From 1 Dec with 14 days' notice the first half of the 10 Feb window runs Tue 15 Dec – Sun 10 Jan:
        // 15–18, 21–24, 29–31 Dec, 4–8 Jan = 16 working days = 32 slots for one engineer.
        var homes = Enumerable.Range(1, 33).Select(i => Home($"P{i:00}", "2027-02-10")).ToList();
        var plan = Planner(engineersNorth: 1).Plan(homes, D("2026-12-01"));
        Assert.Equal(33, plan.Booked.Count);
        Assert.Equal(32, plan.Booked.Count(b => b.InFirstHalf));
        var last = plan.Booked[^1];
        Assert.Equal(("P33", D("2027-01-11"), "AM", false), (last.HomeId, last.Attempt.Date, last.Attempt.Slot, last.InFirstHalf));
    }

    [Fact]
    public void Plan_WindowFullReportsNoCapacityForTheLatestDeadline()
    {
        // Planned on 20 Jan 2027: 14 days' notice → Wed 3 Feb; last bookable day Tue 9 Feb. 5 working days × 2 slots.
        // The home listed first is planned last: same deadline, last id.
        var homes = Enumerable.Range(1, 10).Select(i => Home($"P{i:00}", "2027-02-10")).Prepend(Home("Z-LAST", "2027-02-10")).ToList();
        var plan = Planner(engineersNorth: 1).Plan(homes, D("2027-01-20"));
        Assert.Equal(10, plan.Booked.Count);
        Assert.All(plan.Booked, b => Assert.InRange(b.Attempt.Date, D("2027-02-03"), D("2027-02-09")));
        var problem = Assert.Single(plan.Unbooked);
        Assert.Equal("Z-LAST", problem.HomeId);
        Assert.Equal(BookingProblemKind.NoCapacity, problem.Kind);
        Assert.Equal(
            "no capacity: every slot on the 5 working days from 2027-02-03 to 2027-02-09 is booked (1 engineers × 2 slots a day in area north); deadline 2027-02-10",
            problem.Reason);
    }

    [Fact]
    public void Plan_TakenSlotsCountAgainstCapacity()
    {
        var taken = new[] { new SlotBooking("north", D("2026-12-11"), "AM"), new SlotBooking("north", D("2026-12-11"), "PM") };
        var plan = Planner(engineersNorth: 1).Plan([Home("P1", "2027-02-10")], D("2026-11-01"), taken);
        Assert.Equal(D("2026-12-14"), Assert.Single(plan.Booked).Attempt.Date);
    }

    [Fact]
    public void Plan_AreasHaveTheirOwnCapacity()
    {
        var plan = Planner(engineersNorth: 1).Plan(
            [Home("N1", "2027-02-10"), Home("N2", "2027-02-10"), Home("N3", "2027-02-10"), Home("S1", "2027-02-10", "south"), Home("S2", "2027-02-10", "south")],
            D("2026-11-01"));
        var got = plan.Booked.ToDictionary(b => b.HomeId, b => $"{b.Attempt.Date:uuuu-MM-dd} {b.Attempt.Slot}");
        Assert.Equal("2026-12-14 AM", got["N3"]); // north: 1 engineer, 2 slots on Fri 11 Dec
        Assert.Equal("2026-12-11 AM", got["S2"]); // south: 2 engineers share the AM slot
    }

    // Rebooking: at least 5 working days after the later of the failed visit and the day of planning.
    [Theory]
    [InlineData("2026-12-14", "2026-12-14", "2026-12-21")] // Mon → next Mon
    [InlineData("2026-12-21", "2026-12-21", "2026-12-30")] // Christmas Day and the Boxing Day substitute are skipped
    [InlineData("2026-12-14", "2026-12-17", "2026-12-24")] // reported 3 days late: counted from the report
    [InlineData("2026-12-11", "2026-12-11", "2026-12-18")] // Fri → Fri
    public void Plan_RebooksAtLeastFiveWorkingDaysLater(string failed, string asOf, string expected)
    {
        var home = Home("P1", "2027-02-10").WithFailures($"{failed} AM");
        var booking = Assert.Single(Planner().Plan([home], D(asOf)).Booked);
        Assert.Equal(D(expected), booking.Attempt.Date);
        Assert.Equal(2, booking.Attempt.Number);
        Assert.Equal(LetterKind.Second, booking.Attempt.Letter);
        Assert.True(EnglandAndWales.WorkingDaysBetween(D(failed), booking.Attempt.Date) >= GasAppointmentPlanner.RebookWorkingDays);
    }

    [Fact]
    public void Plan_ThirdAttemptGetsTheThirdLetter()
    {
        var home = Home("P1", "2027-02-10").WithFailures("2026-12-11 AM", "2026-12-18 PM");
        var booking = Assert.Single(Planner().Plan([home], D("2026-12-18")).Booked);
        Assert.Equal((3, LetterKind.Third, D("2026-12-29")), (booking.Attempt.Number, booking.Attempt.Letter, booking.Attempt.Date));
    }

    [Fact]
    public void Plan_EscalatesAfterThreeFailedAttemptsWithTheEvidence()
    {
        var home = Home("P1", "2027-02-10").WithFailures("2026-12-11 AM", "2026-12-18 PM", "2026-12-29 AM");
        var plan = Planner().Plan([home], D("2026-12-29"));
        Assert.Empty(plan.Booked);
        Assert.Empty(plan.Unbooked);
        var escalation = Assert.Single(plan.Escalations);
        Assert.Equal(home.Attempts, escalation.Evidence);
        Assert.Equal([LetterKind.First, LetterKind.Second, LetterKind.Third], escalation.Evidence.Select(a => a.Letter));
        Assert.Equal(D("2026-12-29"), escalation.Date);
        Assert.Equal(
            "3 attempts, no access on 2026-12-11 AM, 2026-12-18 PM, 2026-12-29 AM; deadline 2027-02-10: escalate to the compliance manager",
            escalation.Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Plan_EscalatesAfterTheConfiguredAttempts(int attempts)
    {
        var policy = Shipped with { Attempts = attempts };
        var failed = Enumerable.Range(0, attempts).Select(i => $"{D("2026-12-11").PlusWeeks(i):uuuu-MM-dd} AM").ToArray();
        var beforeLast = Home("P1", "2027-02-10").WithFailures(failed[..^1]);
        var atLast = Home("P2", "2027-02-10").WithFailures(failed);
        var plan = Planner(policy: policy).Plan([beforeLast, atLast], D("2027-01-08"));
        Assert.Equal("P1", Assert.Single(plan.Booked).HomeId);
        Assert.Equal("P2", Assert.Single(plan.Escalations).HomeId);
    }

    [Fact]
    public void Plan_RebookThatCannotFitBeforeTheDeadlineIsReported()
    {
        var home = Home("P1", "2027-02-10").WithFailures("2027-02-05 AM");
        var problem = Assert.Single(Planner().Plan([home], D("2027-02-05")).Unbooked);
        Assert.Equal((BookingProblemKind.TooLate, 2), (problem.Kind, problem.AttemptNumber));
        Assert.Equal(
            "attempt 2 must be at least 5 working days after the failed visit on 2027-02-05 and the day of planning, so no earlier than 2027-02-12, "
            + "but the last day it can be booked is 2027-02-09 (window 2026-12-11..2027-02-09, deadline 2027-02-10): arrange the check by hand before the deadline",
            problem.Reason);
    }

    [Theory]
    [InlineData("2027-01-27")] // notice lands on the deadline day
    [InlineData("2027-02-10")] // the deadline day itself: still in date, so never booked on or after it
    public void Plan_TooLateIsReported(string asOf)
    {
        var plan = Planner().Plan([Home("P1", "2027-02-10")], D(asOf));
        Assert.Empty(plan.Booked);
        Assert.Equal(BookingProblemKind.TooLate, Assert.Single(plan.Unbooked).Kind);
    }

    // Deadline Wed 10 Feb 2027 passed: the letter needs 5 working days (not the routine 14 days), the window no longer bounds it.
    [Theory]
    [InlineData("2027-02-11", "2027-02-18")] // Thu → Thu a week later
    [InlineData("2027-03-25", "2027-04-05")] // over Easter: Good Friday 26 Mar and Easter Monday 29 Mar skipped
    [InlineData("2027-12-20", "2027-12-29")] // over Christmas: 27 and 28 Dec are the substitute bank holidays
    public void Plan_OverdueHome_IsBookedOnTheEarliestFreeSlotAfterAShortNotice(string asOf, string expected)
    {
        var plan = Planner().Plan([Home("P1", "2027-02-10")], D(asOf));

        var booking = Assert.Single(plan.Booked);
        Assert.Equal((D(expected), "AM", 1, LetterKind.First, D(asOf)), (booking.Attempt.Date, booking.Attempt.Slot, booking.Attempt.Number, booking.Attempt.Letter, booking.Attempt.LetterDate));
        Assert.False(booking.InFirstHalf);
        Assert.Equal(D("2027-02-10"), booking.Deadline);
        Assert.Equal(GasAppointmentPlanner.OverdueNoticeWorkingDays, EnglandAndWales.WorkingDaysBetween(D(asOf), booking.Attempt.Date));
        Assert.Empty(plan.Unbooked);
        Assert.Empty(plan.Escalations);
    }

    [Fact]
    public void Plan_OverdueHomeWithAShortRoutineNotice_KeepsTheShorterNotice()
    {
        var plan = Planner(policy: Shipped with { Notice = Period.FromDays(2) }).Plan([Home("P1", "2027-02-10")], D("2027-02-11"));
        Assert.Equal(D("2027-02-15"), Assert.Single(plan.Booked).Attempt.Date); // Thu + 2 days = Sat: the next working day, Mon
    }

    [Fact]
    public void Plan_OverdueHomes_ComeFirstAndFillTheSlotsInDeadlineOrder()
    {
        var taken = new[] { new SlotBooking("north", D("2027-02-18"), "AM") };
        var homes = new[] { Home("P3", "2027-04-20"), Home("P2", "2027-02-01"), Home("P1", "2027-02-10") };

        var plan = Planner(engineersNorth: 1).Plan(homes, D("2027-02-11"), taken);

        Assert.Equal(
            [("P2", D("2027-02-18"), "PM"), ("P1", D("2027-02-19"), "AM"), ("P3", D("2027-02-25"), "AM")],
            plan.Booked.Select(b => (b.HomeId, b.Attempt.Date, b.Attempt.Slot)));
    }

    [Fact]
    public void Plan_OverdueHomeAfterTheLastAttempt_IsEscalatedAndBookedAgainWithTheThirdLetter()
    {
        var home = Home("P1", "2027-02-10").WithFailures("2026-12-11 AM", "2026-12-18 PM", "2026-12-29 AM");

        var plan = Planner().Plan([home], D("2027-02-11"));

        Assert.Equal(home.Attempts, Assert.Single(plan.Escalations).Evidence);
        var booking = Assert.Single(plan.Booked);
        Assert.Equal((4, LetterKind.Third, D("2027-02-18")), (booking.Attempt.Number, booking.Attempt.Letter, booking.Attempt.Date));
        Assert.Empty(plan.Unbooked);
    }

    [Fact]
    public void Plan_OverdueHomeAfterAFailedVisit_RebooksFiveWorkingDaysAfterIt()
    {
        var home = Home("P1", "2027-02-10").WithFailures("2027-02-18 AM");
        var booking = Assert.Single(Planner().Plan([home], D("2027-02-18")).Booked);
        Assert.Equal((2, LetterKind.Second, D("2027-02-25")), (booking.Attempt.Number, booking.Attempt.Letter, booking.Attempt.Date));
    }

    [Fact]
    public void Plan_OverdueHomeWithoutEngineersOrFreeSlots_IsReportedWithTheReason()
    {
        var noEngineers = Assert.Single(Planner().Plan([Home("P1", "2027-02-10", "east")], D("2027-02-11")).Unbooked);
        var full = Enumerable.Range(0, GasAppointmentPlanner.OverdueSearchDays)
            .SelectMany(i => new[] { new SlotBooking("north", D("2027-02-18").PlusDays(i), "AM"), new SlotBooking("north", D("2027-02-18").PlusDays(i), "PM") });
        var noCapacity = Assert.Single(Planner().Plan([Home("P1", "2027-02-10")], D("2027-02-11"), full).Unbooked);

        Assert.Equal(
            (BookingProblemKind.NoEngineers, "no gas engineers are configured for area east; the home is overdue since 2027-02-11: arrange the check by hand now"),
            (noEngineers.Kind, noEngineers.Reason));
        Assert.Equal(
            (BookingProblemKind.NoCapacity, "no capacity: every slot on the 38 working days from 2027-02-18 to 2027-04-14 is booked (1 engineers × 2 slots a day in area north); the home is overdue since 2027-02-11: arrange the check by hand now"),
            (noCapacity.Kind, noCapacity.Reason));
    }

    [Theory]
    [InlineData("2027-02-09", "2027-02-09")] // in date: the day before the deadline
    [InlineData("2027-02-11", "2027-04-14")] // overdue: 56 days from Thu 18 Feb
    public void LastBookableDay_InDateOrOverdue(string asOf, string expected) =>
        Assert.Equal(D(expected), Planner().LastBookableDay(Home("P1", "2027-02-10"), D(asOf)));

    [Theory]
    [InlineData("2026-11-01", "2026-12-11")] // in date: the window's start (the notice allows 15 Nov)
    [InlineData("2026-12-01", "2026-12-15")] // in date: 14 days' notice from 1 Dec
    [InlineData("2027-02-11", "2027-02-18")] // overdue: 5 working days' short notice
    public void FirstBookableDay_InDateOrOverdue(string asOf, string expected) =>
        Assert.Equal(D(expected), Planner().FirstBookableDay(Home("P1", "2027-02-10"), D(asOf)));

    [Fact]
    public void FirstBookableDay_AfterNoAccess_IsTheRebookingGap() =>
        Assert.Equal(D("2026-12-21"), Planner().FirstBookableDay(Home("P1", "2027-02-10").WithFailures("2026-12-14 AM"), D("2026-12-14")));

    [Fact]
    public void Plan_LastDayBeforeTheDeadlineCanBeBooked()
    {
        // 26 Jan + 14 days = Tue 9 Feb, the day before the deadline.
        var booking = Assert.Single(Planner().Plan([Home("P1", "2027-02-10")], D("2027-01-26")).Booked);
        Assert.Equal(D("2027-02-09"), booking.Attempt.Date);
    }

    [Fact]
    public void Plan_NeverOnTheDeadlineDayEvenWhenTheWindowIncludesIt()
    {
        var home = new GasVisitRequest("P1", "north", D("2027-02-10"), new ServiceWindow(D("2027-02-10"), D("2027-02-20")));
        Assert.Equal(BookingProblemKind.TooLate, Assert.Single(Planner().Plan([home], D("2026-11-01")).Unbooked).Kind);
    }

    [Fact]
    public void Plan_AreaWithoutEngineersIsReported()
    {
        var problem = Assert.Single(Planner().Plan([Home("P1", "2027-02-10", "east")], D("2026-11-01")).Unbooked);
        Assert.Equal(BookingProblemKind.NoEngineers, problem.Kind);
        Assert.Equal("no gas engineers are configured for area east", problem.Reason);
    }

    [Fact]
    public void Plan_RefusesHomesThatDoNotNeedAVisit()
    {
        var pending = Home("P1", "2027-02-10") with
        {
            Attempts = [new AccessAttempt(1, D("2026-12-11"), "AM", LetterKind.First, D("2026-11-20"), AccessOutcome.Pending)],
        };
        var misnumbered = Home("P2", "2027-02-10") with
        {
            Attempts = [new AccessAttempt(2, D("2026-12-11"), "AM", LetterKind.First, D("2026-11-20"), AccessOutcome.NoAccess)],
        };
        Assert.Contains("attempt 1 is Pending", Assert.Throws<ArgumentException>(() => Planner().Plan([pending], D("2026-12-01"))).Message, StringComparison.Ordinal);
        Assert.Contains("numbered 2", Assert.Throws<ArgumentException>(() => Planner().Plan([misnumbered], D("2026-12-01"))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Planner().Plan([Home("P3", "2027-02-10"), Home("P3", "2027-03-10")], D("2026-12-01")));
    }

    [Fact]
    public void Constructor_RefusesABadPolicy()
    {
        var engineers = new Dictionary<string, int>();
        Assert.Throws<ArgumentException>(() => new GasAppointmentPlanner(Shipped with { Slots = [] }, engineers, EnglandAndWales));
        Assert.Throws<ArgumentException>(() => new GasAppointmentPlanner(Shipped with { Slots = ["AM", "AM"] }, engineers, EnglandAndWales));
        Assert.Throws<ArgumentException>(() => new GasAppointmentPlanner(Shipped with { Notice = Period.FromDays(-1) }, engineers, EnglandAndWales));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GasAppointmentPlanner(Shipped with { Attempts = 0 }, engineers, EnglandAndWales));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GasAppointmentPlanner(Shipped, new Dictionary<string, int> { ["north"] = -1 }, EnglandAndWales));
    }

    [Fact]
    public void CapacityPerDay_IsEngineersTimesSlots()
    {
        var planner = new GasAppointmentPlanner(new AppointmentPolicy(["AM", "PM", "EVE"], Period.FromDays(14), 3), new Dictionary<string, int> { ["north"] = 4 }, EnglandAndWales);
        Assert.Equal((12, 4, 0), (planner.CapacityPerDay("north"), planner.EngineersIn("north"), planner.CapacityPerDay("south")));
    }

    [Theory]
    [InlineData(1, LetterKind.First)]
    [InlineData(2, LetterKind.Second)]
    [InlineData(3, LetterKind.Third)]
    [InlineData(5, LetterKind.Third)]
    public void LetterFor_GetsFirmer(int number, LetterKind letter) => Assert.Equal(letter, AccessAttempt.LetterFor(number));
}
