namespace Scheduler.Domain.Configuration;

/// <summary>How a contractor receives work: an email per order, or a weekly programme.</summary>
public enum DispatchMode
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>Config <c>per-order</c>: one email per work order.</summary>
    PerOrder,

    /// <summary>Config <c>weekly</c>: one programme a week listing the following week's orders.</summary>
    Weekly,
}
