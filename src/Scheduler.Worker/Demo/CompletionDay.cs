using Scheduler.Persistence.Completions;

namespace Scheduler.Worker.Demo;

/// <summary>
/// What simulated reports did, counted from the recorder's answers: visits recorded by outcome, repairs raised from
/// defects, repairs completed (and how many after their SLA deadline), and reports the recorder refused (with the
/// first few reasons). One per day, or the sum of many (<see cref="Add(CompletionDay)"/>).
/// </summary>
internal sealed class CompletionDay
{
    private readonly Dictionary<VisitOutcome, int> _visits = [];
    private readonly List<string> _refusals = [];

    /// <summary>Visits recorded with <paramref name="outcome"/> (repairs not included).</summary>
    public int Visits(VisitOutcome outcome) => _visits.GetValueOrDefault(outcome);

    /// <summary>Every visit recorded (repairs not included).</summary>
    public int VisitsTotal => _visits.Values.Sum();

    /// <summary>Repair orders raised by defects.</summary>
    public int RepairsRaised { get; private set; }

    /// <summary>Repair orders reported done.</summary>
    public int RepairsDone { get; private set; }

    /// <summary>Repair orders reported done after their SLA deadline.</summary>
    public int RepairsLate { get; private set; }

    /// <summary>Reports the recorder refused.</summary>
    public int Refused { get; private set; }

    /// <summary>The first refusals' messages (at most 5).</summary>
    public IReadOnlyList<string> Refusals => _refusals;

    /// <summary>Every report sent to the recorder (recorded or not).</summary>
    public int Reports => VisitsTotal + RepairsDone + Refused;

    /// <summary>Counts one report and the recorder's answer.</summary>
    public void Add(CompletionReport report, bool repair, CompletionResult result)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status != CompletionStatus.Recorded)
        {
            Refused++;
            if (_refusals.Count < 5)
            {
                _refusals.Add(result.Message);
            }

            return;
        }

        RepairsRaised += result.CreatedReferences.Count;
        if (repair)
        {
            RepairsDone++;
            return;
        }

        _visits[report.Outcome] = Visits(report.Outcome) + 1;
    }

    /// <summary>Counts a repair reported after its deadline (the caller knows the deadline).</summary>
    public void AddLate() => RepairsLate++;

    /// <summary>Adds another day's counts to these.</summary>
    public void Add(CompletionDay other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (outcome, count) in other._visits)
        {
            _visits[outcome] = Visits(outcome) + count;
        }

        RepairsRaised += other.RepairsRaised;
        RepairsDone += other.RepairsDone;
        RepairsLate += other.RepairsLate;
        Refused += other.Refused;
        _refusals.AddRange(other._refusals.Take(5 - _refusals.Count));
    }
}
