using Npgsql;
using NodaTime;

namespace Scheduler.Worker.Feedback;

/// <summary>
/// What the feedback page shows about an order: the same facts as the contractor's email. <c>EarliestVisit</c> is the
/// first visit date the recorder accepts, the page's date field's lowest: the window's first day, or for a follow-up
/// whose visit is reported done, that visit's day when earlier (the sweep made with the cut: docs/feedback.md).
/// <c>LatestReport</c> is the outcome of the order's latest report (<c>done</c>, <c>no-access</c>, <c>defect</c>) when
/// it was for the visit the order is completed on (its <c>visit_on</c> that day, or none stored), and
/// <c>ReportedDefects</c> the categories of that visit's defect reports: the page of a completed order says what was
/// reported and offers the defect-only form when the recorder would take a defect of that visit (docs/feedback.md,
/// "A defect found after the visit was reported done").
/// </summary>
internal sealed record FeedbackOrder(
    string Reference, string Service, string? ContractorId, string Status, LocalDate WindowStart, LocalDate WindowEnd, LocalDate? CompletedOn, string Where,
    LocalDate EarliestVisit, string? LatestReport, IReadOnlyList<string> ReportedDefects)
{
    private const string Sql = """
        SELECT w.reference, w.service, w.contractor_id, w.status, w.window_start, w.window_end, w.completed_on,
               coalesce(h.address || ', ' || h.postcode, b.name || ', ' || bs.name, s.name, w.asset_id),
               least(w.window_start, coalesce(p.completed_on, w.window_start)),
               CASE WHEN coalesce(r.visit_on, w.completed_on) = w.completed_on THEN r.outcome END,
               array(SELECT DISTINCT e.defect_category FROM work_order_events e
                     WHERE e.work_order_id = w.id AND e.outcome = 'defect' AND e.defect_category IS NOT NULL
                       AND coalesce(e.visit_on, w.completed_on) = w.completed_on ORDER BY 1)
        FROM work_orders w
        LEFT JOIN work_orders p ON p.id = w.parent_id AND p.status = 'completed'
        LEFT JOIN homes h ON w.asset_kind = 'property' AND h.id = w.asset_id
        LEFT JOIN blocks b ON w.asset_kind = 'block' AND b.id = w.asset_id
        LEFT JOIN sites bs ON bs.id = b.site_id
        LEFT JOIN sites s ON w.asset_kind = 'site' AND s.id = w.asset_id
        LEFT JOIN LATERAL (
            SELECT e.outcome, e.visit_on FROM work_order_events e
            WHERE e.work_order_id = w.id AND e.outcome IS NOT NULL ORDER BY e.id DESC LIMIT 1) r ON true
        WHERE w.reference = @reference
        """;

    /// <summary>
    /// The visit a defect may still be reported for (its date), or null: the order is completed and its latest report,
    /// done or defect, was of that day, as <c>CompletionRecorder</c> requires of a defect after the visit's report.
    /// </summary>
    public LocalDate? DefectVisit =>
        Status == "completed" && (LatestReport is "done" or "defect") ? CompletedOn : null;

    /// <summary>The order with <paramref name="reference"/>, or null.</summary>
    public static async Task<FeedbackOrder?> FindAsync(NpgsqlDataSource dataSource, string reference, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("reference", reference);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new FeedbackOrder(
            reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
            reader.GetFieldValue<LocalDate>(4), reader.GetFieldValue<LocalDate>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<LocalDate>(6),
            reader.GetString(7), reader.GetFieldValue<LocalDate>(8), reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetFieldValue<string[]>(10));
    }
}
