using NodaTime;
using Npgsql;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Sla;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Worker.Feedback;

namespace Scheduler.Worker.Demo;

/// <summary>
/// Contractors reporting back, simulated for one day through the real <see cref="CompletionRecorder"/>'s bulk route
/// (<see cref="CompletionRecorder.RecordManyAsync"/>, as a contractor's CSV upload is recorded; with every effect: the gas check recorded or the home rebooked with the firmer letter, a repair raised
/// with its SLA). Which orders are reported: each planned or issued order whose target date is the day (gas orders:
/// each whose booked appointment is on the day, and each the booking never booked, e.g. a home already past its deadline
/// at import, on its target date as if arranged by hand), and each open repair whose simulated completion time has come.
/// The outcome of each is fixed by <see cref="Seed"/> and the order's reference alone (a repair's: the reference of the
/// visit that raised it), not by the order the orders are read or recorded in: visits are done (about 93%), no access (about 5%, gas only) or done with a defect found (about 2%);
/// repairs are done, about 90% within their SLA, the rest 1 to 3 days after it.
/// </summary>
/// <remarks>
/// Reports are sent as a contractor's CSV upload would be (source <c>csv</c>) with the note "simulated", except that a
/// defect's note says what the defect is (<see cref="DefectNotes"/>: a description of its category, drawn like the
/// outcome), as a contractor writes it for the repair's contractor (branch defect29; before, it was "simulated" too).
/// </remarks>
internal sealed class CompletionSimulation
{
    /// <summary>The share of gas visits reported as no access.</summary>
    public const double NoAccessShare = 0.05;

    /// <summary>The share of visits reported done with a defect found.</summary>
    public const double DefectShare = 0.02;

    /// <summary>The share of repairs completed after their SLA deadline.</summary>
    public const double LateRepairShare = 0.10;

    /// <summary>The note on every simulated report.</summary>
    public const string Note = "simulated";

    /// <summary>What a contractor writes about a defect of each category the simulation reports: one is drawn per defect.</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> DefectNotes = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [SlaIds.GasHeatingNonUrgent] =
        [
            "Radiator valve in the back bedroom seized: cannot turn it either way",
            "Room thermostat reads about 4 degrees higher than the room; heating cuts out early",
        ],
        [SlaIds.GasHeatingAttend] =
        [
            "No heating or hot water: boiler shows fault F28 and will not relight (elderly tenant)",
            "Water dripping from the boiler's pressure relief pipe outside; pressure falling",
        ],
        [SlaIds.GasHeatingCombiBoiler] =
        [
            "Combi boiler loses pressure overnight (1.5 bar down to 0.5); tenant re-pressurising daily",
            "Hot water only lukewarm at the kitchen tap; heating fine",
        ],
        [SlaIds.RepairsRoutine] =
        [
            "Kitchen mixer tap drips constantly, washer worn",
            "Bathroom extractor fan does not run; mould starting on the ceiling above the bath",
            "Handrail on the communal stairs loose at the second-floor landing",
        ],
        [SlaIds.RepairsExternal] =
        [
            "Gutter over the front door overflowing: a joint has split",
            "Fence panel on the rear boundary blown down, posts still sound",
        ],
        [SlaIds.RepairsEmergency] =
        [
            "Water coming through the kitchen ceiling from the flat above; the light fitting is wet",
            "Front door lock & handle broken: the door will not secure",
        ],
    };

    internal static readonly string[] GasDefects = [SlaIds.GasHeatingNonUrgent, SlaIds.GasHeatingAttend, SlaIds.GasHeatingCombiBoiler];
    internal static readonly string[] OtherDefects = [SlaIds.RepairsRoutine, SlaIds.RepairsRoutine, SlaIds.RepairsExternal, SlaIds.RepairsEmergency];

    // The day's booked appointments are found area by area on the booking's own index (ix_gas_appointments_taken:
    // area, date), which the product keeps anyway: by date alone there is no index, and the plan was a parallel scan of
    // every appointment (~100 ms a day at 300,000 homes). The areas are every area of the register (an appointment's
    // area is its home's). The same rows either way.
    private const string VisitsSql = """
        SELECT w.reference, w.contractor_id, 0 AS kind
        FROM work_orders w
        WHERE w.target_date = @day AND w.status IN ('planned', 'issued') AND w.sla_category IS NULL
          AND NOT (w.schedule_id = ANY(@gas))
        UNION ALL
        SELECT w.reference, w.contractor_id, 1
        FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id
        WHERE a.area_id = ANY(ARRAY(SELECT id FROM areas)) AND a.date = @day AND a.status <> 'cancelled' AND a.status = 'booked'
          AND w.status IN ('planned', 'issued', 'appointed')
        UNION ALL
        SELECT w.reference, w.contractor_id, 2
        FROM work_orders w
        WHERE w.target_date = @day AND w.status IN ('planned', 'issued') AND w.schedule_id = ANY(@gas)
          AND NOT EXISTS (SELECT 1 FROM gas_appointments a WHERE a.work_order_id = w.id)
        ORDER BY 1
        """;

    // A repair's parent is the visit whose defect raised it (docs/feedback.md): its reference is fixed before the repair
    // exists, unlike the repair's own, which comes from a sequence in the order repairs are raised.
    private const string RepairsSql = """
        SELECT w.reference, w.contractor_id, w.reported_at, w.sla_due_at, p.reference
        FROM work_orders w JOIN work_orders p ON p.id = w.parent_id
        WHERE w.sla_category IS NOT NULL AND w.status IN ('planned', 'issued') AND w.reported_at IS NOT NULL AND w.sla_due_at IS NOT NULL
        ORDER BY w.reference
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly CompletionRecorder _recorder;
    private readonly IClock _clock;
    private readonly DateTimeZone _zone;
    private readonly string[] _gasSchedules;
    private readonly int _uploads = 1;

    /// <summary>
    /// Makes the simulation over the real recorder (<see cref="CompletionEffects.Recorder"/>) on <paramref name="dataSource"/>
    /// for <paramref name="config"/> and <paramref name="calendar"/>; <paramref name="clock"/> gives the time the reports are
    /// recorded at. <paramref name="seed"/> fixes every outcome: the same seed and estate give the same reports.
    /// </summary>
    public CompletionSimulation(NpgsqlDataSource dataSource, EstateConfiguration config, WorkingDayCalendar calendar, IClock clock, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _zone = config.Organisation.Zone;
        _recorder = CompletionEffects.Recorder(dataSource, config, calendar, clock);
        _gasSchedules = [.. GasSchedule.All(config).Select(g => g.Schedule.Id)];
        Seed = seed;
    }

    /// <summary>The seed the outcomes are drawn from.</summary>
    public int Seed { get; }

    /// <summary>
    /// How many uploads record a day's reports side by side (<see cref="RecordAsync"/>): 1 (the demo, the default) sends
    /// them all as one upload; more splits them by contractor, each contractor's reports whole and in their order in one
    /// upload, as contractors each send their own CSV at the end of the day, and records the uploads at the same time,
    /// each on its own connection and transaction (the recorder takes concurrent uploads as the feedback API does).
    /// The outcomes do not depend on it: they are drawn from references that exist before the day's reports (a repair's
    /// from the reference of the visit that raised it), so the same seed and estate give the same reports whatever it is.
    /// </summary>
    public int Uploads
    {
        get => _uploads;
        init => _uploads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one upload.");
    }

    /// <summary>
    /// Reports <paramref name="day"/>'s visits and the repairs whose completion time is at or before the clock's now
    /// (the clock must be on <paramref name="day"/>, after the day's work).
    /// </summary>
    public async Task<CompletionDay> RunAsync(LocalDate day, CancellationToken cancellationToken) =>
        await RecordAsync(await ChooseAsync(day, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The contractors' side of <see cref="RunAsync"/>: which of <paramref name="day"/>'s visits and which repairs are
    /// reported, and how (the stand-in's own reads; the product never runs them). The clock must be on
    /// <paramref name="day"/>, after the day's work.
    /// </summary>
    public async Task<IReadOnlyList<SimulatedReport>> ChooseAsync(LocalDate day, CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        var reports = new List<SimulatedReport>();
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using (var visits = new NpgsqlCommand(VisitsSql, connection))
            {
                visits.Parameters.AddWithValue("day", day);
                visits.Parameters.AddWithValue("gas", _gasSchedules);
                await using var reader = await visits.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var reference = reader.GetString(0);
                    var contractor = reader.IsDBNull(1) ? null : reader.GetString(1);
                    reports.Add(new SimulatedReport(Visit(reference, contractor, (VisitKind)reader.GetInt32(2), day), false, false));
                }
            }

            await using var repairs = new NpgsqlCommand(RepairsSql, connection);
            await using var rows = await repairs.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var reference = rows.GetString(0);
                var due = rows.GetFieldValue<Instant>(3);
                var done = RepairDoneAt(rows.GetString(4), rows.GetFieldValue<Instant>(2), due);
                if (done <= now)
                {
                    var contractor = rows.IsDBNull(1) ? null : rows.GetString(1);
                    reports.Add(new SimulatedReport(new CompletionReport(reference, contractor, VisitOutcome.Done, done.InZone(_zone).Date, CompletionSources.Csv, null, Note, done), true, done > due));
                }
            }
        }

        return reports;
    }

    /// <summary>
    /// The product's side of <see cref="RunAsync"/>: <paramref name="reports"/> (from <see cref="ChooseAsync"/>) recorded as
    /// one upload, through the recorder's bulk route (set-based, the same effects and results), and counted.
    /// </summary>
    public async Task<CompletionDay> RecordAsync(IReadOnlyList<SimulatedReport> reports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var result = new CompletionDay();
        var answers = _uploads == 1
            ? await _recorder.RecordManyAsync([.. reports.Select(r => r.Report)], cancellationToken).ConfigureAwait(false)
            : await RecordSideBySideAsync(reports, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < reports.Count; i++)
        {
            var (report, repair, late) = reports[i];
            result.Add(report, repair, answers[i]);
            if (late && answers[i].Status == CompletionStatus.Recorded)
            {
                result.AddLate();
            }
        }

        return result;
    }

    /// <summary>
    /// Splits <paramref name="reports"/> into <see cref="Uploads"/> uploads (<see cref="SplitByContractor"/>), records them at
    /// the same time and gives the answers in the order of <paramref name="reports"/>.
    /// </summary>
    private async Task<IReadOnlyList<CompletionResult>> RecordSideBySideAsync(IReadOnlyList<SimulatedReport> reports, CancellationToken cancellationToken)
    {
        var uploads = SplitByContractor(reports.Select(r => r.Report.ContractorId).ToList(), _uploads);
        var recorded = await Task.WhenAll(uploads.Select(indexes =>
            _recorder.RecordManyAsync([.. indexes.Select(i => reports[i].Report)], cancellationToken))).ConfigureAwait(false);
        var answers = new CompletionResult[reports.Count];
        for (var u = 0; u < uploads.Count; u++)
        {
            for (var j = 0; j < uploads[u].Count; j++)
            {
                answers[uploads[u][j]] = recorded[u][j];
            }
        }

        return answers;
    }

    /// <summary>
    /// The positions of <paramref name="contractors"/> (each report's contractor; null is one more) in at most
    /// <paramref name="uploads"/> non-empty lists: every contractor's positions whole in one list, in their order, each
    /// list ascending; the contractors with the most reports placed first, each into the list with the fewest so far
    /// (ties by contractor id, then the first list), so the same reports always split the same way.
    /// </summary>
    internal static List<List<int>> SplitByContractor(IReadOnlyList<string?> contractors, int uploads)
    {
        var lists = Enumerable.Range(0, uploads).Select(_ => new List<int>()).ToList();
        var groups = Enumerable.Range(0, contractors.Count)
            .GroupBy(i => contractors[i] ?? string.Empty, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            lists.MinBy(l => l.Count)!.AddRange(group);
        }

        foreach (var list in lists)
        {
            list.Sort();
        }

        return [.. lists.Where(l => l.Count > 0)];
    }

    /// <summary>What kind of visit an order is.</summary>
    private enum VisitKind
    {
        /// <summary>A planned visit on its target date.</summary>
        Planned = 0,

        /// <summary>A gas check on its booked appointment's date.</summary>
        GasAppointment = 1,

        /// <summary>
        /// A gas order the booking never booked (the home's deadline had passed, or it was escalated): arranged by hand,
        /// visited on its target date; never no access (there is no appointment to rebook).
        /// </summary>
        GasByHand = 2,
    }

    /// <summary>A visit's report: its outcome drawn from the seed and the reference.</summary>
    private CompletionReport Visit(string reference, string? contractor, VisitKind kind, LocalDate day)
    {
        var gas = kind != VisitKind.Planned;
        var draw = Draw(reference, 0);
        var outcome = kind == VisitKind.GasAppointment && draw < NoAccessShare ? VisitOutcome.NoAccess
            : draw >= 1 - DefectShare ? VisitOutcome.Defect
            : VisitOutcome.Done;
        string? category = null;
        var note = Note;
        if (outcome == VisitOutcome.Defect)
        {
            var choices = gas ? GasDefects : OtherDefects;
            category = choices[(int)(Draw(reference, 1) * choices.Length)];
            var notes = DefectNotes[category];
            note = notes[(int)(Draw(reference, 4) * notes.Length)]; // a draw of its own: the outcomes drawn before are unchanged
        }

        return new CompletionReport(reference, contractor, outcome, day, CompletionSources.Csv, category, note);
    }

    /// <summary>
    /// When a repair is done: within its SLA (a drawn share of the time from report to deadline) or, for about
    /// <see cref="LateRepairShare"/> of repairs, 1 to 3 days after the deadline. Drawn from <paramref name="parentReference"/>,
    /// the visit that raised it (draws 5 and 6: the visit's own outcome took 0, 1 and 4), not from the repair's own
    /// reference, which depends on the order repairs were raised in (before, draws 2 and 3 of the repair's reference).
    /// </summary>
    private Instant RepairDoneAt(string parentReference, Instant reported, Instant due)
    {
        var share = Draw(parentReference, 5);
        if (share < LateRepairShare)
        {
            return due + Duration.FromDays(1 + (int)(Draw(parentReference, 6) * 3));
        }

        return reported + (due - reported) * (0.2 + (0.75 * Draw(parentReference, 6)));
    }

    /// <summary>A number in [0, 1) fixed by the seed, the reference and which draw it is.</summary>
    private double Draw(string reference, int which)
    {
        // FNV-1a over the characters, then SplitMix64's finaliser to spread the bits.
        var hash = 0xcbf29ce484222325UL ^ (ulong)(uint)Seed ^ ((ulong)(uint)which << 32);
        foreach (var c in reference)
        {
            hash = (hash ^ c) * 0x100000001b3UL;
        }

        hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9UL;
        hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebUL;
        hash ^= hash >> 31;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }
}
