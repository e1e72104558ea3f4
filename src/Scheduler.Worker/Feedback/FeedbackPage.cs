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

    /// <summary>The open form's choices of what happened: the value each sends, and its words.</summary>
    public static IReadOnlyList<(string Value, string Label)> Outcomes { get; } =
        [("done", "The work is done"), ("no-access", "I could not get in (no access)"), ("defect", "Done, and I found a defect that needs a repair")];

    /// <summary>
    /// The order and the form, filled with <paramref name="values"/> (the outcome the link chose, or after a refused post
    /// every field as sent), <paramref name="message"/> shown above it and, when the refusal is about one
    /// <paramref name="field"/>, beside that field too (<c>aria-invalid</c>, <c>aria-describedby</c>). An order reported
    /// done or with a defect (<see cref="FeedbackOrder.DefectVisit"/>) gets what was reported and the defect-only form for
    /// that visit, its category and note as sent.
    /// </summary>
    public static string Form(FeedbackOrder order, string serviceName, LocalDate today, FeedbackFormValues values, string? message = null, FeedbackField field = FeedbackField.None)
    {
        ArgumentNullException.ThrowIfNull(values);
        var body = new StringBuilder();
        body.Append(OrderTable(order, serviceName));
        if (message is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p role=\"alert\" style=\"color:#8a1c1c\"><strong>{E(message)}</strong></p>");
        }

        var error = new FieldError(message is null ? FeedbackField.None : field, message ?? string.Empty);
        if (order.DefectVisit is { } visit)
        {
            DefectForm(body, order, visit, values, error);
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

        // Done unless something else was chosen; none when the refusal is that nothing (or nothing known) was.
        var chosen = values.Outcome is "done" or "no-access" or "defect" ? values.Outcome : error.Field == FeedbackField.Outcome ? null : "done";
        body.Append("<form method=\"post\">");
        body.Append(CultureInfo.InvariantCulture, $"<fieldset style=\"margin:0 0 1em 0\"{error.Describes(FeedbackField.Outcome)}><legend>What happened?</legend>");
        body.Append(error.Beside(FeedbackField.Outcome));
        foreach (var (value, label) in Outcomes)
        {
            body.Append(CultureInfo.InvariantCulture,
                $"<label style=\"display:block;margin:0.3em 0\"><input type=\"radio\" name=\"outcome\" value=\"{value}\"{(value == chosen ? " checked" : string.Empty)}> {E(label)}</label>");
        }

        body.Append("</fieldset>");
        var date = values.Date ?? today.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
        body.Append(CultureInfo.InvariantCulture,
            $"<p>{error.Beside(FeedbackField.Date)}<label>Date of the visit<br><input type=\"date\" name=\"date\" required value=\"{E(date)}\" min=\"{order.EarliestVisit:uuuu-MM-dd}\" max=\"{today:uuuu-MM-dd}\"{error.Marks(FeedbackField.Date)}></label></p>");
        body.Append(CultureInfo.InvariantCulture,
            $"<p>{error.Beside(FeedbackField.Category)}<label>Defect category (only for a defect)<br><select name=\"category\"{error.Marks(FeedbackField.Category)}><option value=\"\">(none)</option>");
        foreach (var id in DefectCategories.All)
        {
            body.Append(CultureInfo.InvariantCulture, $"<option value=\"{id}\"{Selected(id, values.Category)}>{E(id)}</option>");
        }

        body.Append("</select></label></p>");
        body.Append(NoteField(values.Note, error));
        body.Append("<p><button type=\"submit\">Send</button></p></form>");
        return Page($"Work order {order.Reference}", body.ToString());
    }

    // A visit reported done (or with a defect): what was reported, and a form for a defect found on that visit, the same
    // visit date (fixed: the recorder takes a defect after the visit's report only for its day), posted as the open
    // form posts a defect (docs/feedback.md, "A defect found after the visit was reported done"). A refusal about the
    // date or the outcome (only a tampered form sends another) has no field here: it is shown at the top only.
    private static void DefectForm(StringBuilder body, FeedbackOrder order, LocalDate visit, FeedbackFormValues values, FieldError error)
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
        body.Append(CultureInfo.InvariantCulture,
            $"<p>{error.Beside(FeedbackField.Category)}<label>Defect category<br><select name=\"category\" required{error.Marks(FeedbackField.Category)}><option value=\"\">(choose one)</option>");
        foreach (var id in DefectCategories.All)
        {
            var reported = order.ReportedDefects.Contains(id, StringComparer.Ordinal) ? " (already reported)" : string.Empty;
            body.Append(CultureInfo.InvariantCulture, $"<option value=\"{id}\"{Selected(id, values.Category)}>{E(id + reported)}</option>");
        }

        body.Append("</select></label></p>");
        body.Append(NoteField(values.Note, error));
        body.Append("</fieldset><p><button type=\"submit\">Report the defect</button></p></form>");
    }

    private static string NoteField(string? note, FieldError error) =>
        $"<p>{error.Beside(FeedbackField.Note)}<label>Note (what you found, what is needed)<br><textarea name=\"note\" rows=\"4\" cols=\"50\" maxlength=\"{CompletionRecorder.MaxNoteLength}\"{error.Marks(FeedbackField.Note)}>{E(note ?? string.Empty)}</textarea></label></p>";

    private static string Selected(string id, string? sent) => string.Equals(id, sent?.Trim(), StringComparison.Ordinal) ? " selected" : string.Empty;

    /// <summary>
    /// The answer to a report recorded or already recorded: <paramref name="text"/>, and when a defect may still be
    /// reported for the visit (<paramref name="defectVisit"/>: the order's page now offers the defect-only form for it)
    /// a sentence saying so, with the link, and until when the link works (<paramref name="lastDay"/>).
    /// </summary>
    public static string Thanks(string text, LocalDate? defectVisit, bool afterDefect, LocalDate? lastDay)
    {
        var body = $"<p>{E(text)}</p>";
        if (defectVisit is { } visit)
        {
            var until = lastDay is { } last ? $" (it works until {last:dddd d MMMM yyyy})" : string.Empty;
            body += string.Create(CultureInfo.InvariantCulture,
                $"<p>Found {(afterDefect ? "something else" : "something")} on this visit that needs a repair, now or later? You can still report it on this same link{until}, for the visit of {visit:dddd d MMMM yyyy}: <a href=\"?outcome=defect\">report a defect found on this visit</a>.</p>");
        }

        return Page("Thank you", body);
    }

    /// <summary>
    /// The answer to a body larger than any form the page produces (<see cref="FeedbackFormSize.MaxBytes"/>): it was not
    /// read, so nothing was recorded and nothing sent can be shown back. The order, what happened in words, and the way
    /// back: the browser's Back button keeps what was typed; the link opens the form again (the page's own address, so
    /// the token is not written into the page again).
    /// </summary>
    public static string TooLarge(FeedbackOrder order, string serviceName) =>
        Page($"Work order {order.Reference}", OrderTable(order, serviceName)
            + "<p role=\"alert\" style=\"color:#8a1c1c\"><strong>Nothing was recorded: what was sent is larger than any report this page sends, so it was not read.</strong></p>"
            + string.Create(CultureInfo.InvariantCulture,
                $"<p>A note may have up to {CompletionRecorder.MaxNoteLength:N0} characters. Please go back (your browser keeps what you typed), shorten the note and send it again, or <a href=\"\">open the form again</a>.</p>"));

    /// <summary>
    /// The contractor's words for a defect whose repair nobody can be sent (<c>no-repair-contractor</c>): what happened
    /// (the defect is not recorded; on the open form nothing of the report is, and the visit can be sent alone), and whom
    /// to tell, the landlord's phone and email from <c>organisation</c> as its letters give them. The API keeps the
    /// recorder's message, which tells landlord staff what to change in <c>contractors.yaml</c>.
    /// </summary>
    public static string NoRepairContractor(Scheduler.Domain.Configuration.Organisation organisation, string? category, bool visitRecorded)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        var phone = string.IsNullOrWhiteSpace(organisation.Phone) ? null : organisation.Phone.Trim();
        var email = string.IsNullOrWhiteSpace(organisation.Email) ? null : organisation.Email.Trim();
        var contact = (phone, email) switch
        {
            (not null, not null) => $"call us on {phone} or email {email}",
            (not null, null) => $"call us on {phone}",
            (null, not null) => $"email us at {email}",
            _ => "reply to the work-order email",
        };
        var why = $"we have no contractor for this kind of repair ({category}) at this address, so no repair can be raised from this page.";
        return visitRecorded
            ? $"The defect was not recorded: {why} Your visit stays recorded as done. Please {contact} to report the defect."
            : $"Nothing was recorded, neither the defect nor the visit: {why} Please {contact} to report the defect. To record the visit itself, choose \"The work is done\" and send again.";
    }

    /// <summary>A refusal with no order shown (the link does not work, the order is gone or not the contractor's).</summary>
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

    // The refusal's reason beside the field it is about: the text before the field's label (above it on a phone), the
    // field marked invalid and described by that text. A plain struct: nothing prints the reason (a refusal may quote
    // the category sent).
    private readonly struct FieldError(FeedbackField about, string message)
    {
        public FeedbackField Field => about;

        private static string Id(FeedbackField f) => f.ToString().ToLowerInvariant() + "-error";

        public string Beside(FeedbackField f) => f == about
            ? $"<strong id=\"{Id(f)}\" style=\"display:block;color:#8a1c1c\">{E(message)}</strong>"
            : string.Empty;

        public string Marks(FeedbackField f) => f == about ? $" aria-invalid=\"true\" aria-describedby=\"{Id(f)}\"" : string.Empty;

        public string Describes(FeedbackField f) => f == about ? $" aria-describedby=\"{Id(f)}\"" : string.Empty;
    }
}
