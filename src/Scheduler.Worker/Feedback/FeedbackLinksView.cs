using NodaTime;

namespace Scheduler.Worker.Feedback;

/// <summary>
/// The feedback links for one order as templates see them (<c>order.feedback.done</c>, …): absolute URLs that open the
/// feedback page with the outcome chosen. Each URL holds the secret token: it goes in the contractor's email and
/// nowhere else (never a log).
/// </summary>
/// <param name="Done">Report the work done.</param>
/// <param name="NoAccess">Report that there was no access.</param>
/// <param name="Defect">Report a defect found (category and note on the page).</param>
/// <param name="LastDay">The last day (the organisation's zone) on which the links work (inclusive).</param>
public sealed record FeedbackLinksView(string Done, string NoAccess, string Defect, LocalDate LastDay)
{
    /// <inheritdoc />
    public override string ToString() => $"feedback links (valid to {LastDay:uuuu-MM-dd})";
}
