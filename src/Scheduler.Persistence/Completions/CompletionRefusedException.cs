namespace Scheduler.Persistence.Completions;

/// <summary>
/// Thrown by an <see cref="ICompletionEffect"/> that cannot apply for a reason the reporter should hear (for example no
/// contractor serves the repair's trade in that area). <see cref="CompletionRecorder"/> rolls the report back and answers
/// <see cref="CompletionStatus.Refused"/> with <see cref="Refusal"/> and the message; any other exception rolls back and
/// propagates. The message must not carry the note, a token or a key.
/// </summary>
public sealed class CompletionRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CompletionRefusedException(CompletionRefusal refusal, string message)
        : base(message) => Refusal = refusal;

    /// <summary>Creates the exception with <see cref="CompletionRefusal.BadInput"/>.</summary>
    public CompletionRefusedException()
        : this(CompletionRefusal.BadInput, "The report was refused.")
    {
    }

    /// <summary>Creates the exception with <see cref="CompletionRefusal.BadInput"/>.</summary>
    public CompletionRefusedException(string message)
        : this(CompletionRefusal.BadInput, message)
    {
    }

    /// <summary>Creates the exception with <see cref="CompletionRefusal.BadInput"/>.</summary>
    public CompletionRefusedException(string message, Exception innerException)
        : base(message, innerException) => Refusal = CompletionRefusal.BadInput;

    /// <summary>Why the report is refused.</summary>
    public CompletionRefusal Refusal { get; }
}
