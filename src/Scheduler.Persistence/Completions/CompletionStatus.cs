namespace Scheduler.Persistence.Completions;

/// <summary>The answer to a report.</summary>
public enum CompletionStatus
{
    /// <summary>Not set; never returned.</summary>
    Invalid = 0,

    /// <summary>Checked and written, with every effect, in one transaction.</summary>
    Recorded,

    /// <summary>The same report (order, outcome, date and category) was recorded before; nothing was written again.</summary>
    AlreadyRecorded,

    /// <summary>Refused with a reason; nothing was written.</summary>
    Refused,
}
