using CsCheck;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Compliance;

/// <summary>Properties of the gas appointment planner on generated estates, capacities, histories and bookings.</summary>
public class GasAppointmentPlannerPropertyTests
{
    private static readonly LocalDate Base = D("2026-10-01");

    // "east" never has engineers, so unbooked homes are generated too.
    private static readonly string[] Areas = ["north", "south", "east"];

    private static readonly string[] Slots = ["AM", "PM"];

    // A home: deadline offset from Base, area, failed attempts so far, days since the last failure, and a shift of
    // the window's end (most windows end the day before the deadline; some callers may pass one that runs past it).
    private static readonly Gen<(int Deadline, int Area, int Failures, int DaysAgo, int EndShift)> AnyHome =
        Gen.Select(Gen.Int[0, 300], Gen.Int[0, 2], Gen.Int[0, 4], Gen.Int[0, 10], Gen.OneOf(Gen.Const(0), Gen.Int[-5, 5]));

    private static readonly Gen<SlotBooking> AnyTaken =
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 300], Gen.Int[0, 1], (a, d, s) => new SlotBooking(Areas[a], Base.PlusDays(d), Slots[s]));

    private static readonly Gen<Case> AnyCase = Gen.Select(
        AnyHome.List[0, 60],
        Gen.Int[0, 200],
        Gen.Int[0, 3],
        Gen.Int[0, 3],
        Gen.Int[1, 4],
        Gen.Int[0, 21],
        AnyTaken.List[0, 40],
        (homes, asOf, north, south, attempts, notice, taken) =>
        {
            var planDay = Base.PlusDays(asOf);
            var requests = homes.Select((h, i) =>
            {
                var request = GasVisitRequest.For($"P{i:000}", Areas[h.Area], Base.PlusDays(h.Deadline));
                var end = request.Window.End.PlusDays(h.EndShift);
                request = request with { Window = new ServiceWindow(request.Window.Start, end < request.Window.Start ? request.Window.Start : end) };
                var lastFailed = planDay.PlusDays(-h.DaysAgo);
                return request with
                {
                    Attempts =
                    [
                        .. Enumerable.Range(1, h.Failures).Select(n =>
                            new AccessAttempt(n, lastFailed.PlusWeeks(n - h.Failures), "AM", AccessAttempt.LetterFor(n), planDay.PlusDays(-30), AccessOutcome.NoAccess)),
                    ],
                };
            }).ToList();
            var policy = new AppointmentPolicy(Slots, Period.FromDays(notice), attempts);
            var engineers = new Dictionary<string, int> { ["north"] = north, ["south"] = south };
            return new Case(requests, planDay, taken, policy, engineers);
        });

    [Fact]
    public void Plan_NeverExceedsCapacity() =>
        AnyCase.Sample(c =>
        {
            var plan = c.Run();
            var newCounts = plan.Booked.GroupBy(b => b.Slot).ToDictionary(g => g.Key, g => g.Count());
            foreach (var (slot, added) in newCounts)
            {
                var before = c.Taken.Count(t => t == slot);
                var capacity = c.Engineers.GetValueOrDefault(slot.AreaId);
                Assert.True(before + added <= capacity, $"{slot}: {before} taken + {added} booked > {capacity}");
            }
        }, iter: 1000, print: c => c.ToString());

    [Fact]
    public void Plan_BooksWorkingDaysInsideTheWindowBeforeTheDeadline() =>
        AnyCase.Sample(c =>
        {
            var plan = c.Run();
            var homes = c.Homes.ToDictionary(h => h.HomeId);
            foreach (var booking in plan.Booked.Where(b => c.AsOf <= homes[b.HomeId].Deadline))
            {
                var home = homes[booking.HomeId];
                var date = booking.Attempt.Date;
                Assert.True(EnglandAndWales.IsWorkingDay(date), $"{booking.HomeId}: {date} is not a working day");
                Assert.True(home.Window.Contains(date), $"{booking.HomeId}: {date} outside {home.Window}");
                Assert.True(date < home.Deadline, $"{booking.HomeId}: {date} not before deadline {home.Deadline}");
                Assert.Contains(booking.Attempt.Slot, Slots);
                Assert.Equal(home.Attempts.Count + 1, booking.Attempt.Number);
                var earliest = home.Attempts.Count == 0
                    ? c.AsOf.Plus(c.Policy.Notice)
                    : EnglandAndWales.AddWorkingDays(Max(home.Attempts[^1].Date, c.AsOf), GasAppointmentPlanner.RebookWorkingDays);
                Assert.True(date >= earliest, $"{booking.HomeId}: {date} before the earliest allowed {earliest}");
            }
        }, iter: 1000, print: c => c.ToString());

    [Fact]
    public void Plan_BooksOverdueHomesOnWorkingDaysFromTheShortNoticeWithinTheSearch() =>
        AnyCase.Sample(c =>
        {
            var plan = c.Run();
            var homes = c.Homes.ToDictionary(h => h.HomeId);
            foreach (var booking in plan.Booked.Where(b => c.AsOf > homes[b.HomeId].Deadline))
            {
                var home = homes[booking.HomeId];
                var date = booking.Attempt.Date;
                var earliest = OverdueEarliest(c, home);
                Assert.True(EnglandAndWales.IsWorkingDay(date), $"{booking.HomeId}: {date} is not a working day");
                Assert.InRange(date, earliest, earliest.PlusDays(GasAppointmentPlanner.OverdueSearchDays - 1));
                Assert.Equal(home.Attempts.Count + 1, booking.Attempt.Number);
                Assert.Equal(home.Deadline, booking.Deadline);
            }
        }, iter: 1000, print: c => c.ToString());

    [Fact]
    public void Plan_AccountsForEveryHomeOnce() =>
        AnyCase.Sample(c =>
        {
            var plan = c.Run();
            // Escalated when the attempts ran out; planned (booked or unbooked) unless escalated while still in date.
            var planned = plan.Booked.Select(b => b.HomeId).Concat(plan.Unbooked.Select(u => u.HomeId)).Order(StringComparer.Ordinal);
            var escalated = plan.Escalations.Select(e => e.HomeId).Order(StringComparer.Ordinal);
            var outOfAttempts = c.Homes.Where(h => h.Attempts.Count >= c.Policy.Attempts).ToList();
            Assert.Equal(outOfAttempts.Select(h => h.HomeId).Order(StringComparer.Ordinal), escalated);
            Assert.Equal(
                c.Homes.Where(h => h.Attempts.Count < c.Policy.Attempts || c.AsOf > h.Deadline).Select(h => h.HomeId).Order(StringComparer.Ordinal),
                planned);
        }, iter: 1000, print: c => c.ToString());

    [Fact]
    public void Plan_ReportsNoCapacityOnlyWhenEverySlotIsFull() =>
        AnyCase.Sample(c =>
        {
            var plan = c.Run();
            var used = c.Taken.Concat(plan.Booked.Select(b => b.Slot)).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
            var homes = c.Homes.ToDictionary(h => h.HomeId);
            foreach (var problem in plan.Unbooked.Where(u => u.Kind == BookingProblemKind.NoCapacity))
            {
                var home = homes[problem.HomeId];
                var overdue = c.AsOf > home.Deadline;
                var earliest = overdue ? OverdueEarliest(c, home)
                    : home.Attempts.Count == 0 ? c.AsOf.Plus(c.Policy.Notice)
                    : EnglandAndWales.AddWorkingDays(Max(home.Attempts[^1].Date, c.AsOf), GasAppointmentPlanner.RebookWorkingDays);
                var (from, last) = overdue
                    ? (earliest, earliest.PlusDays(GasAppointmentPlanner.OverdueSearchDays - 1))
                    : (Max(earliest, home.Window.Start), Min(home.Window.End, home.Deadline.PlusDays(-1)));
                for (var d = from; d <= last; d = d.PlusDays(1))
                {
                    foreach (var slot in Slots.Where(_ => EnglandAndWales.IsWorkingDay(d)))
                    {
                        var key = new SlotBooking(home.AreaId, d, slot);
                        Assert.True(used.GetValueOrDefault(key) >= c.Engineers[home.AreaId], $"{problem.HomeId}: {key} had room");
                    }
                }
            }
        }, iter: 1000, print: c => c.ToString());

    // The same cases with every other home's letter by post and postDays 0–4 (branch rebook29).
    private static readonly Gen<Case> AnyPostCase = Gen.Select(AnyCase, Gen.Int[0, 4], (c, post) => c with
    {
        Policy = c.Policy with { PostWorkingDays = post },
        Homes = [.. c.Homes.Select((h, i) => h with { ByPost = i % 2 == 0 })],
    });

    [Fact]
    public void Plan_ByPost_CountsTheNoticeFromTheLettersArrivalUnlessTheDeadlineLeavesNoRoom() =>
        AnyPostCase.Sample(c =>
        {
            var plan = c.Run();
            var homes = c.Homes.ToDictionary(h => h.HomeId);
            var used = c.Taken.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
            foreach (var booking in plan.Booked)
            {
                used[booking.Slot] = used.GetValueOrDefault(booking.Slot) + 1;
                var home = homes[booking.HomeId];
                var date = booking.Attempt.Date;
                var post = home.ByPost ? c.Policy.PostWorkingDays : 0;
                var reaches = EnglandAndWales.AddWorkingDays(booking.Attempt.LetterDate, post);
                Assert.Equal(reaches, booking.LetterReaches);
                if (c.AsOf > home.Deadline)
                {
                    // Overdue: always the full notice from the arrival; no deadline left to beat.
                    Assert.False(booking.ShortNotice, $"{booking.HomeId}: overdue but short notice");
                    Assert.True(date >= OverdueEarliest(c, home), $"{booking.HomeId}: {date} before the overdue earliest");
                    continue;
                }

                // In date: never before the earliest an emailed letter allows, never on or after the deadline; short notice
                // only for a letter by post, and only before the earliest day of the full notice counted from its arrival.
                var email = InDateEarliest(c, home, 0);
                var full = InDateEarliest(c, home, post);
                Assert.True(date >= email, $"{booking.HomeId}: {date} before {email}");
                Assert.True(date < home.Deadline, $"{booking.HomeId}: {date} not before the deadline");
                Assert.Equal(date < full, booking.ShortNotice);
                Assert.True(!booking.ShortNotice || home.ByPost, $"{booking.HomeId}: emailed but short notice");
            }

            // A home at short notice had no free slot at the full notice before the deadline when it was planned; after
            // the whole plan, those slots are still full (capacity only fills up).
            foreach (var booking in plan.Booked.Where(b => b.ShortNotice))
            {
                var home = homes[booking.HomeId];
                var last = Min(home.Window.End, home.Deadline.PlusDays(-1));
                for (var d = Max(InDateEarliest(c, home, c.Policy.PostWorkingDays), home.Window.Start); d <= last; d = d.PlusDays(1))
                {
                    foreach (var slot in Slots.Where(_ => EnglandAndWales.IsWorkingDay(d)))
                    {
                        var key = new SlotBooking(home.AreaId, d, slot);
                        Assert.True(used.GetValueOrDefault(key) >= c.Engineers[home.AreaId], $"{booking.HomeId}: {key} had room at the full notice");
                    }
                }
            }
        }, iter: 1000, print: c => c.ToString());

    [Fact]
    public void Plan_ByPost_NeverExceedsCapacity() =>
        AnyPostCase.Sample(c =>
        {
            var plan = c.Run();
            foreach (var group in c.Taken.Concat(plan.Booked.Select(b => b.Slot)).GroupBy(s => s))
            {
                Assert.True(group.Count() <= Math.Max(c.Engineers.GetValueOrDefault(group.Key.AreaId), c.Taken.Count(t => t == group.Key)), $"{group.Key} over capacity");
            }
        }, iter: 1000, print: c => c.ToString());

    // The nightly booking reads the slots taken only in each area's days from a candidate's FirstBookableDay to its
    // LastBookableDay (branch book30): the plan made from those alone is the plan made from every slot taken.
    [Fact]
    public void Plan_SlotsTakenOutsideEveryHomesBookableDaysChangeNothing() =>
        AnyPostCase.Sample(c =>
        {
            var planner = new GasAppointmentPlanner(c.Policy, c.Engineers, EnglandAndWales);
            var spans = c.Homes.Select(h => (h.AreaId, First: planner.FirstBookableDay(h, c.AsOf), Last: planner.LastBookableDay(h, c.AsOf))).ToList();
            var inSpans = c.Taken.Where(t => spans.Any(s => s.AreaId == t.AreaId && t.Date >= s.First && t.Date <= s.Last)).ToList();
            var all = c.Run();
            var some = planner.Plan(c.Homes, c.AsOf, inSpans);
            Assert.Equal(Describe(all), Describe(some));
            foreach (var booking in all.Booked)
            {
                var span = spans[c.Homes.FindIndex(h => h.HomeId == booking.HomeId)];
                Assert.InRange(booking.Attempt.Date, span.First, span.Last);
            }
        }, iter: 1000, print: c => c.ToString());

    private static string Describe(GasBookingPlan plan) => string.Join(
        "\n",
        plan.Booked.Select(b => $"booked {b.HomeId} {b.Attempt.Number} {b.Attempt.Date} {b.Attempt.Slot} {b.Attempt.LetterDate} {b.InFirstHalf} {b.ShortNotice}")
            .Concat(plan.Unbooked.Select(u => $"unbooked {u.HomeId} {u.Kind} {u.Reason}"))
            .Concat(plan.Escalations.Select(e => $"escalated {e.HomeId} {e.Reason}")));

    // Independently of the planner: an in-date visit's earliest day with the letter arriving post working days after asOf.
    private static LocalDate InDateEarliest(Case c, GasVisitRequest home, int post) =>
        home.Attempts.Count == 0
            ? EnglandAndWales.AddWorkingDays(c.AsOf, post).Plus(c.Policy.Notice)
            : EnglandAndWales.AddWorkingDays(Max(home.Attempts[^1].Date, c.AsOf), GasAppointmentPlanner.RebookWorkingDays + post);

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;

    private static LocalDate Min(LocalDate a, LocalDate b) => a < b ? a : b;

    // Independently of the planner: the shorter of the routine notice and 5 working days, then the rebooking gap.
    // A letter by post counts both from its arrival, postDays working days on (branch rebook29).
    private static LocalDate OverdueEarliest(Case c, GasVisitRequest home)
    {
        var post = home.ByPost ? c.Policy.PostWorkingDays : 0;
        var earliest = Min(
            EnglandAndWales.AddWorkingDays(c.AsOf, post).Plus(c.Policy.Notice),
            EnglandAndWales.AddWorkingDays(c.AsOf, GasAppointmentPlanner.OverdueNoticeWorkingDays + post));
        return home.Attempts.Count == 0
            ? earliest
            : Max(earliest, EnglandAndWales.AddWorkingDays(Max(home.Attempts[^1].Date, c.AsOf), GasAppointmentPlanner.RebookWorkingDays + post));
    }

    internal sealed record Case(
        List<GasVisitRequest> Homes, LocalDate AsOf, List<SlotBooking> Taken, AppointmentPolicy Policy, Dictionary<string, int> Engineers)
    {
        public GasBookingPlan Run() => new GasAppointmentPlanner(Policy, Engineers, EnglandAndWales).Plan(Homes, AsOf, Taken);

        public override string ToString() =>
            $"asOf {AsOf}, notice {Policy.Notice}, attempts {Policy.Attempts}, engineers north {Engineers["north"]} south {Engineers["south"]}, "
            + $"{Taken.Count} taken, homes: {string.Join("; ", Homes.Select(h => $"{h.HomeId} {h.AreaId} {h.Deadline} x{h.Attempts.Count}"))}";
    }
}
