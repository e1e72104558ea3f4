using System.Globalization;

namespace Scheduler.Domain.Improvements;

/// <summary>
/// One component of one home: its install (or last-replaced) year, its lifetime, and so the year it becomes
/// eligible for replacement. Only years count: an install on 29 February 2004 is simply 2004.
/// </summary>
/// <param name="HomeId">The home's register id.</param>
/// <param name="AreaId">The home's area.</param>
/// <param name="Component">The component id (<see cref="ImprovementComponents"/>).</param>
/// <param name="LifetimeYears">The configured lifetime in years.</param>
/// <param name="InstalledYear">The install or last-replaced year; null when unknown (a survey is needed).</param>
/// <param name="Condition">The condition score where given, 1 (good) to 5 (worst); null when not given.</param>
/// <param name="Notes">Why the year is unknown, or a condition value that was ignored; empty when all is well.</param>
public sealed record ComponentEligibility(
    string HomeId,
    string AreaId,
    string Component,
    int LifetimeYears,
    int? InstalledYear,
    int? Condition,
    IReadOnlyList<string> Notes)
{
    /// <summary>The words shown for a component whose install year is unknown.</summary>
    public const string UnknownText = "Unknown: survey needed";

    /// <summary>The first year the component is eligible for replacement: install year + lifetime; null when unknown.</summary>
    public int? EligibleYear => InstalledYear + LifetimeYears;

    /// <summary>
    /// The status in <paramref name="year"/>: <see cref="EligibilityStatus.Unknown"/> when the install year is not
    /// known (never guessed either way), else eligible when <see cref="EligibleYear"/> ≤ <paramref name="year"/>.
    /// </summary>
    public EligibilityStatus StatusIn(int year) => EligibleYear switch
    {
        null => EligibilityStatus.Unknown,
        { } y when y <= year => EligibilityStatus.Eligible,
        _ => EligibilityStatus.NotYetEligible,
    };

    /// <summary>"Unknown: survey needed", or "eligible from 2024".</summary>
    public string Describe() => EligibleYear is { } y
        ? string.Create(CultureInfo.InvariantCulture, $"eligible from {y}")
        : UnknownText;
}
