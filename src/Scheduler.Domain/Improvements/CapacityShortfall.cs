using System.Globalization;

namespace Scheduler.Domain.Improvements;

/// <summary>A programme year in which more homes were due a component than the capacity allows.</summary>
/// <param name="Component">The component id.</param>
/// <param name="Year">The programme year.</param>
/// <param name="Capacity">Homes that can have the component replaced in a year.</param>
/// <param name="Deferred">Homes pushed from this year to a later one.</param>
public sealed record CapacityShortfall(string Component, int Year, int Capacity, int Deferred)
{
    /// <summary>"capacity for kitchen in 2027 is 40; 12 homes deferred" (1 home: "1 home deferred").</summary>
    public string Reason => string.Create(
        CultureInfo.InvariantCulture,
        $"capacity for {Component} in {Year} is {Capacity}; {Deferred} home{(Deferred == 1 ? string.Empty : "s")} deferred");
}
