using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Domain.Calendars;

/// <summary>
/// Turns schedules and the estate register into dated <see cref="Occurrence"/>s: the pure heart of the
/// scheduler. Fixed rules are expanded once per schedule (their windows do not depend on the asset) and then
/// paired with every matching asset, so a year for 300,000 homes costs one small allocation per occurrence.
/// Floating rules (gas safety) are projected per asset from its last effective check (the later of the last
/// completion and the register's date), assuming each visit is done on its target date.
/// </summary>
public sealed partial class OccurrenceExpander
{
    /// <summary>Days in the urgent window booked for an overdue (or never checked) floating asset.</summary>
    public const int OverdueWindowDays = 14;

    // Assets filtered per batch before their occurrences are yielded (see Expand).
    private const int Batch = 256;

    private readonly EstateConfiguration _config;
    private readonly WorkingDayCalendar _calendar;

    /// <summary>Creates an expander for one validated configuration and the landlord's working-day calendar.</summary>
    public OccurrenceExpander(EstateConfiguration config, WorkingDayCalendar calendar)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _calendar = calendar ?? throw new ArgumentNullException(nameof(calendar));
    }

    /// <summary>
    /// Every occurrence whose <b>target date</b> falls in <paramref name="from"/>..<paramref name="to"/>
    /// (inclusive), with the follow-ups of each (a follow-up may fall just after <paramref name="to"/>).
    /// Ordered by schedule (config order), asset (register order), then window.
    /// </summary>
    /// <param name="register">The estate register.</param>
    /// <param name="from">First target date wanted (inclusive).</param>
    /// <param name="to">Last target date wanted (inclusive).</param>
    /// <param name="asOf">Today, for floating schedules: nothing floating is booked before it, and a deadline
    /// on or before it is overdue and gets an urgent window starting that day.</param>
    /// <param name="filter">Optional restriction to one schedule and/or one asset.</param>
    /// <param name="lastDone">Optional source of the last effective completion of a floating schedule on an
    /// asset (the database); the projection counts from the later of it and the register column named by the rule
    /// (<see cref="FloatingRule.CountsFrom"/>), the register's alone when it returns null.</param>
    public IEnumerable<Occurrence> Expand(
        EstateRegister register,
        LocalDate from,
        LocalDate to,
        LocalDate asOf,
        ExpansionFilter? filter = null,
        Func<Schedule, Asset, LocalDate?>? lastDone = null)
    {
        ArgumentNullException.ThrowIfNull(register);
        Check.Ordered(from, to, nameof(to));
        var onlyAsset = filter?.AssetId;
        var batch = new Asset[Batch];
        foreach (var schedule in _config.Schedules)
        {
            if (filter?.ScheduleId is { } sid && sid != schedule.Id)
            {
                continue;
            }

            // Everything that does not depend on the asset is worked out once per schedule: the fixed visits with
            // their follow-ups' dates, the filter's conditions, and each floating projection per last date.
            FollowUpRule[] followUps = [.. schedule.FollowUps];
            var visits = Plan(FixedVisits(schedule, from, to), followUps);
            ColumnCondition[] where = [.. schedule.Where.Select(pair => ColumnCondition.For(schedule.AppliesTo, pair.Key, pair.Value))];
            var floating = schedule.Recurrence.OfType<FloatingRule>().FirstOrDefault();
            var projections = floating is null ? null : new ProjectionCache(this, floating, followUps, from, to, asOf, UrgentBooking(schedule));

            // The register's own last-done column is answered by Home.LastGasCheck, which always equals it.
            var typedLastDone = floating?.LastDoneColumn == Home.LastGasCheckColumn;

            // The schedule's contractor per area, resolved on first use; the last one is kept by reference, as
            // the register shares one id string per area. Local to this expansion, so concurrent expansions
            // share no mutable state.
            var contractors = new Dictionary<string, string?>(StringComparer.Ordinal);
            string? lastArea = null, contractor = null;

            // Indexed loops over arrays and lists, not interface enumerators: this body runs for every asset and
            // every occurrence of a 300,000-home estate. The assets are filtered a batch at a time in a tight loop,
            // which lets the processor fetch many assets from memory at once, then the batch's occurrences are
            // yielded (one asset at a time, the yields in between would leave it waiting for each asset in turn).
            var assets = register.AssetsOf(schedule.AppliesTo);
            for (int batchStart = 0, count = assets.Count; batchStart < count; batchStart += Batch)
            {
                var matched = Select(assets, batchStart, Math.Min(batchStart + Batch, count), where, onlyAsset, batch);
                for (var m = 0; m < matched; m++)
                {
                    var asset = batch[m];
                    if (!ReferenceEquals(asset.AreaId, lastArea))
                    {
                        contractor = ContractorFor(schedule.Service, asset.AreaId, contractors);
                        lastArea = asset.AreaId;
                    }

                    for (var v = 0; v < visits.Length; v++)
                    {
                        var visit = visits[v];
                        var parent = new Occurrence(schedule.Id, schedule.Service, asset.Id, visit.Window, visit.Target, contractor);
                        yield return parent;
                        foreach (var followUp in visit.FollowUps)
                        {
                            yield return new Occurrence(schedule.Id, followUp.Service, asset.Id, followUp.Window, followUp.Target, contractor, parent);
                        }
                    }

                    if (projections is not null)
                    {
                        // The later of the last completion and the register's date (FloatingRule.CountsFrom).
                        var registered = typedLastDone && asset is Home home ? home.LastGasCheck : ReadDate(asset, floating!.LastDoneColumn);
                        var last = FloatingRule.CountsFrom(lastDone?.Invoke(schedule, asset), registered);
                        var projected = projections.For(last, asset is Home { LettersByPost: true });
                        for (var v = 0; v < projected.Length; v++)
                        {
                            var visit = projected[v];
                            var parent = new Occurrence(schedule.Id, schedule.Service, asset.Id, visit.Window, visit.Target, contractor);
                            yield return parent;
                            foreach (var followUp in visit.FollowUps)
                            {
                                yield return new Occurrence(schedule.Id, followUp.Service, asset.Id, followUp.Window, followUp.Target, contractor, parent);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Copies into <paramref name="into"/> the assets <paramref name="start"/>..<paramref name="end"/> (exclusive)
    /// that pass the filters, in order; returns how many.
    /// </summary>
    private static int Select(
        IReadOnlyList<Asset> assets, int start, int end, ColumnCondition[] where, string? onlyAsset, Asset[] into)
    {
        var matched = 0;
        for (var i = start; i < end; i++)
        {
            var asset = assets[i];
            if ((onlyAsset is null || onlyAsset == asset.Id) && MatchesAll(asset, where))
            {
                into[matched++] = asset;
            }
        }

        return matched;
    }

    /// <summary>True when the asset meets every condition; see <see cref="Asset.Matches"/>.</summary>
    private static bool MatchesAll(Asset asset, ColumnCondition[] where)
    {
        for (var i = 0; i < where.Length; i++)
        {
            if (!where[i].Matches(asset))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Visits with the windows of their follow-ups, which depend only on the visit's window and target date.</summary>
    private PlannedVisit[] Plan(List<(ServiceWindow Window, LocalDate Target)> visits, FollowUpRule[] followUps)
    {
        var planned = new PlannedVisit[visits.Count];
        for (var i = 0; i < planned.Length; i++)
        {
            var (window, target) = visits[i];
            PlannedFollowUp[] dated = [.. followUps.Select(rule => FollowUp(rule, window, target))];
            planned[i] = new PlannedVisit(window, target, dated);
        }

        return planned;
    }

    /// <summary>
    /// The dates of <paramref name="rule"/>'s follow-up of a visit with <paramref name="window"/> aimed at
    /// <paramref name="target"/>: opens the first working day after the target (so its occurrence key, which carries
    /// the window's start, is the one it always had), aimed at <see cref="FollowUpRule.WorkingDays"/> working days after
    /// the target, and closes that many working days after the visit's <b>window</b> ends, so a visit made late in its
    /// own window (allowed) still leaves the follow-up its working days (docs/scheduling-rules.md, Follow-ups).
    /// </summary>
    private PlannedFollowUp FollowUp(FollowUpRule rule, ServiceWindow window, LocalDate target) => new(
        rule.Service,
        new ServiceWindow(_calendar.NextWorkingDay(target), _calendar.AddWorkingDays(window.End, rule.WorkingDays)),
        _calendar.AddWorkingDays(target, rule.WorkingDays));

    /// <summary>
    /// The dated visits of a schedule's fixed rules whose target is in range, in window order. The same for
    /// every asset, so computed once per schedule.
    /// </summary>
    internal List<(ServiceWindow Window, LocalDate Target)> FixedVisits(Schedule schedule, LocalDate from, LocalDate to)
    {
        var visits = new List<(ServiceWindow Window, LocalDate Target)>();

        // Windows can start up to a month before the first target wanted, so widen the search.
        var searchFrom = from.PlusMonths(-1);
        foreach (var rule in schedule.Recurrence.OfType<FixedRecurrenceRule>())
        {
            foreach (var dated in rule.Windows(searchFrom, to))
            {
                var target = _calendar.TargetWithin(dated.Window, dated.Preferred) ?? dated.Window.Start;
                if (target >= from && target <= to)
                {
                    visits.Add((dated.Window, target));
                }
            }
        }

        visits.Sort(static (a, b) => a.Window.Start.CompareTo(b.Window.Start));
        return visits;
    }

    /// <summary>
    /// Projects a floating rule forward from <paramref name="lastEffective"/>, assuming each visit is done on
    /// its target date: the visits whose target falls in range, in date order.
    /// </summary>
    internal IEnumerable<(ServiceWindow Window, LocalDate Target)> Project(
        FloatingRule rule, LocalDate? lastEffective, LocalDate from, LocalDate to, LocalDate asOf)
    {
        var visits = new List<(ServiceWindow Window, LocalDate Target)>();
        ProjectInto(visits, rule, lastEffective, from, to, asOf, booking: null, byPost: false);
        return visits;
    }

    /// <summary>
    /// Appends the visits of <see cref="Project"/> to <paramref name="visits"/>, in date order. With the schedule's
    /// <paramref name="booking"/> (a schedule with an <c>appointment:</c> policy) an urgent visit of a home overdue on the
    /// day of planning (or with no check known) is aimed at the day the booking would book it (<see cref="UrgentTarget"/>),
    /// <paramref name="byPost"/> when the home's letters go by post.
    /// </summary>
    private void ProjectInto(
        List<(ServiceWindow Window, LocalDate Target)> visits, FloatingRule rule, LocalDate? lastEffective, LocalDate from, LocalDate to, LocalDate asOf,
        GasAppointmentPlanner? booking, bool byPost)
    {
        LocalDate? deadline = lastEffective is { } last ? rule.Deadline(last) : null;
        var earliest = asOf;
        while (true)
        {
            ServiceWindow window;
            LocalDate target;
            LocalDate effective;
            if (deadline is { } d && OnTimeVisit(rule, d, earliest, _calendar) is { } onTime)
            {
                (window, target) = onTime;
                effective = rule.EffectiveDate(d, target);
            }
            else
            {
                // Overdue, never checked, or no working day left before the deadline: book urgently from today.
                window = new ServiceWindow(earliest, earliest.PlusDays(OverdueWindowDays - 1));
                target = UrgentTarget(window, deadline, earliest, booking, byPost, _calendar);
                effective = target;
            }

            if (target > to)
            {
                return;
            }

            if (target >= from)
            {
                visits.Add((window, target));
            }

            deadline = rule.Deadline(effective);
            earliest = target.PlusDays(1);
        }
    }

    /// <summary>
    /// The target of an urgent visit (a window of <see cref="OverdueWindowDays"/> days from <paramref name="planned"/>, the
    /// day of planning): for a home overdue that day (<paramref name="deadline"/> before it) or with no check known
    /// (null), the day <paramref name="booking"/> books its first visit when the area has room
    /// (<see cref="GasAppointmentPlanner.FirstOverdueVisitDay"/>: the overdue notice in working days, bank holidays, the
    /// post's days when <paramref name="byPost"/>), when that day is in the window; else, and for a home still in date on
    /// that day (its deadline today or with no working day before it: the booking books it at the full notice or reports
    /// it too late) or a schedule without an <c>appointment:</c> policy, the window's first working day, as before
    /// (docs/gas-safety.md, The urgent visit's day).
    /// </summary>
    internal static LocalDate UrgentTarget(
        ServiceWindow window, LocalDate? deadline, LocalDate planned, GasAppointmentPlanner? booking, bool byPost, WorkingDayCalendar calendar)
    {
        var first = calendar.TargetWithin(window, window.Start) ?? window.Start;
        if (booking is null || deadline >= planned)
        {
            return first;
        }

        var bookable = booking.FirstOverdueVisitDay(planned, byPost);
        return bookable > first && bookable <= window.End ? bookable : first;
    }

    /// <summary>
    /// The window and target a floating projection gives the visit for <paramref name="deadline"/> when it is not
    /// overdue: the booking window (<see cref="FloatingRule.BookingWindow"/>), its start no earlier than
    /// <paramref name="earliest"/> (as-of, or the day after the visit before), and its first working day as the target;
    /// null when the deadline is not after <paramref name="earliest"/> or no working day is left in the window (the
    /// projection then books urgently from <paramref name="earliest"/>). The gas completion effect moves a home's next
    /// order to exactly this when a check moves the legal deadline later (docs/gas-safety.md, A stale deadline on a
    /// projected order), so the next compare finds the order it wants.
    /// </summary>
    public static (ServiceWindow Window, LocalDate Target)? OnTimeVisit(FloatingRule rule, LocalDate deadline, LocalDate earliest, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(calendar);
        if (deadline <= earliest)
        {
            return null;
        }

        var full = rule.BookingWindow(deadline);
        if (full.End < earliest)
        {
            return null;
        }

        var window = full.Start < earliest ? new ServiceWindow(earliest, full.End) : full;
        return calendar.TargetWithin(window, window.Start) is { } target ? (window, target) : null;
    }

    /// <summary>
    /// The planner whose earliest day an urgent visit of <paramref name="schedule"/> is aimed at (<see cref="UrgentTarget"/>):
    /// one with no engineers (capacity plays no part in the earliest day), for a schedule with an <c>appointment:</c> policy.
    /// </summary>
    private GasAppointmentPlanner? UrgentBooking(Schedule schedule) =>
        schedule.Appointment is { } policy ? new GasAppointmentPlanner(policy, new Dictionary<string, int>(StringComparer.Ordinal), _calendar) : null;

    private string? ContractorFor(string service, string areaId, Dictionary<string, string?> byArea)
    {
        if (!byArea.TryGetValue(areaId, out var id))
        {
            id = _config.ContractorsFor(service, areaId).FirstOrDefault()?.Id;
            byArea[areaId] = id;
        }

        return id;
    }

    /// <summary>
    /// The register's last effective date of <paramref name="rule"/> for <paramref name="asset"/>: its
    /// <see cref="FloatingRule.LastDoneColumn"/> (a home's <see cref="Home.LastGasCheck"/> for <c>last_gas_check</c>).
    /// </summary>
    internal static LocalDate? RegisteredLastDone(FloatingRule rule, Asset asset) =>
        rule.LastDoneColumn == Home.LastGasCheckColumn && asset is Home home ? home.LastGasCheck : ReadDate(asset, rule.LastDoneColumn);

    /// <summary>
    /// The ISO date (<c>yyyy-MM-dd</c>, surrounding white space ignored) in the asset's <paramref name="column"/>;
    /// null when the column is missing, empty or not a valid date.
    /// </summary>
    internal static LocalDate? ReadDate(Asset asset, string column)
    {
        if (!asset.Attributes.TryGetValue(column, out var text))
        {
            return null;
        }

        // The register's plain yyyy-MM-dd is read directly (this runs once per home per expansion); anything
        // else goes through NodaTime's ISO pattern, which defines what is accepted.
        if (TryReadPlainIsoDate(text.AsSpan().Trim()) is { } plain)
        {
            return plain;
        }

        return LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } parsed ? parsed.Value : null;
    }

    /// <summary>
    /// A date written exactly <c>yyyy-MM-dd</c> with year 0001–9999 and a day that exists, else null (for the
    /// caller to try the full pattern). Every date it accepts is one <see cref="LocalDatePattern.Iso"/> parses the same.
    /// </summary>
    private static LocalDate? TryReadPlainIsoDate(ReadOnlySpan<char> text)
    {
        if (text.Length != 10 || text[4] != '-' || text[7] != '-'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            return null;
        }

        return new LocalDate(year, month, day);
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}

/// <summary>Restricts an expansion to one schedule and/or one asset; null members mean "all".</summary>
public sealed record ExpansionFilter(string? ScheduleId = null, string? AssetId = null);
