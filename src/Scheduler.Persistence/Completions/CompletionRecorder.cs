using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Planning;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Completions;

/// <summary>
/// Checks a contractor's report and records it in one transaction: the order's status (<c>completed</c> or
/// <c>no-access</c>), <c>completed_on</c>, <c>completed_at</c>, an audit row in <c>work_order_events</c> (source,
/// outcome, contractor, category, note), then every <see cref="ICompletionEffect"/> given, in order. An effect that
/// throws rolls everything back.
/// </summary>
/// <remarks>
/// <para>Checks, first failure wins: unknown reference; another contractor's order; cancelled order; an order already
/// reported (the same report again is <see cref="CompletionStatus.AlreadyRecorded"/>, accepted and not written twice; a
/// different one is refused); a date after today (in the organisation's zone, from the injected clock) or before the window's first day (a follow-up:
/// before its window and before the day its visit was reported done, CompletionRecorder.FollowUps.cs); a
/// defect without a repair category, or a category on another outcome; a note over <see cref="MaxNoteLength"/> (counted as
/// stored: <see cref="CompletionNote"/>).</para>
/// <para>The order row is locked (<c>FOR UPDATE</c>) while it is checked, so two reports of the same order on two
/// nodes at once give one recorded and one already-recorded (or refused) answer, never two records.</para>
/// <para>"Same report" means the same order, outcome, visit date and defect category; source, note and reporter may
/// differ (a contractor who clicks the link and then uploads the same visit in a CSV is not refused). It is compared with
/// every report the order has had (<c>work_order_events.visit_on</c>), not only its status: a gas no-access visit rebooks
/// the order (appointed again), and the same no-access row sent again is already recorded, not a second failed attempt.</para>
/// <para>A defect reported for the same visit date as the visit's done report, or as its defect report with another
/// category, is recorded too (<see cref="RecordedCompletion.VisitAlreadyRecorded"/>): its audit row and its repair, the
/// order left as the visit's report made it.</para>
/// </remarks>
public sealed partial class CompletionRecorder
{
    /// <summary>
    /// The longest note accepted, in Unicode characters of the note as stored (<see cref="CompletionNote"/>: line breaks
    /// as LF, each one character, as the page's <c>maxlength</c> counts them).
    /// </summary>
    public const int MaxNoteLength = 2000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IClock _clock;
    private readonly DateTimeZone _zone;
    private readonly IReadOnlyList<ICompletionEffect> _effects;

    /// <summary>Creates a recorder over <paramref name="dataSource"/> that runs <paramref name="effects"/> (in order) on every record.</summary>
    /// <param name="dataSource">The estate database.</param>
    /// <param name="clock">Gives today (in <paramref name="zone"/>) for the future-date check and the audit time.</param>
    /// <param name="zone">The organisation's zone (<see cref="Domain.Configuration.Organisation.Zone"/>): today is its
    /// date, and a report without a time is taken as made at the start of its day there (<c>completed_at</c>).</param>
    /// <param name="effects">Run inside the transaction after the order is written; may be empty.</param>
    public CompletionRecorder(NpgsqlDataSource dataSource, IClock clock, DateTimeZone zone, IEnumerable<ICompletionEffect> effects)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(effects);
        _dataSource = dataSource;
        _clock = clock;
        _zone = zone;
        _effects = [.. effects];
    }

    /// <summary>
    /// Checks <paramref name="report"/> and records it with its effects, or refuses it with the reason (nothing
    /// written). Never throws for a bad report; throws only when the database fails or an effect fails for a reason that
    /// is not a <see cref="CompletionRefusedException"/> (after rolling back).
    /// </summary>
    public async Task<CompletionResult> RecordAsync(CompletionReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var reference = report.Reference?.Trim() ?? string.Empty;
        if (CheckInput(report, reference) is { } inputProblem)
        {
            return inputProblem;
        }

        var now = _clock.GetCurrentInstant();
        var today = now.InZone(_zone).Date;

        await using var db = EstateDatabase.CreateContext(_dataSource);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await NoJitAsync(db, cancellationToken).ConfigureAwait(false);
        var order = await db.WorkOrders
            .FromSql($"SELECT *, xmin FROM work_orders WHERE reference = {reference} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (order is null)
        {
            return CompletionResult.Refused(CompletionRefusal.UnknownOrder, reference, $"There is no work order {reference}.");
        }

        var contractor = report.ContractorId ?? order.ContractorId ?? string.Empty;
        if (report.ContractorId is not null && !string.Equals(report.ContractorId, order.ContractorId, StringComparison.Ordinal))
        {
            return CompletionResult.Refused(CompletionRefusal.WrongContractor, reference, $"Work order {reference} is not one of {report.ContractorId}'s orders.");
        }

        if (order.Status == WorkOrderStatus.Cancelled)
        {
            return CompletionResult.Refused(CompletionRefusal.Cancelled, reference, $"Work order {reference} was cancelled, so it cannot be reported.");
        }

        var earlier = await EarlierReportsAsync(db, [order.Id], cancellationToken).ConfigureAwait(false);
        if (CheckEarlier(order, earlier.GetValueOrDefault(order.Id) ?? [], report, reference, out var added) is { } answer)
        {
            return answer;
        }

        if (report.On > today)
        {
            return CompletionResult.Refused(CompletionRefusal.DateInFuture, reference,
                $"The visit date {report.On:uuuu-MM-dd} is in the future (today is {today:uuuu-MM-dd}).");
        }

        if (report.On < order.WindowStart)
        {
            // A follow-up may be done on its visit's own day, once that visit is reported done (CompletionRecorder.FollowUps.cs).
            var parentDone = await ParentDoneAsync(db, order, cancellationToken).ConfigureAwait(false);
            if (!FollowsItsVisit(report.On, parentDone))
            {
                return BeforeWindow(order, reference, report.On, parentDone);
            }
        }

        // A defect of a visit already recorded (after its done report, or another defect after its defect report) leaves
        // the order as its visit's report made it (completed, that day, that moment): it adds its audit row and raises its
        // own repair.
        var at = added != AddedDefect.None ? order.CompletedAt ?? _zone.AtStartOfDay(report.On).ToInstant() : report.At ?? _zone.AtStartOfDay(report.On).ToInstant();
        var from = order.Status;
        var note = CompletionNote.Normalise(report.Note);
        order.Status = report.Outcome == VisitOutcome.NoAccess ? WorkOrderStatus.NoAccess : WorkOrderStatus.Completed;
        order.CompletedOn = report.On;
        order.CompletedAt = at;
        db.WorkOrderEvents.Add(new WorkOrderEvent
        {
            WorkOrderId = order.Id,
            At = now,
            Kind = order.Status.ToText(),
            FromStatus = from,
            ToStatus = order.Status,
            Reason = ReportReason(report.Outcome, report.On, contractor, report.Source, added),
            Source = report.Source,
            Outcome = report.Outcome.ToText(),
            ContractorId = contractor,
            DefectCategory = report.DefectCategory,
            Note = note,
            VisitOn = report.On,
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        var completion = new RecordedCompletion(
            order.Id, order.Reference, order.ScheduleId, order.Service, order.AssetId, contractor, report.Outcome, report.On, at,
            report.Source, report.DefectCategory, note,
            FurtherDefect: added == AddedDefect.Further, AfterDone: added == AddedDefect.AfterDone);
        var maxIdBefore = await MaxOrderIdAsync(db, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var effect in _effects)
            {
                await effect.ApplyAsync(db, completion, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (CompletionRefusedException e)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return CompletionResult.Refused(e.Refusal, reference, e.Message);
        }

        var created = await CreatedSinceAsync(db, order.Id, maxIdBefore, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        var message = $"Recorded: work order {reference} {Describe(report.Outcome)} on {report.On:uuuu-MM-dd}."
            + (created.Count > 0 ? $" Raised {string.Join(", ", created)}." : string.Empty);
        return new CompletionResult(CompletionStatus.Recorded, CompletionRefusal.None, reference, message, completion, created);
    }

    private static CompletionResult? CheckInput(CompletionReport report, string reference)
    {
        if (reference.Length == 0)
        {
            return CompletionResult.Refused(CompletionRefusal.UnknownOrder, reference, "No work order reference was given.");
        }

        if (!CompletionSources.All.Contains(report.Source))
        {
            return CompletionResult.Refused(CompletionRefusal.BadInput, reference, $"'{report.Source}' is not a report source.");
        }

        if (!Enum.IsDefined(report.Outcome))
        {
            return CompletionResult.Refused(CompletionRefusal.BadInput, reference, $"The outcome must be {VisitOutcomes.Accepted}.");
        }

        if (CompletionNote.IsTooLong(report.Note))
        {
            return CompletionResult.Refused(CompletionRefusal.BadInput, reference, $"The note is longer than {MaxNoteLength} characters.");
        }

        if (report.Outcome == VisitOutcome.Defect && !DefectCategories.TryParse(report.DefectCategory, out _))
        {
            return CompletionResult.Refused(CompletionRefusal.BadCategory, reference, report.DefectCategory is null
                ? $"A defect needs a category: one of {DefectCategories.AcceptedText}."
                : $"'{report.DefectCategory}' is not a defect category; use one of {DefectCategories.AcceptedText}.");
        }

        if (report.Outcome != VisitOutcome.Defect && report.DefectCategory is not null)
        {
            return CompletionResult.Refused(CompletionRefusal.BadCategory, reference, "A category is given only with the outcome defect.");
        }

        return null;
    }

    // Every contractor's report on the orders (events with an outcome), newest first per order.
    private static async Task<Dictionary<long, List<WorkOrderEvent>>> EarlierReportsAsync(EstateDbContext db, long[] orderIds, CancellationToken cancellationToken) =>
        (await db.WorkOrderEvents.AsNoTracking()
            .Where(e => orderIds.Contains(e.WorkOrderId) && e.Outcome != null)
            .OrderByDescending(e => e.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false))
        .GroupBy(e => e.WorkOrderId)
        .ToDictionary(g => g.Key, g => g.ToList());

    // What the order's earlier reports (newest first) make of this one, or null when it is a new report to check further.
    // The same report again (outcome, visit date, category) is accepted once, whatever the order's status now: a gas
    // no-access visit rebooks the order (appointed again), and the same row sent again must not count a second failed
    // attempt. A different report on an order still completed or no-access is refused, but for a defect of the visit
    // (added): the order completed on that day by its latest report, done (AfterDone: the fence found broken after the
    // grass was cut) or with a defect of another category (Further: the same category again is already recorded, above),
    // and a defect reported for the same day. One visit may find a broken handrail and a leaking gutter, each a repair of
    // its own, perhaps for another contractor. A done after a defect is still refused: the defect report already said
    // the visit was done, and a done reported after it would correct the defect away, which a contractor cannot.
    private CompletionResult? CheckEarlier(WorkOrder order, List<WorkOrderEvent> earlier, CompletionReport report, string reference, out AddedDefect added)
    {
        added = AddedDefect.None;
        var closed = order.Status is WorkOrderStatus.Completed or WorkOrderStatus.NoAccess;
        for (var i = 0; i < earlier.Count; i++)
        {
            var e = earlier[i];
            var latestOfClosed = closed && i == 0;

            // A report from before visit_on was stored has no date but the closed order's own, if it is the latest.
            var on = e.VisitOn ?? (latestOfClosed ? order.CompletedOn : null);
            if (VisitOutcomes.Parse(e.Outcome) == report.Outcome && on == report.On && string.Equals(e.DefectCategory, report.DefectCategory, StringComparison.Ordinal))
            {
                var at = (latestOfClosed ? order.CompletedAt : null) ?? _zone.AtStartOfDay(report.On).ToInstant();
                return AlreadyRecorded(order, reference, report.Outcome, report.On, at, e.ContractorId, e.Source ?? report.Source, e.DefectCategory, e.Note);
            }
        }

        if (!closed)
        {
            return null;
        }

        if (report.Outcome == VisitOutcome.Defect && order.Status == WorkOrderStatus.Completed && order.CompletedOn == report.On
            && earlier.Count > 0 && (earlier[0].VisitOn ?? order.CompletedOn) == report.On
            && VisitOutcomes.Parse(earlier[0].Outcome) is (VisitOutcome.Defect or VisitOutcome.Done) and var latest)
        {
            added = latest == VisitOutcome.Defect ? AddedDefect.Further : AddedDefect.AfterDone;
            return null;
        }

        // Closed without a report in the trail (set by hand): its status and date are the report.
        var last = earlier.FirstOrDefault();
        var outcome = VisitOutcomes.Parse(last?.Outcome) ?? (order.Status == WorkOrderStatus.NoAccess ? VisitOutcome.NoAccess : VisitOutcome.Done);
        if (last is null && outcome == report.Outcome && order.CompletedOn == report.On && report.DefectCategory is null)
        {
            return AlreadyRecorded(order, reference, outcome, report.On, order.CompletedAt ?? _zone.AtStartOfDay(report.On).ToInstant(), null, report.Source, null, null);
        }

        var when = order.CompletedOn is { } d ? $" on {d:uuuu-MM-dd}" : string.Empty;
        return CompletionResult.Refused(CompletionRefusal.AlreadyReported, reference,
            $"Work order {reference} was already reported {Describe(outcome)}{when}; a different report cannot replace it (ask the landlord to correct it).");
    }

    private static CompletionResult AlreadyRecorded(
        WorkOrder order, string reference, VisitOutcome outcome, LocalDate on, Instant at, string? contractor, string source, string? category, string? note)
    {
        var earlier = new RecordedCompletion(
            order.Id, order.Reference, order.ScheduleId, order.Service, order.AssetId, contractor ?? order.ContractorId ?? string.Empty,
            outcome, on, at, source, category, note);
        return new CompletionResult(CompletionStatus.AlreadyRecorded, CompletionRefusal.None, reference,
            $"Already recorded: work order {reference} {Describe(outcome)} on {on:uuuu-MM-dd}; nothing changed.", earlier, []);
    }

    // The audit row's reason: "reported defect on 2027-03-04 by warmfix (api)"; for a further defect of the visit
    // "…, another defect of the visit", and for a defect of a visit reported done "…, after the visit was reported done".
    private static string ReportReason(VisitOutcome outcome, LocalDate on, string contractor, string source, AddedDefect added) =>
        $"reported {outcome.ToText()} on {on:uuuu-MM-dd} by {contractor} ({source})" + added switch
        {
            AddedDefect.Further => ", another defect of the visit",
            AddedDefect.AfterDone => ", after the visit was reported done",
            _ => string.Empty,
        };

    /// <summary>
    /// A defect reported for a visit an earlier report of the same day recorded (docs/feedback.md, "A defect found after
    /// the visit was reported done" and "Another defect of the same visit"): it adds its audit row and its repair only.
    /// </summary>
    private enum AddedDefect
    {
        /// <summary>A report of its own: it records the visit.</summary>
        None,

        /// <summary>Another defect (another category) after the visit's defect report.</summary>
        Further,

        /// <summary>A defect after the visit's done report.</summary>
        AfterDone,
    }

    private static string Describe(VisitOutcome outcome) => outcome switch
    {
        VisitOutcome.Done => "done",
        VisitOutcome.NoAccess => "no access",
        VisitOutcome.Defect => "done with a defect found",
        _ => outcome.ToString(),
    };

    private static async Task<long> MaxOrderIdAsync(EstateDbContext db, CancellationToken cancellationToken) =>
        await db.WorkOrders.MaxAsync(w => (long?)w.Id, cancellationToken).ConfigureAwait(false) ?? 0;

    // Orders the effects raised from this one: its children newer than before the effects ran. The visited order is
    // locked by this transaction, so no one else can be adding children to it meanwhile.
    private static async Task<List<string>> CreatedSinceAsync(EstateDbContext db, long parentId, long maxIdBefore, CancellationToken cancellationToken) =>
        await db.WorkOrders.Where(w => w.ParentId == parentId && w.Id > maxIdBefore).OrderBy(w => w.Id).Select(w => w.Reference)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Turns JIT compilation off for the rest of the report's transaction (<see cref="NoJit"/>). Every statement here
    /// touches one report's or one batch's rows, but some carry cost estimates far above <c>jit_above_cost</c>: the gas
    /// no-access rebooking's changed-appointment notice (<c>GasBookingWriter</c>) probes the outbox's GIN index on
    /// <c>work_order_ids</c>, which the planner estimates at ~5,000–6,500 rows a probe; as the outbox grew (from early May
    /// in the 300,000-home year) it crossed <c>jit_optimize_above_cost</c> too, and each such statement spent ~0.5–0.6 s
    /// compiling itself to run in under 1 ms, in every report batch with no-access visits (measured with
    /// <c>auto_explain</c>; docs/benchmarks-history.md, branch <c>jit27</c>). One report's estimates stay below the
    /// thresholds today; both routes follow the same rule.
    /// </summary>
    private static Task NoJitAsync(EstateDbContext db, CancellationToken cancellationToken) =>
        NoJit.ForTransactionAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction(), cancellationToken);
}
