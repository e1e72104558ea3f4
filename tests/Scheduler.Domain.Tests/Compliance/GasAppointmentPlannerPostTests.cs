using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using static Scheduler.Domain.Tests.Compliance.GasPlanning;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Compliance;

/// <summary>
/// A visit whose letter goes by post is booked the post's delivery time (<c>postDays</c>, default 3 working days) later
/// than one whose letter is emailed, so the notice counts from the day the letter reaches the tenant; the deadline still
/// wins (branch <c>rebook29</c>; docs/gas-safety.md, Letters by post).
/// </summary>
public class GasAppointmentPlannerPostTests
{
    private static GasVisitRequest ByPost(GasVisitRequest home) => home with { ByPost = true };

    // Rebooking: 5 working days after the later of the failed visit and the day of planning, plus 3 working days by post.
    [Theory]
    [InlineData("2027-02-10", "2026-12-14", "2026-12-14", "2026-12-21", "2026-12-24")] // Mon → Mon (email); 8 working days → Thu 24 Dec
    [InlineData("2027-06-30", "2027-05-04", "2027-05-04", "2027-05-11", "2027-05-14")] // the demo's P023: Tue → Tue (email), Fri by post
    [InlineData("2027-02-10", "2026-12-21", "2026-12-21", "2026-12-30", "2027-01-05")] // Christmas Day, the Boxing Day substitute, New Year's Day skipped
    [InlineData("2027-02-10", "2026-12-14", "2026-12-17", "2026-12-24", "2026-12-31")] // reported 3 days late: counted from the report
    public void Plan_RebookingByPost_IsThePostsDeliveryTimeLater(string deadline, string failed, string asOf, string email, string post)
    {
        var home = Home("P1", deadline).WithFailures($"{failed} AM");
        var emailed = Assert.Single(Planner().Plan([home], D(asOf)).Booked);
        var posted = Assert.Single(Planner().Plan([ByPost(home)], D(asOf)).Booked);

        Assert.Equal((D(email), false, D(asOf)), (emailed.Attempt.Date, emailed.ShortNotice, emailed.LetterReaches));
        Assert.Equal((D(post), false), (posted.Attempt.Date, posted.ShortNotice));
        Assert.Equal(D(asOf), posted.Attempt.LetterDate);
        Assert.Equal(EnglandAndWales.AddWorkingDays(D(asOf), AppointmentPolicy.DefaultPostWorkingDays), posted.LetterReaches);
        Assert.Equal(GasAppointmentPlanner.RebookWorkingDays, EnglandAndWales.WorkingDaysBetween(posted.LetterReaches, posted.Attempt.Date));
    }

    [Fact]
    public void Plan_FirstBookingNearTheDeadlineByPost_CountsTheNoticeFromTheLettersArrival()
    {
        // Deadline 10 Feb 2027, planned Mon 4 Jan: emailed, 14 days → Mon 18 Jan. By post the letter arrives Thu 7 Jan → Thu 21 Jan.
        var emailed = Assert.Single(Planner().Plan([Home("P1", "2027-02-10")], D("2027-01-04")).Booked);
        var posted = Assert.Single(Planner().Plan([ByPost(Home("P1", "2027-02-10"))], D("2027-01-04")).Booked);
        Assert.Equal(D("2027-01-18"), emailed.Attempt.Date);
        Assert.Equal((D("2027-01-21"), "AM", D("2027-01-07"), false), (posted.Attempt.Date, posted.Attempt.Slot, posted.LetterReaches, posted.ShortNotice));
    }

    [Fact]
    public void Plan_FirstBookingWhoseWindowOpensLater_DoesNotMove()
    {
        // The window (11 Dec 2026 – 9 Feb 2027) opens well after the notice, by post too: the same day either way.
        var posted = Assert.Single(Planner().Plan([ByPost(Home("P1", "2027-02-10"))], D("2026-11-01")).Booked);
        Assert.Equal((D("2026-12-11"), "AM", false), (posted.Attempt.Date, posted.Attempt.Slot, posted.ShortNotice));
    }

    [Theory]
    [InlineData("2027-01-01", "2027-01-08", "2027-01-13")] // the demo's P008 and P080: New Year's Day; 5 working days → Fri 8 Jan, 8 → Wed 13 Jan
    [InlineData("2027-03-25", "2027-04-05", "2027-04-08")] // over Easter
    public void Plan_OverdueHomeByPost_IsThePostsDeliveryTimeLater(string asOf, string email, string post)
    {
        var emailed = Assert.Single(Planner().Plan([Home("P1", "2026-12-01")], D(asOf)).Booked);
        var posted = Assert.Single(Planner().Plan([ByPost(Home("P1", "2026-12-01"))], D(asOf)).Booked);
        Assert.Equal(D(email), emailed.Attempt.Date);
        Assert.Equal((D(post), false), (posted.Attempt.Date, posted.ShortNotice));
        Assert.Equal(GasAppointmentPlanner.OverdueNoticeWorkingDays, EnglandAndWales.WorkingDaysBetween(posted.LetterReaches, posted.Attempt.Date));
    }

    [Fact]
    public void Plan_OverdueRebookingByPost_IsThePostsDeliveryTimeLater()
    {
        var home = ByPost(Home("P1", "2026-12-01").WithFailures("2027-02-01 AM"));
        var posted = Assert.Single(Planner().Plan([home], D("2027-02-01")).Booked);
        Assert.Equal(D("2027-02-11"), posted.Attempt.Date); // 8 working days after Mon 1 Feb
        Assert.Equal(LimitOf(posted.Attempt.Date, home), posted.Attempt.Date);
    }

    [Fact]
    public void Plan_DeadlineLeavesNoRoomForThePost_BooksTheLatestSlotBeforeTheDeadlineAndSaysSo()
    {
        // Deadline Wed 10 Feb 2027, no access Mon 1 Feb. Emailed: Mon 8 Feb. By post 8 working days is Thu 11 Feb, after the
        // deadline: the latest slot that beats it, Tue 9 Feb PM, marked short notice (the letter arrives Thu 4 Feb).
        var home = Home("P1", "2027-02-10").WithFailures("2027-02-01 AM");
        var emailed = Assert.Single(Planner().Plan([home], D("2027-02-01")).Booked);
        var plan = Planner().Plan([ByPost(home)], D("2027-02-01"));
        var posted = Assert.Single(plan.Booked);

        Assert.Equal((D("2027-02-08"), "AM", false), (emailed.Attempt.Date, emailed.Attempt.Slot, emailed.ShortNotice));
        Assert.Equal((D("2027-02-09"), "PM", true, D("2027-02-04")), (posted.Attempt.Date, posted.Attempt.Slot, posted.ShortNotice, posted.LetterReaches));
        Assert.True(posted.Attempt.Date < posted.Deadline);
        Assert.Empty(plan.Unbooked);
    }

    [Fact]
    public void Plan_FullNoticeDaysAreFull_BooksTheLatestFreeShortNoticeSlot()
    {
        // No access Wed 27 Jan; by post the visit can be from Mon 8 Feb (8 working days), and 8–9 Feb are full. Emailed it
        // could be from Wed 3 Feb: the latest free slot of 3–5 Feb, Fri 5 Feb PM, short notice rather than unbooked.
        var home = ByPost(Home("P1", "2027-02-10").WithFailures("2027-01-27 AM"));
        var taken = new[] { "2027-02-08 AM", "2027-02-08 PM", "2027-02-09 AM", "2027-02-09 PM" }
            .Select(s => new SlotBooking("north", D(s.Split(' ')[0]), s.Split(' ')[1]));
        var posted = Assert.Single(Planner().Plan([home], D("2027-01-27"), taken).Booked);
        Assert.Equal((D("2027-02-05"), "PM", true), (posted.Attempt.Date, posted.Attempt.Slot, posted.ShortNotice));
    }

    [Fact]
    public void Plan_NoRoomEvenForAnEmail_IsTooLateAsBefore()
    {
        var home = ByPost(Home("P1", "2027-02-10").WithFailures("2027-02-05 AM"));
        var problem = Assert.Single(Planner().Plan([home], D("2027-02-05")).Unbooked);
        Assert.Equal(BookingProblemKind.TooLate, problem.Kind);
        Assert.StartsWith("attempt 2 must be at least 5 working days after the failed visit on 2027-02-05 and the day of planning, so no earlier than 2027-02-12", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ConfiguredPostDays_AreUsed()
    {
        var home = ByPost(Home("P1", "2027-02-10").WithFailures("2026-12-14 AM"));
        var posted = Assert.Single(Planner(policy: Shipped with { PostWorkingDays = 1 }).Plan([home], D("2026-12-14")).Booked);
        Assert.Equal(D("2026-12-22"), posted.Attempt.Date); // 6 working days
        var none = Assert.Single(Planner(policy: Shipped with { PostWorkingDays = 0 }).Plan([home], D("2026-12-14")).Booked);
        Assert.Equal(D("2026-12-21"), none.Attempt.Date); // as emailed
    }

    [Fact]
    public void LetterDay_ByPostWithLetterAheadEqualToTheNotice_GoesEarlierSoTheNoticeCountsFromArrival()
    {
        // letterAhead = notice = 14 days: an emailed letter for Mon 15 Mar 2027 goes Mon 1 Mar; by post it must arrive by then,
        // so it goes Wed 24 Feb (3 working days: 25, 26 Feb, 1 Mar).
        var policy = Shipped with { LetterAhead = Period.FromDays(14) };
        var home = Home("P1", "2027-04-30");
        Assert.Equal(D("2027-03-01"), Planner(policy: policy).LetterDay(home, D("2027-02-01"), D("2027-03-15")));
        Assert.Equal(D("2027-02-24"), Planner(policy: policy).LetterDay(ByPost(home), D("2027-02-01"), D("2027-03-15")));

        // Never before the day of booking; the shipped 3 weeks leaves room, so nothing moves.
        Assert.Equal(D("2027-02-26"), Planner(policy: policy).LetterDay(ByPost(home), D("2027-02-26"), D("2027-03-15")));
        var shipped = Shipped with { LetterAhead = Period.FromWeeks(3) };
        Assert.Equal(D("2027-02-22"), Planner(policy: shipped).LetterDay(ByPost(home), D("2027-02-01"), D("2027-03-15")));
    }

    [Fact]
    public void Constructor_RefusesNegativePostDays() =>
        Assert.Throws<ArgumentException>(() => Planner(policy: Shipped with { PostWorkingDays = -1 }));

    // The booking's day is within the overdue search from its earliest allowed day (LastBookableDay counts the post too).
    private static LocalDate LimitOf(LocalDate booked, GasVisitRequest home)
    {
        var last = Planner().LastBookableDay(home, D("2027-02-01"));
        Assert.Equal(booked.PlusDays(GasAppointmentPlanner.OverdueSearchDays - 1), last);
        return booked;
    }
}
