namespace Scheduler.Domain.Estate;

/// <summary>How a tenant wants letters: by email, or printed and posted.</summary>
public enum ContactChannel
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>Letters go by email.</summary>
    Email,

    /// <summary>Letters are printed and posted.</summary>
    Post,
}
