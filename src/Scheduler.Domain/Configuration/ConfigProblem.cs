namespace Scheduler.Domain.Configuration;

/// <summary>
/// One thing wrong with the configuration or the register, reported where an estates manager can fix it:
/// the file, line and column, what is wrong, the value found and the forms that would have been accepted.
/// </summary>
public sealed record ConfigProblem(SourceLocation Location, string Message, string? Value = null, string? Accepted = null)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var text = $"{Location}: {Message}";
        if (Value is not null)
        {
            text += $" (found '{Value}')";
        }

        if (Accepted is not null)
        {
            text += $"; accepted: {Accepted}";
        }

        return text;
    }
}
