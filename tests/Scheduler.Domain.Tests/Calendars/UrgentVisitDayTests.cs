using NodaTime;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using static Scheduler.Domain.Tests.Planning.PlanningEstate;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Calendars;

/// <summary>
/// An urgent gas visit (a home overdue on the day of planning, or with no check known) is projected on the day the booking
/// can book it, not on its window's first working day (docs/gas-safety.md, The urgent visit's day): the overdue notice of
/// 5 working days (8 by post), bank holidays skipped; the next check's projection counts from that day. A home still in
/// date that day, and a schedule without an appointment policy, keep the window's first working day.
/// </summary>
public class UrgentVisitDayTests
{
    private static readonly AppointmentPolicy Policy = new(["AM", "PM"], Period.FromDays(14), 3);

    // Friday 28 May 2027; Monday 31 May 2027 is the Spring bank holiday.
    private static readonly LocalDate Friday = D("2027-05-28");

    private static List<Occurrence> Expand(LocalDate asOf, AppointmentPolicy? policy, params Home[] homes) =>
        [.. new OccurrenceExpander(Config([GasSafety() with { Appointment = policy }]), EnglandAndWales)
            .Expand(Register(homes: homes), asOf, asOf.PlusMonths(14), asOf)];

    private static (ServiceWindow Window, LocalDate Target)[] Visits(List<Occurrence> all, string home) =>
        [.. all.Where(o => o.AssetId == home).Select(o => (o.Window, o.TargetDate))];

    [Fact]
    public void OverdueOnAFridayBeforeABankHolidayMonday_AimedAtTheDayTheBookingBooks_EmailedAndByPost()
    {
        var all = Expand(
            Friday,
            Policy,
            Home("emailed", D("2026-05-01")),
            Home("posted", D("2026-05-01")) with { LettersByPost = true },
            Home("never", null));

        // Emailed: 5 working days after Friday 28 May, Monday 31 May skipped: Monday 7 June. The next deadline is 12 months
        // after that visit (a late check counts from its own day): 7 June 2028, booked in its early window.
        Assert.Equal(
            [(new ServiceWindow(Friday, D("2027-06-10")), D("2027-06-07")), (new ServiceWindow(D("2028-04-08"), D("2028-06-06")), D("2028-04-10"))],
            Visits(all, "emailed"));

        // By post: 3 working days more for the letter to arrive: Thursday 10 June, the window's last day.
        Assert.Equal(
            [(new ServiceWindow(Friday, D("2027-06-10")), D("2027-06-10")), (new ServiceWindow(D("2028-04-11"), D("2028-06-09")), D("2028-04-11"))],
            Visits(all, "posted"));

        // No check known: booked as an overdue home is.
        Assert.Equal(D("2027-06-07"), Visits(all, "never")[0].Target);
    }

    [Fact]
    public void TheTargetIsTheBookingsOwnEarliestDay()
    {
        var planner = new GasAppointmentPlanner(Policy with { Engineers = new Dictionary<string, int> { ["north"] = 1 } }, new Dictionary<string, int> { ["north"] = 1 }, EnglandAndWales);
        foreach (var byPost in new[] { false, true })
        {
            var request = new GasVisitRequest("h", "north", D("2027-04-30"), new ServiceWindow(Friday, D("2027-06-10"))) { ByPost = byPost };
            var booked = Assert.Single(planner.Plan([request], Friday).Booked);
            var home = Home("h", D("2026-04-30")) with { LettersByPost = byPost };
            Assert.Equal(booked.Attempt.Date, Visits(Expand(Friday, Policy, home), "h")[0].Target);
        }
    }

    [Fact]
    public void EarliestBookableDayAfterTheUrgentWindow_TheWindowsFirstWorkingDayAsBefore()
    {
        // Wednesday 23 December 2026: by post 8 working days run past Christmas, Boxing Day (substitute Monday 28) and New
        // Year's Day to Thursday 7 January, after the 14-day window (to 5 January): the target stays 23 December. Emailed, 5
        // working days give Monday 4 January, inside it.
        var asOf = D("2026-12-23");
        var all = Expand(asOf, Policy, Home("emailed", D("2025-11-01")), Home("posted", D("2025-11-01")) with { LettersByPost = true });
        Assert.Equal(D("2027-01-04"), Visits(all, "emailed")[0].Target);
        Assert.Equal((new ServiceWindow(asOf, D("2027-01-05")), asOf), Visits(all, "posted")[0]);
    }

    [Fact]
    public void DeadlineNearerThanTheEarliestBookableDay_KeepsTheWindowsFirstWorkingDay()
    {
        // Deadline today (28 May 2027): still in date, so the booking books it at the full notice or reports it too late;
        // its urgent window (no working day is left before the deadline) keeps its first working day, by post too.
        var all = Expand(Friday, Policy, Home("due", D("2026-05-28")), Home("duePost", D("2026-05-28")) with { LettersByPost = true });
        Assert.Equal((new ServiceWindow(Friday, D("2027-06-10")), Friday), Visits(all, "due")[0]);
        Assert.Equal((new ServiceWindow(Friday, D("2027-06-10")), Friday), Visits(all, "duePost")[0]);
    }

    [Fact]
    public void ScheduleWithoutAnAppointmentPolicy_Unchanged()
    {
        var all = Expand(Friday, policy: null, Home("h", D("2026-05-01")) with { LettersByPost = true });
        Assert.Equal((new ServiceWindow(Friday, D("2027-06-10")), Friday), Visits(all, "h")[0]);
    }

    [Fact]
    public void WithLetterRoutes_FirstTenantByIdDecides()
    {
        IReadOnlyList<Home> homes = [Home("h1", null), Home("h2", null), Home("h3", null), Home("h4", null)];
        static Tenant T(string id, string home, ContactChannel channel, string? email = "t@example.test") => new(id, home, id, email, null, channel, false, "en");
        var marked = EstateRegister.WithLetterRoutes(
            homes,
            [T("B", "h1", ContactChannel.Email), T("A", "h1", ContactChannel.Post), T("C", "h2", ContactChannel.Post, null), T("D", "h3", ContactChannel.Email)]);
        Assert.Equal([true, true, false, false], marked.Select(h => h.LettersByPost));
    }
}
