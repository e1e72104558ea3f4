namespace Scheduler.Domain.Calendars;

/// <summary>Where in a month-based window the visit is aimed before moving to a working day.</summary>
public enum TargetPlacement
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>The first working day of the window (the default).</summary>
    Start,

    /// <summary>The working day nearest the middle of the window.</summary>
    Middle,

    /// <summary>The last working day of the window (e.g. a late August hedge cut).</summary>
    End,
}
