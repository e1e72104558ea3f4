namespace Scheduler.Domain.Planning;

/// <summary>Why the planner cancels a stored order. The zero value is invalid so an unset reason is caught.</summary>
public enum CancellationReason
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>The order's schedule is no longer in config.</summary>
    ScheduleRemoved,

    /// <summary>The schedule still applies to the asset but no longer wants this visit (dates, window or follow-ups changed).</summary>
    ScheduleChanged,

    /// <summary>The asset is no longer in the register (removed by an import, so inactive).</summary>
    AssetInactive,

    /// <summary>The asset is still registered but no longer matches the schedule's <c>appliesTo</c>/<c>where</c> (e.g. a block moved from weekly to fortnightly cleaning).</summary>
    AssetNoLongerMatches,

    /// <summary>The visit is still wanted but by a different contractor; a new order replaces it.</summary>
    ContractorChanged,

    /// <summary>The follow-up's parent order is being replaced, so the follow-up is replaced with it.</summary>
    ParentReplaced,

    /// <summary>
    /// A gas safety order whose window has passed unvisited: the check for its deadline was made on another order of the
    /// home, or recorded in the register (written by the gas booking, not by the planner; docs/gas-safety.md).
    /// </summary>
    CheckMade,
}

/// <summary>Text forms of <see cref="CancellationReason"/>.</summary>
public static class CancellationReasons
{
    /// <summary>The kebab-case code stored and printed, e.g. <c>schedule-removed</c>.</summary>
    public static string ToCode(this CancellationReason reason) => reason switch
    {
        CancellationReason.ScheduleRemoved => "schedule-removed",
        CancellationReason.ScheduleChanged => "schedule-changed",
        CancellationReason.AssetInactive => "asset-inactive",
        CancellationReason.AssetNoLongerMatches => "asset-no-longer-matches",
        CancellationReason.ContractorChanged => "contractor-changed",
        CancellationReason.ParentReplaced => "parent-replaced",
        CancellationReason.CheckMade => "check-made",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a valid cancellation reason."),
    };
}
