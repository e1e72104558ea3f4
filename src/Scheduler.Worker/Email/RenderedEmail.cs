namespace Scheduler.Worker.Email;

/// <summary>A rendered email: subject and both bodies, and which template files made them.</summary>
/// <param name="Subject">One line, without control characters (a value holding CR or LF cannot add a header).</param>
/// <param name="Text">The plain-text body, without its subject line.</param>
/// <param name="Html">The HTML body.</param>
/// <param name="Language">The language of the templates used: the one asked for, or English when it has none.</param>
/// <param name="TextTemplate">The plain-text template's path.</param>
/// <param name="HtmlTemplate">The HTML template's path.</param>
public sealed record RenderedEmail(string Subject, string Text, string Html, string Language, string TextTemplate, string HtmlTemplate)
{
    /// <summary>The templates and lengths: never the subject or a body (they name the tenant, the home, the visit).</summary>
    public override string ToString() =>
        $"RenderedEmail {{ Subject = (withheld), Text = ({Text.Length} characters), Html = ({Html.Length} characters), Language = {Language}, TextTemplate = {TextTemplate}, HtmlTemplate = {HtmlTemplate} }}";
}
