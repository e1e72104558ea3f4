namespace Scheduler.Persistence.Completions;

/// <summary>Text forms of <see cref="VisitOutcome"/>: <c>done</c>, <c>no-access</c>, <c>defect</c> (CLI, CSV, API, audit).</summary>
public static class VisitOutcomes
{
    /// <summary>The text form.</summary>
    public static string ToText(this VisitOutcome outcome) => outcome switch
    {
        VisitOutcome.Done => "done",
        VisitOutcome.NoAccess => "no-access",
        VisitOutcome.Defect => "defect",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a visit outcome."),
    };

    /// <summary>Parses <c>done</c>, <c>no-access</c> (or <c>no_access</c>) or <c>defect</c>, case-insensitively; null otherwise.</summary>
    public static VisitOutcome? Parse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "DONE" => VisitOutcome.Done,
        "NO-ACCESS" or "NO_ACCESS" => VisitOutcome.NoAccess,
        "DEFECT" => VisitOutcome.Defect,
        _ => null,
    };

    /// <summary>The accepted texts, for messages.</summary>
    public const string Accepted = "done, no-access or defect";
}
