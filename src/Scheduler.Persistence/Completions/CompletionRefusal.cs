namespace Scheduler.Persistence.Completions;

/// <summary>Why a report was refused (<see cref="CompletionResult.Refusal"/>). Nothing is written for a refused report.</summary>
public enum CompletionRefusal
{
    /// <summary>Not refused.</summary>
    None = 0,

    /// <summary>No work order has the reference.</summary>
    UnknownOrder,

    /// <summary>The order belongs to another contractor (the order's details are not revealed).</summary>
    WrongContractor,

    /// <summary>The order was cancelled.</summary>
    Cancelled,

    /// <summary>The order already has a different report (done, no access or a defect, or another date).</summary>
    AlreadyReported,

    /// <summary>The visit date is after today in the organisation's zone.</summary>
    DateInFuture,

    /// <summary>The visit date is before the first day of the order's window.</summary>
    BeforeWindow,

    /// <summary>A defect without a category, a category that is not a repair category, or a category on another outcome.</summary>
    BadCategory,

    /// <summary>The note is longer than <see cref="CompletionRecorder.MaxNoteLength"/>, or the source is unknown.</summary>
    BadInput,

    /// <summary>A defect's repair cannot be raised: no contractor serves that trade in the order's area.</summary>
    NoRepairContractor,
}
