namespace Scheduler.Persistence.Completions;

/// <summary>What a contractor reports about a visit (the feedback page, the API, a CSV import or <c>complete</c>).</summary>
public enum VisitOutcome
{
    /// <summary>The work was done. The order becomes <c>completed</c>.</summary>
    Done,

    /// <summary>The contractor could not get in. The order becomes <c>no-access</c>.</summary>
    NoAccess,

    /// <summary>
    /// The work was done and a defect was found (category and note given). The order becomes <c>completed</c> and
    /// a follow-up repair order is raised with the SLA clock of the defect's category.
    /// </summary>
    Defect,
}
