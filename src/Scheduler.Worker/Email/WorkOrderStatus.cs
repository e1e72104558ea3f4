namespace Scheduler.Worker.Email;

/// <summary>Why a work order is being emailed: it is new, it changed since it was last sent, or it was cancelled.</summary>
public enum WorkOrderStatus
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>Sent for the first time (<see cref="WorkOrderView.Sequence"/> is usually 0).</summary>
    New,

    /// <summary>Sent again because its window, target date or details changed; its sequence is higher than last time.</summary>
    Changed,

    /// <summary>Withdrawn: the contractor's calendar entry is cancelled (iCalendar <c>METHOD:CANCEL</c>).</summary>
    Cancelled,
}
