namespace Scheduler.Drills;

/// <summary>One drill's tally: how often it ran, what was lost or duplicated, and every failure in words.</summary>
internal sealed class DrillResult(string name, int runs)
{
    private readonly List<string> _failures = [];
    private readonly List<string> _notes = [];
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public int Runs { get; } = runs;

    public long Lost { get; set; }

    public long Duplicated { get; set; }

    public IReadOnlyList<string> Failures => _failures;

    public bool Passed => _failures.Count == 0;

    public void Fail(string failure) => _failures.Add(failure);

    public void Note(string note) => _notes.Add(note);

    public void Count(string what) => _counts[what] = _counts.GetValueOrDefault(what) + 1;

    /// <summary>A row of the results table in docs/reliability.md.</summary>
    public string Row() =>
        $"| {Name} | {Runs} | {Lost} | {Duplicated} | {string.Join("; ", _counts.Select(c => $"{c.Value} {c.Key}").Concat(_notes))} | {(Passed ? "pass" : "FAIL")} |";
}
