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

    /// <summary>The order and the form; <paramref name="outcome"/> is preselected, <paramref name="message"/> shown above it.</summary>
    public static string Form(FeedbackOrder order, string serviceName, string? outcome, LocalDate today, string? message = null)
    {
        var body = new StringBuilder();
        body.Append(OrderTable(order, serviceName));
        if (message is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p role=\"alert\" style=\"color:#8a1c1c\"><strong>{E(message)}</strong></p>");
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
        foreach (var category in DefectCategories.All)
        {
            body.Append(CultureInfo.InvariantCulture, $"<option value=\"{category}\">{E(category)}</option>");
        }

        body.Append("</select></label></p>");
        body.Append(CultureInfo.InvariantCulture,
            $"<p><label>Note (what you found, what is needed)<br><textarea name=\"note\" rows=\"4\" cols=\"50\" maxlength=\"{CompletionRecorder.MaxNoteLength}\"></textarea></label></p>");
        body.Append("<p><button type=\"submit\">Send</button></p></form>");
        return Page($"Work order {order.Reference}", body.ToString());
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
