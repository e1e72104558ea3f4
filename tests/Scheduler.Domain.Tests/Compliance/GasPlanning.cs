using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Compliance;

/// <summary>The shipped appointment policy and planners over the England and Wales calendar, for the planner tests.</summary>
internal static class GasPlanning
{
    /// <summary>config/gas-safety.yaml: <c>{ slots: [AM, PM], notice: 14 days, attempts: 3 }</c>.</summary>
    public static AppointmentPolicy Shipped { get; } = new(["AM", "PM"], Period.FromDays(14), 3);

    public static GasAppointmentPlanner Planner(int engineersNorth = 1, AppointmentPolicy? policy = null) =>
        new(policy ?? Shipped, new Dictionary<string, int> { ["north"] = engineersNorth, ["south"] = 2 }, EnglandAndWales);

    public static GasVisitRequest Home(string id, string deadline, string area = "north") => GasVisitRequest.For(id, area, D(deadline));

    /// <summary>Failed attempts written "date slot", e.g. "2026-12-14 AM", numbered in order.</summary>
    public static GasVisitRequest WithFailures(this GasVisitRequest home, params string[] attempts) =>
        home with
        {
            Attempts =
            [
                .. attempts.Select((a, i) =>
                {
                    var parts = a.Split(' ');
                    var date = D(parts[0]);
                    return new AccessAttempt(i + 1, date, parts[1], AccessAttempt.LetterFor(i + 1), date.PlusDays(-14), AccessOutcome.NoAccess);
                }),
            ],
        };
}
