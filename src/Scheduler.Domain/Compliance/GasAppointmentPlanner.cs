using System.Globalization;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Domain.Compliance;

/// <summary>
/// Books gas safety appointments: each home that needs a visit gets a working day and a slot inside its booking
/// window, before its deadline, within the engineers' capacity in its area. Pure and deterministic: the same
/// homes, bookings and date always give the same plan.
/// </summary>
/// <remarks>
/// <para>
/// Homes are planned in deadline order (then home id), so the most urgent take the first free slots. A first
/// visit is booked on the earliest free (working day, slot) from the later of the window start and
/// <c>asOf + notice</c>; taking the earliest free slot puts it in the first half of the window whenever capacity
/// allows, keeping the anniversary with room for a second and third attempt. When the first half is full it goes
/// later in the window; when the whole window is full the home is reported unbooked with the reason — never dropped.
/// </para>
/// <para>
/// After no access, the next attempt is booked at least <see cref="RebookWorkingDays"/> working days after the later
/// of the failed visit and <c>asOf</c> (so the firmer letter reaches the tenant first), still inside the window and
/// before the deadline. A home whose letter goes by post (<see cref="GasVisitRequest.ByPost"/>) has each of these
/// earliest days <see cref="AppointmentPolicy.PostWorkingDays"/> later, so the notice counts from the day the letter
/// arrives; when that leaves no free slot before the deadline, the latest free slot that still beats the deadline from
/// the earliest day an emailed letter would allow is booked, marked <see cref="GasBooking.ShortNotice"/>. After <see cref="AppointmentPolicy.Attempts"/> failed attempts the home is escalated with the
/// attempts as evidence.
/// </para>
/// <para>
/// An <b>overdue</b> home (<c>asOf</c> after its deadline) is still booked: the legal duty is the check, and the landlord
/// must keep trying and record each step. Its visit goes on the earliest free (working day, slot) at least
/// <see cref="OverdueNoticeWorkingDays"/> working days after <c>asOf</c> (or the routine notice, if shorter) and, after
/// a failed visit, <see cref="RebookWorkingDays"/> working days after it, looking up to
/// <see cref="OverdueSearchDays"/> days ahead; the window and the deadline no longer bound it. When its allowed
/// attempts have all failed it is escalated as before (the escalation stands) and booked again all the same, with the
/// third letter. Only no engineers, or no free slot in that span, leave it unbooked, with the reason. A home with no
/// gas check known is passed with the deadline <see cref="GasSafetyRecord.NoKnownCheck"/>: overdue, and earlier than
/// every real deadline, so it is planned first and booked (or reported) as an overdue home, its reasons saying that no
/// check is known.
/// </para>
/// <para>
/// Capacity: each engineer in an area does one visit per slot, so an area takes <c>engineers × slots</c> visits a
/// day. Bookings passed in as already taken count against it. For a home still in date the planner never books a
/// non-working day, a day outside the window, or the deadline day or later: a home that cannot be fitted is reported
/// instead, so the manager can act before it becomes overdue.
/// </para>
/// </remarks>
public sealed class GasAppointmentPlanner
{
    /// <summary>The least number of working days between a failed visit (or the day it is reported) and the next attempt.</summary>
    public const int RebookWorkingDays = 5;

    /// <summary>
    /// The least number of working days between the letter and the visit for an overdue home's check (the routine
    /// notice applies when it is shorter): time for the letter to reach the tenant, no more — the home is out of date.
    /// </summary>
    public const int OverdueNoticeWorkingDays = 5;

    /// <summary>How many days from its earliest allowed date an overdue home's visit is looked for before it is reported as no capacity.</summary>
    public const int OverdueSearchDays = 56;

    private readonly Dictionary<string, int> _engineers;

    private readonly WorkingDayCalendar _calendar;

    /// <summary>Creates a planner.</summary>
    /// <param name="policy">Slots (at least one, distinct), notice (not negative) and attempts before escalation (at least 1).</param>
    /// <param name="engineersPerArea">Gas engineers available each working day per area id; an area not listed has none.</param>
    /// <param name="calendar">The working days visits may be booked on.</param>
    public GasAppointmentPlanner(AppointmentPolicy policy, IReadOnlyDictionary<string, int> engineersPerArea, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(engineersPerArea);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(policy.Slots);
        ArgumentNullException.ThrowIfNull(policy.Notice);
        if (policy.Slots.Count == 0 || policy.Slots.Any(string.IsNullOrWhiteSpace)
            || policy.Slots.Distinct(StringComparer.Ordinal).Count() != policy.Slots.Count)
        {
            throw new ArgumentException("policy.Slots must name at least one slot, each once.", nameof(policy));
        }

        var probe = new LocalDate(2001, 1, 1);
        if (probe.Plus(policy.Notice) < probe)
        {
            throw new ArgumentException("policy.Notice must not be negative.", nameof(policy));
        }

        Check.Positive(policy.Attempts, "policy.Attempts");
        if (policy.PostWorkingDays < 0)
        {
            throw new ArgumentException("policy.PostWorkingDays must not be negative.", nameof(policy));
        }

        foreach (var (area, count) in engineersPerArea)
        {
            if (count < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(engineersPerArea), count, $"engineers in area {area} must not be negative.");
            }
        }

        Policy = policy;
        _engineers = new Dictionary<string, int>(engineersPerArea, StringComparer.Ordinal);
        _calendar = calendar;
    }

    /// <summary>The slots, notice and attempts the planner books by.</summary>
    public AppointmentPolicy Policy { get; }

    /// <summary>Engineers available in <paramref name="areaId"/> each working day: the visits each slot can take there.</summary>
    public int EngineersIn(string areaId) => _engineers.GetValueOrDefault(areaId);

    /// <summary>Visits <paramref name="areaId"/> can take on one working day: engineers × slots.</summary>
    public int CapacityPerDay(string areaId) => EngineersIn(areaId) * Policy.Slots.Count;

    /// <summary>
    /// Plans the next step for each home on <paramref name="asOf"/> (the day the letters are issued): a first or
    /// later appointment, an escalation after the last allowed attempt failed, or a reason it could not be booked.
    /// </summary>
    /// <param name="homes">Homes that need a visit, each once.</param>
    /// <param name="asOf">The day of planning.</param>
    /// <param name="taken">Appointments already booked (on earlier runs, or by hand), which use capacity; null for none.</param>
    /// <exception cref="ArgumentException">A home is listed twice, or its attempts are not 1, 2, ... all with no access.</exception>
    public GasBookingPlan Plan(IEnumerable<GasVisitRequest> homes, LocalDate asOf, IEnumerable<SlotBooking>? taken = null)
    {
        ArgumentNullException.ThrowIfNull(homes);
        var requests = homes.ToList();
        Validate(requests, nameof(homes));
        var used = new Dictionary<SlotBooking, int>();
        foreach (var booking in taken ?? [])
        {
            used[booking] = used.GetValueOrDefault(booking) + 1;
        }

        var booked = new List<GasBooking>();
        var unbooked = new List<GasBookingProblem>();
        var escalations = new List<GasEscalation>();
        foreach (var home in requests.OrderBy(r => r.Deadline).ThenBy(r => r.HomeId, StringComparer.Ordinal))
        {
            if (home.Attempts.Count >= Policy.Attempts)
            {
                escalations.Add(Escalate(home, asOf));
                if (!IsOverdue(home, asOf))
                {
                    continue; // in date: the manager's case now; an overdue home is booked again all the same
                }
            }

            var result = Book(home, asOf, used);
            if (result.Booking is { } booking)
            {
                booked.Add(booking);
                used[booking.Slot] = used.GetValueOrDefault(booking.Slot) + 1;
            }
            else
            {
                unbooked.Add(result.Problem!);
            }
        }

        return new GasBookingPlan(booked, unbooked, escalations);
    }

    private static void Validate(List<GasVisitRequest> homes, string paramName)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var home in homes)
        {
            ArgumentNullException.ThrowIfNull(home, paramName);
            Check.NotEmpty(home.HomeId, paramName);
            Check.NotEmpty(home.AreaId, paramName);
            if (!ids.Add(home.HomeId))
            {
                throw new ArgumentException($"home {home.HomeId} is listed twice.", paramName);
            }

            for (var i = 0; i < home.Attempts.Count; i++)
            {
                var attempt = home.Attempts[i];
                if (attempt.Number != i + 1)
                {
                    throw new ArgumentException($"home {home.HomeId}: attempt {i + 1} is numbered {attempt.Number}; number attempts 1, 2, ... in order.", paramName);
                }

                if (attempt.Outcome != AccessOutcome.NoAccess)
                {
                    throw new ArgumentException(
                        $"home {home.HomeId}: attempt {attempt.Number} is {attempt.Outcome}; pass only homes that need a visit (every attempt so far failed for no access).",
                        paramName);
                }
            }
        }
    }

    private static GasEscalation Escalate(GasVisitRequest home, LocalDate asOf)
    {
        var visits = string.Join(", ", home.Attempts.Select(a => $"{a.Date:uuuu-MM-dd} {a.Slot}"));
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"{home.Attempts.Count} attempts, no access on {visits}; {GasSafetyRecord.DescribeDeadline(home.Deadline)}: escalate to the compliance manager");
        return new GasEscalation(home.HomeId, home.AreaId, home.Deadline, asOf, home.Attempts, reason);
    }

    private (GasBooking? Booking, GasBookingProblem? Problem) Book(GasVisitRequest home, LocalDate asOf, Dictionary<SlotBooking, int> used)
    {
        var number = home.Attempts.Count + 1;
        GasBookingProblem Problem(BookingProblemKind kind, string reason) =>
            new(home.HomeId, home.AreaId, home.Deadline, number, kind, reason);

        if (IsOverdue(home, asOf))
        {
            return BookOverdue(home, asOf, used);
        }

        // Never on the deadline day itself: the cautious reading of "not more than 12 months" (DOMAIN.md §1).
        var dayBeforeDeadline = home.Deadline.PlusDays(-1);
        var last = home.Window.End < dayBeforeDeadline ? home.Window.End : dayBeforeDeadline;
        var (notBefore, why) = EarliestAllowed(home, asOf, byPost: false);
        var earliest = notBefore > home.Window.Start ? notBefore : home.Window.Start;

        // A letter by post reaches the tenant postDays working days after it goes: the notice counts from then. The days
        // before that (from the earliest an emailed letter allows) are booked only when no later slot beats the deadline.
        var full = home.ByPost ? EarliestAllowed(home, asOf, byPost: true).NotBefore : notBefore;
        var workingDays = new List<LocalDate>();
        for (var day = earliest; day <= last; day = day.PlusDays(1))
        {
            if (_calendar.IsWorkingDay(day))
            {
                workingDays.Add(day);
            }
        }

        if (workingDays.Count == 0)
        {
            var span = earliest > last
                ? $"{why}, but the last day it can be booked is {last:uuuu-MM-dd}"
                : $"no working day from {earliest:uuuu-MM-dd} to {last:uuuu-MM-dd}, the last day it can be booked";
            return (null, Problem(
                BookingProblemKind.TooLate,
                $"{span} (window {home.Window}, deadline {home.Deadline:uuuu-MM-dd}): arrange the check by hand before the deadline"));
        }

        var engineers = EngineersIn(home.AreaId);
        if (engineers == 0)
        {
            return (null, Problem(BookingProblemKind.NoEngineers, $"no gas engineers are configured for area {home.AreaId}"));
        }

        var firstHalfEnd = home.Window.Start.PlusDays((home.Window.Days - 1) / 2);
        var slot = FirstFree(home.AreaId, workingDays.Where(d => d >= full), used, engineers, latestFirst: false)
            ?? FirstFree(home.AreaId, workingDays.Where(d => d < full).Reverse(), used, engineers, latestFirst: true);
        if (slot is var (visit, slotId))
        {
            return (Booked(home, asOf, number, visit, slotId, visit <= firstHalfEnd) with { ShortNotice = visit < full }, null);
        }

        return (null, Problem(
            BookingProblemKind.NoCapacity,
            string.Create(
                CultureInfo.InvariantCulture,
                $"no capacity: every slot on the {workingDays.Count} working days from {workingDays[0]:uuuu-MM-dd} to {workingDays[^1]:uuuu-MM-dd} is booked ({engineers} engineers × {Policy.Slots.Count} slots a day in area {home.AreaId}); deadline {home.Deadline:uuuu-MM-dd}")));
    }

    // The first (day, slot) of days with room: each day's slots in the policy's order, or the latest slot first.
    private (LocalDate Day, string Slot)? FirstFree(string areaId, IEnumerable<LocalDate> days, Dictionary<SlotBooking, int> used, int engineers, bool latestFirst)
    {
        foreach (var day in days)
        {
            for (var i = 0; i < Policy.Slots.Count; i++)
            {
                var slot = Policy.Slots[latestFirst ? Policy.Slots.Count - 1 - i : i];
                if (used.GetValueOrDefault(new SlotBooking(areaId, day, slot)) < engineers)
                {
                    return (day, slot);
                }
            }
        }

        return null;
    }

    private GasBooking Booked(GasVisitRequest home, LocalDate asOf, int number, LocalDate day, string slot, bool inFirstHalf)
    {
        var letterDay = LetterDay(home, asOf, day);
        var attempt = new AccessAttempt(number, day, slot, AccessAttempt.LetterFor(number), letterDay, AccessOutcome.Pending);
        return new GasBooking(home.HomeId, home.AreaId, home.Deadline, attempt, inFirstHalf) { LetterReaches = LetterReaches(home, letterDay) };
    }

    /// <summary>
    /// The day the tenant of <paramref name="home"/> has a letter that goes on <paramref name="letterDay"/>: that day
    /// for an emailed letter; for a letter by post (<see cref="GasVisitRequest.ByPost"/>) the policy's
    /// <see cref="AppointmentPolicy.PostWorkingDays"/> working days later.
    /// </summary>
    public LocalDate LetterReaches(GasVisitRequest home, LocalDate letterDay)
    {
        ArgumentNullException.ThrowIfNull(home);
        return home.ByPost ? PostedLetterReaches(letterDay) : letterDay;
    }

    /// <summary>
    /// The day a letter posted on <paramref name="postedOn"/> reaches the tenant: the policy's
    /// <see cref="AppointmentPolicy.PostWorkingDays"/> working days later (the escalation evidence's "reaches the tenant by").
    /// </summary>
    public LocalDate PostedLetterReaches(LocalDate postedOn) => _calendar.AddWorkingDays(postedOn, Policy.PostWorkingDays);

    /// <summary>
    /// The day the letter for <paramref name="home"/>'s visit on <paramref name="visit"/> booked on
    /// <paramref name="asOf"/> goes: <see cref="LetterDay(LocalDate, LocalDate)"/>, and for a letter by post no later
    /// than the last day from which it still reaches the tenant the notice before the visit (with the shipped
    /// <c>letterAhead: 3 weeks</c> and <c>notice: 14 days</c> that day is always later: nothing moves), never before
    /// <paramref name="asOf"/>.
    /// </summary>
    public LocalDate LetterDay(GasVisitRequest home, LocalDate asOf, LocalDate visit)
    {
        ArgumentNullException.ThrowIfNull(home);
        var day = LetterDay(asOf, visit);
        if (!home.ByPost || day == asOf)
        {
            return day;
        }

        var latest = visit.Minus(Policy.Notice);
        while (day > asOf && LetterReaches(home, day) > latest)
        {
            day = day.PlusDays(-1);
        }

        return day;
    }

    /// <summary>
    /// The day the letter for a visit on <paramref name="visit"/> booked on <paramref name="asOf"/> goes: the visit
    /// less the policy's <see cref="AppointmentPolicy.LetterAhead"/>, or <paramref name="asOf"/> when that day has
    /// passed or no <c>letterAhead</c> is configured. Never later than the visit less the notice (letterAhead is at least
    /// the notice), never before <paramref name="asOf"/>.
    /// </summary>
    public LocalDate LetterDay(LocalDate asOf, LocalDate visit)
    {
        if (Policy.LetterAhead is not { } ahead)
        {
            return asOf;
        }

        var day = visit.Minus(ahead);
        return day > asOf ? day : asOf;
    }

    /// <summary>True when <paramref name="asOf"/> is after the home's deadline (the deadline day itself is still in date).</summary>
    public static bool IsOverdue(GasVisitRequest home, LocalDate asOf)
    {
        ArgumentNullException.ThrowIfNull(home);
        return asOf > home.Deadline;
    }

    /// <summary>
    /// The first day a visit for <paramref name="home"/> planned on <paramref name="asOf"/> could be booked: while in date
    /// the later of its window's start and the earliest day the notice (emailed letter) or the rebooking gap allows; for an
    /// overdue home the start of its <see cref="OverdueSearchDays"/> search. With <see cref="LastBookableDay"/> it bounds
    /// every day the plan looks at for the home (a letter by post only moves the search within them), so callers that read
    /// the slots already taken need those of these days only.
    /// </summary>
    public LocalDate FirstBookableDay(GasVisitRequest home, LocalDate asOf)
    {
        ArgumentNullException.ThrowIfNull(home);
        if (IsOverdue(home, asOf))
        {
            return OverdueEarliest(home, asOf);
        }

        var notBefore = EarliestAllowed(home, asOf, byPost: false).NotBefore;
        return notBefore > home.Window.Start ? notBefore : home.Window.Start;
    }

    /// <summary>
    /// The last day a visit for <paramref name="home"/> planned on <paramref name="asOf"/> could be booked: the day before
    /// the deadline (or the window's end, if earlier) while in date; for an overdue home the end of its
    /// <see cref="OverdueSearchDays"/> search. Callers that read the slots already taken read them through this day.
    /// </summary>
    public LocalDate LastBookableDay(GasVisitRequest home, LocalDate asOf)
    {
        ArgumentNullException.ThrowIfNull(home);
        if (IsOverdue(home, asOf))
        {
            return OverdueEarliest(home, asOf).PlusDays(OverdueSearchDays - 1);
        }

        var dayBeforeDeadline = home.Deadline.PlusDays(-1);
        return home.Window.End < dayBeforeDeadline ? home.Window.End : dayBeforeDeadline;
    }

    // An overdue home: the earliest free slot from a short notice (or the rebooking gap), whatever the window says.
    private (GasBooking? Booking, GasBookingProblem? Problem) BookOverdue(GasVisitRequest home, LocalDate asOf, Dictionary<SlotBooking, int> used)
    {
        var number = home.Attempts.Count + 1;
        var engineers = EngineersIn(home.AreaId);
        if (engineers == 0)
        {
            return (null, new GasBookingProblem(home.HomeId, home.AreaId, home.Deadline, number, BookingProblemKind.NoEngineers,
                $"no gas engineers are configured for area {home.AreaId}; {OverdueSince(home.Deadline)}: arrange the check by hand now"));
        }

        var earliest = OverdueEarliest(home, asOf);
        var last = earliest.PlusDays(OverdueSearchDays - 1);
        var workingDays = 0;
        for (var day = earliest; day <= last; day = day.PlusDays(1))
        {
            if (!_calendar.IsWorkingDay(day))
            {
                continue;
            }

            workingDays++;
            if (FirstFree(home.AreaId, [day], used, engineers, latestFirst: false) is var (_, slot))
            {
                return (Booked(home, asOf, number, day, slot, inFirstHalf: false), null);
            }
        }

        return (null, new GasBookingProblem(home.HomeId, home.AreaId, home.Deadline, number, BookingProblemKind.NoCapacity,
            string.Create(
                CultureInfo.InvariantCulture,
                $"no capacity: every slot on the {workingDays} working days from {earliest:uuuu-MM-dd} to {last:uuuu-MM-dd} is booked ({engineers} engineers × {Policy.Slots.Count} slots a day in area {home.AreaId}); {OverdueSince(home.Deadline)}: arrange the check by hand now")));
    }

    // "the home is overdue since 2026-12-02", or, for a home with no check on record, that no check is known.
    private static string OverdueSince(LocalDate deadline) =>
        deadline == GasSafetyRecord.NoKnownCheck
            ? "no gas check is known for the home, so it is overdue"
            : string.Create(CultureInfo.InvariantCulture, $"the home is overdue since {deadline.PlusDays(1):uuuu-MM-dd}");

    /// <summary>
    /// The day an overdue home's first visit (no attempt made yet) planned on <paramref name="asOf"/> is booked when its
    /// area has room: the first working day on or after the earliest the overdue notice allows, from the day the tenant has
    /// the letter (<paramref name="byPost"/>: <see cref="AppointmentPolicy.PostWorkingDays"/> working days later). The
    /// gas projection aims an urgent visit (an overdue home's, or one with no check known) on it, so the order's target,
    /// and the next check's projection from it, are a day the booking can keep (docs/gas-safety.md, The urgent visit's day).
    /// </summary>
    public LocalDate FirstOverdueVisitDay(LocalDate asOf, bool byPost) =>
        _calendar.OnOrAfter(OverdueEarliest(byPost, [], asOf));

    // The first day an overdue home's visit may be: the letter's short notice from the day the tenant has it (asOf, or
    // postDays working days on by post), and after a failed visit the rebooking gap. No deadline is left to beat.
    private LocalDate OverdueEarliest(GasVisitRequest home, LocalDate asOf) => OverdueEarliest(home.ByPost, home.Attempts, asOf);

    private LocalDate OverdueEarliest(bool byPost, IReadOnlyList<AccessAttempt> attempts, LocalDate asOf)
    {
        var post = byPost ? Policy.PostWorkingDays : 0;
        var routine = (byPost ? PostedLetterReaches(asOf) : asOf).Plus(Policy.Notice);
        var urgent = _calendar.AddWorkingDays(asOf, OverdueNoticeWorkingDays + post);
        var earliest = routine < urgent ? routine : urgent;
        if (attempts.Count > 0)
        {
            var failed = attempts[^1];
            var rebook = _calendar.AddWorkingDays(failed.Date > asOf ? failed.Date : asOf, RebookWorkingDays + post);
            earliest = rebook > earliest ? rebook : earliest;
        }

        return earliest;
    }

    // The earliest day an in-date visit may be, with the notice counted from asOf (byPost false: an emailed letter) or from
    // the day a letter by post reaches the tenant (byPost true, for a home whose letter goes by post).
    private (LocalDate NotBefore, string Why) EarliestAllowed(GasVisitRequest home, LocalDate asOf, bool byPost)
    {
        if (home.Attempts.Count == 0)
        {
            var notBefore = (byPost ? LetterReaches(home, asOf) : asOf).Plus(Policy.Notice);
            return (notBefore, $"the first letter needs {PeriodText.Describe(Policy.Notice)} notice, so the visit can be no earlier than {notBefore:uuuu-MM-dd}");
        }

        var failed = home.Attempts[^1];
        var from = failed.Date > asOf ? failed.Date : asOf;
        var earliest = _calendar.AddWorkingDays(from, RebookWorkingDays + (byPost ? Policy.PostWorkingDays : 0));
        return (earliest, string.Create(
            CultureInfo.InvariantCulture,
            $"attempt {home.Attempts.Count + 1} must be at least {RebookWorkingDays} working days after the failed visit on {failed.Date:uuuu-MM-dd} and the day of planning, so no earlier than {earliest:uuuu-MM-dd}"));
    }
}
