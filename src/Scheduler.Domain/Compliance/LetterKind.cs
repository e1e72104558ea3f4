namespace Scheduler.Domain.Compliance;

/// <summary>The appointment letter sent for an access attempt, firmer at each attempt.</summary>
public enum LetterKind
{
    /// <summary>Not a letter: the default value.</summary>
    Invalid = 0,

    /// <summary>The first appointment letter, sent at least the configured notice before the visit.</summary>
    First,

    /// <summary>The second, firmer letter after one failed attempt.</summary>
    Second,

    /// <summary>The third letter, which warns that the case will be escalated if access is refused again.</summary>
    Third,

    /// <summary>The escalation after the last attempt failed: the compliance manager is told, with the evidence.</summary>
    Escalation,
}
