namespace Scheduler.Domain.Improvements;

/// <summary>One home's component replacement placed in a programme year.</summary>
/// <param name="HomeId">The home's register id.</param>
/// <param name="AreaId">The home's area (the programme is grouped by it).</param>
/// <param name="Component">The component id.</param>
/// <param name="InstalledYear">The install or last-replaced year.</param>
/// <param name="EligibleYear">Install year + lifetime.</param>
/// <param name="Condition">The condition score where given (1 good – 5 worst), else null.</param>
/// <param name="Year">The programme year the work is placed in.</param>
/// <param name="DeferralReason">
/// Null when placed in the year asked for; otherwise why it was pushed later, e.g.
/// "capacity for kitchen in 2027 is 40; 12 homes deferred."
/// </param>
public sealed record ProgrammedWork(
    string HomeId,
    string AreaId,
    string Component,
    int InstalledYear,
    int EligibleYear,
    int? Condition,
    int Year,
    string? DeferralReason)
{
    /// <summary>True when the work was pushed past the year asked for because capacity was short.</summary>
    public bool Deferred => DeferralReason is not null;
}
