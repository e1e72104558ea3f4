using Scheduler.Domain.Estate;
using Scheduler.Domain.Improvements;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Improvements;

namespace Scheduler.Worker.Tests.Improvements;

/// <summary>Which letters a programme gives: per programmed home and tenant, never for deferred homes.</summary>
public class ImprovementLettersTests
{
    [Fact]
    public void Plan_JointTenancyDeferredAndEmptyHomes()
    {
        var homes = new[] { Home("H1", kitchen: 1990, boiler: 2000), Home("H2", kitchen: 1991), Home("H3", kitchen: 1992), Home("H4", kitchen: 2000) };
        var lifetimes = new Dictionary<string, int>(StringComparer.Ordinal) { ["kitchen"] = 20, ["boiler"] = 15 };
        var capacity = new Dictionary<string, int>(StringComparer.Ordinal) { ["kitchen"] = 3, ["boiler"] = 5 };
        var schedule = ImprovementSchedule.Build(homes, lifetimes, capacity, 2027);
        Tenant[] tenants = [Tenant("T9", "H1"), Tenant("T2", "H1"), Tenant("T3", "H2"), Tenant("T4", "H4")];

        var (letters, withoutTenant) = ImprovementLetters.Plan(schedule, tenants);

        // H1 (two tenants, kitchen and boiler), H2; H3 is programmed but empty; H4 is deferred to 2028: no letter yet.
        Assert.Equal(
            ["improvement-letter:H1:2027 T2 kitchen,boiler", "improvement-letter:H1:2027:T9 T9 kitchen,boiler", "improvement-letter:H2:2027 T3 kitchen"],
            letters.Select(l => $"{l.Key} {l.TenantId} {string.Join(',', l.Payload.Components!)}"));
        Assert.Equal(1, withoutTenant);
        Assert.All(letters, l => Assert.Equal((TenantLetterKinds.Improvement, 2027), (l.Payload.Letter, l.Payload.Year)));
    }

    private static Home Home(string id, int? kitchen = null, int? boiler = null) => new(
        id, null, null, $"{id} Test Street", "ZZ1 1ZZ", "north", true, null, kitchen, null, boiler,
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["property_id"] = id, ["area_id"] = "north", ["kitchen_year"] = kitchen?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            ["bathroom_year"] = string.Empty, ["boiler_year"] = boiler?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        });

    private static Tenant Tenant(string id, string home) => new(id, home, $"Tenant {id}", null, null, ContactChannel.Post, false, "en");
}
