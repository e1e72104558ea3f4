namespace Scheduler.Worker.Feedback;

/// <summary>
/// The field of the feedback page's form a refusal is about, so the page shows the reason beside it (and marks it
/// <c>aria-invalid</c>); <see cref="None"/> when the reason is about the order, not a field (already reported, cancelled).
/// </summary>
internal enum FeedbackField
{
    /// <summary>No one field: the reason is shown at the top only.</summary>
    None = 0,

    /// <summary>What happened (the outcome's radio buttons).</summary>
    Outcome,

    /// <summary>The date of the visit.</summary>
    Date,

    /// <summary>The defect category.</summary>
    Category,

    /// <summary>The note.</summary>
    Note,
}
