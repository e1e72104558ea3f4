namespace Scheduler.Worker.Email;

/// <summary>The two bodies every email has.</summary>
public enum TemplateFormat
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>The plain-text body (<c>.txt.sbn</c>); its first line is the subject. Values are inserted as they are.</summary>
    Text,

    /// <summary>The HTML body (<c>.html.sbn</c>). Every inserted value arrives HTML-escaped.</summary>
    Html,
}
