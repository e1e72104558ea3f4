using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using NodaTime;
using Scheduler.Persistence.Completions;

namespace Scheduler.Worker.Feedback;

/// <summary>
/// The small server-rendered feedback page: plain HTML, inline styles, no scripts, no external resources. Every value
/// is HTML-encoded. The form posts back to the same (token-bound) address.
/// </summary>
internal static class FeedbackPage
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>
    /// The order and the form; <paramref name="outcome"/> is preselected, <paramref name="message"/> shown above it. An
    /// order reported done or with a defect (<see cref="FeedbackOrder.DefectVisit"/>) gets what was reported and the
    /// defect-only form for that visit, with <paramref name="category"/> and <paramref name="note"/> as sent (a refused
    /// defect is shown again as it was).
    /// </summary>
    public static string Form(FeedbackOrder order, string serviceName, string? outcome, LocalDate today, string? message = null, string? category = null, string? note = null)
    {
        var body = new StringBuilder();
        body.Append(OrderTable(order, serviceName));
        if (message is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p role=\"alert\" style=\"color:#8a1c1c\"><strong>{E(message)}</strong></p>");
        }

        if (order.DefectVisit is { } visit)
        {
            DefectForm(body, order, visit, category, note);
            return Page($"Work order {order.Reference}", body.ToString());
        }

        if (order.Status is "completed" or "no-access")
        {
            body.Append(CultureInfo.InvariantCulture, $"<p>This order was already reported ({E(order.Status)}{(order.CompletedOn is { } d ? $" on {d:dddd d MMMM yyyy}" : string.Empty)}). Thank you.</p>");
            return Page($"Work order {order.Reference}", body.ToString());
        }

        if (order.Status == "cancelled")
        {
            body.Append("<p>This order was cancelled: there is nothing to report.</p>");
            return Page($"Work order {order.Reference}", body.ToString());
        }

        var chosen = outcome is "no-access" or "defect" ? outcome : "done";
        body.Append("<form method=\"post\">");
        body.Append("<fieldset style=\"margin:0 0 1em 0\"><legend>What happened?</legend>");
        foreach (var (value, label) in new[] { ("done", "The work is done"), ("no-access", "I could not get in (no access)"), ("defect", "Done, and I found a defect that needs a repair") })
        {
            body.Append(CultureInfo.InvariantCulture,
                $"<label style=\"display:block;margin:0.3em 0\"><input type=\"radio\" name=\"outcome\" value=\"{value}\"{(value == chosen ? " checked" : string.Empty)}> {E(label)}</label>");
        }

        body.Append("</fieldset>");
        body.Append(CultureInfo.InvariantCulture,
            $"<p><label>Date of the visit<br><input type=\"date\" name=\"date\" required value=\"{today:uuuu-MM-dd}\" min=\"{order.EarliestVisit:uuuu-MM-dd}\" max=\"{today:uuuu-MM-dd}\"></label></p>");
        body.Append("<p><label>Defect category (only for a defect)<br><select name=\"category\"><option value=\"\">(none)</option>");
        foreach (var id in DefectCategories.All)
        {
            body.Append(CultureInfo.InvariantCulture, $"<option value=\"{id}\">{E(id)}</option>");
        }

        body.Append("</select></label></p>");
        body.Append(CultureInfo.InvariantCulture,
            $"<p><label>Note (what you found, what is needed)<br><textarea name=\"note\" rows=\"4\" cols=\"50\" maxlength=\"{CompletionRecorder.MaxNoteLength}\"></textarea></label></p>");
        body.Append("<p><button type=\"submit\">Send</button></p></form>");
        return Page($"Work order {order.Reference}", body.ToString());
    }

    // A visit reported done (or with a defect): what was reported, and a form for a defect found on that visit, the same
    // visit date (fixed: the recorder takes a defect after the visit's report only for its day), posted as the open
    // form posts a defect (docs/feedback.md, "A defect found after the visit was reported done").
    private static void DefectForm(StringBuilder body, FeedbackOrder order, LocalDate visit, string? category, string? note)
    {
        var defects = order.ReportedDefects.Count == 0
            ? string.Empty
            : $", with {(order.ReportedDefects.Count == 1 ? "a defect" : "defects")}: {string.Join(", ", order.ReportedDefects)}";
        body.Append(CultureInfo.InvariantCulture, $"<p>This order was already reported done on {visit:dddd d MMMM yyyy}{E(defects)}. Thank you.</p>");
        body.Append("<form method=\"post\">");
        body.Append("<input type=\"hidden\" name=\"outcome\" value=\"defect\">");
        body.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"date\" value=\"{visit:uuuu-MM-dd}\">");
        body.Append("<fieldset style=\"margin:0 0 1em 0\"><legend>Found something on this visit that needs a repair?</legend>");
        body.Append(CultureInfo.InvariantCulture,
            $"<p>Tell us about a defect found on the visit of {visit:dddd d MMMM yyyy} and we raise a repair for it. One report for each category: put everything of one category in its note.</p>");
        body.Append("<p><label>Defect category<br><select name=\"category\" required><option value=\"\">(choose one)</option>");
        foreach (var id in DefectCategories.All)
        {
            var reported = order.ReportedDefects.Contains(id, StringComparer.Ordinal) ? " (already reported)" : string.Empty;
            body.Append(CultureInfo.InvariantCulture,
                $"<option value=\"{id}\"{(string.Equals(id, category, StringComparison.Ordinal) ? " selected" : string.Empty)}>{E(id + reported)}</option>");
        }

        body.Append("</select></label></p>");
        body.Append(CultureInfo.InvariantCulture,
            $"<p><label>Note (what you found, what is needed)<br><textarea name=\"note\" rows=\"4\" cols=\"50\" maxlength=\"{CompletionRecorder.MaxNoteLength}\">{E(note ?? string.Empty)}</textarea></label></p>");
        body.Append("</fieldset><p><button type=\"submit\">Report the defect</button></p></form>");
    }

    /// <summary>The answer after a post, or a refusal with no order shown.</summary>
    public static string Message(string title, string text) => Page(title, $"<p>{E(text)}</p>");

    private static string OrderTable(FeedbackOrder order, string serviceName) =>
        "<table style=\"border-collapse:collapse;margin:0 0 1em 0\">"
        + Row("Reference", order.Reference)
        + Row("Service", serviceName)
        + Row("Where", order.Where)
        + Row("Window", $"{order.WindowStart:dddd d MMMM yyyy} to {order.WindowEnd:dddd d MMMM yyyy} (both days included)")
        + "</table>";

    private static string Row(string name, string value) =>
        $"<tr><th scope=\"row\" style=\"text-align:left;padding:0.2em 1em 0.2em 0\">{E(name)}</th><td>{E(value)}</td></tr>";

    private static string Page(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<meta name=\"robots\" content=\"noindex\"><meta name=\"referrer\" content=\"no-referrer\">"
        + $"<title>{E(title)}</title></head><body style=\"font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;max-width:40em;margin:1em auto;padding:0 1em\">"
        + $"<h1 style=\"font-size:1.4em\">{E(title)}</h1>{body}</body></html>";

    private static string E(string text) => Html.Encode(text);
}
