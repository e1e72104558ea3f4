using NodaTime;

namespace Scheduler.Persistence.Entities;

/// <summary>What every register table has in common: an id from the housing system, an active flag and a change time.</summary>
public interface IRegisterRow
{
    /// <summary>The id from the housing management system.</summary>
    string Id { get; }

    /// <summary>False once the latest import no longer lists the row.</summary>
    bool Active { get; set; }

    /// <summary>When an import last added or changed the row.</summary>
    Instant UpdatedAt { get; set; }
}
