namespace Scheduler.Worker.Email;

/// <summary>An iCalendar file: its method and its text (CRLF line ends, folded at 75 octets).</summary>
public sealed record IcsFile(CalendarMethod Method, string Text)
{
    /// <summary><c>REQUEST</c> or <c>CANCEL</c>, as written in the file and in the MIME <c>method</c> parameter.</summary>
    public string MethodName => Method switch
    {
        CalendarMethod.Request => "REQUEST",
        CalendarMethod.Cancel => "CANCEL",
        _ => throw new InvalidOperationException($"Calendar method must be Request or Cancel, not {Method}."),
    };

    /// <summary>Its method and length: never the text (its entries carry addresses and a defect's description).</summary>
    public override string ToString() => $"IcsFile {{ Method = {Method}, Text = ({Text.Length} characters) }}";
}
