namespace Scheduler.Domain.Estate;

/// <summary>How often a block's communal areas are cleaned; from the register's <c>cleaning</c> column.</summary>
public enum CleaningFrequency
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>No communal cleaning (register value <c>none</c>).</summary>
    None,

    /// <summary>Every week.</summary>
    Weekly,

    /// <summary>Every other week.</summary>
    Fortnightly,

    /// <summary>Once a calendar month.</summary>
    Monthly,
}
