namespace Scheduler.Domain.Planning;

/// <summary>
/// Where a work order is in its life. Stored as kebab-case text (<c>planned</c>, <c>no-access</c>, …);
/// see <see cref="WorkOrderStatuses"/>. The zero value is invalid so an unset status is caught.
/// </summary>
public enum WorkOrderStatus
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>Created by the planner; nothing has been sent to the contractor yet.</summary>
    Planned,

    /// <summary>Sent to the contractor (per order or in a weekly programme).</summary>
    Issued,

    /// <summary>An appointment with the tenant is booked.</summary>
    Appointed,

    /// <summary>Done; <c>completed_on</c> holds the date. Never changed by planning.</summary>
    Completed,

    /// <summary>The contractor attended and could not get in. Never changed by planning.</summary>
    NoAccess,

    /// <summary>Cancelled with a recorded reason. Kept for history, never deleted.</summary>
    Cancelled,
}

/// <summary>Text forms and rules of <see cref="WorkOrderStatus"/>.</summary>
public static class WorkOrderStatuses
{
    /// <summary>Every valid status, in life order.</summary>
    public static IReadOnlyList<WorkOrderStatus> All { get; } =
    [
        WorkOrderStatus.Planned, WorkOrderStatus.Issued, WorkOrderStatus.Appointed,
        WorkOrderStatus.Completed, WorkOrderStatus.NoAccess, WorkOrderStatus.Cancelled,
    ];

    /// <summary>
    /// True while an order is still to be done and can be cancelled by planning (planned, issued, appointed).
    /// Completed, no-access and cancelled orders are history.
    /// </summary>
    public static bool IsOpen(this WorkOrderStatus status) =>
        status is WorkOrderStatus.Planned or WorkOrderStatus.Issued or WorkOrderStatus.Appointed;

    /// <summary>The stored text: <c>planned</c>, <c>issued</c>, <c>appointed</c>, <c>completed</c>, <c>no-access</c>, <c>cancelled</c>.</summary>
    public static string ToText(this WorkOrderStatus status) => status switch
    {
        WorkOrderStatus.Planned => "planned",
        WorkOrderStatus.Issued => "issued",
        WorkOrderStatus.Appointed => "appointed",
        WorkOrderStatus.Completed => "completed",
        WorkOrderStatus.NoAccess => "no-access",
        WorkOrderStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a valid work-order status."),
    };

    /// <summary>Parses the stored text (case-insensitive; <c>no_access</c> is accepted for <c>no-access</c>); null when unknown.</summary>
    public static WorkOrderStatus? Parse(string? text) => text switch
    {
        "planned" => WorkOrderStatus.Planned,
        "issued" => WorkOrderStatus.Issued,
        "appointed" => WorkOrderStatus.Appointed,
        "completed" => WorkOrderStatus.Completed,
        "no-access" => WorkOrderStatus.NoAccess,
        "cancelled" => WorkOrderStatus.Cancelled,
        null => null,
        _ => ParseLoosely(text),
    };

    private static WorkOrderStatus? ParseLoosely(string text) => text.Trim().ToUpperInvariant() switch
    {
        "PLANNED" => WorkOrderStatus.Planned,
        "ISSUED" => WorkOrderStatus.Issued,
        "APPOINTED" => WorkOrderStatus.Appointed,
        "COMPLETED" => WorkOrderStatus.Completed,
        "NO-ACCESS" or "NO_ACCESS" => WorkOrderStatus.NoAccess,
        "CANCELLED" => WorkOrderStatus.Cancelled,
        _ => null,
    };
}
