using Scheduler.Domain.Estate;

namespace Scheduler.Persistence.Register;

/// <summary>
/// Checks that ids are unique within each list and that every id a register row refers to is in the same register,
/// so the import is refused up front rather than failing on a key half-way.
/// </summary>
internal static class RegisterReferences
{
    public static List<string> Check(EstateRegister register)
    {
        var areas = register.Areas.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var sites = register.Sites.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var blocks = register.Blocks.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var homes = register.Homes.Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        Unique(register.Areas.Select(a => a.Id), "area", problems);
        Unique(register.Sites.Select(a => a.Id), "site", problems);
        Unique(register.Blocks.Select(a => a.Id), "block", problems);
        Unique(register.Homes.Select(a => a.Id), "property", problems);
        Unique(register.Tenants.Select(a => a.Id), "tenant", problems);
        void Need(HashSet<string> ids, string? id, string what, string row)
        {
            if (id is not null && !ids.Contains(id))
            {
                problems.Add($"{row} refers to {what} '{id}', which the register does not contain");
            }
        }

        foreach (var s in register.Sites)
        {
            Need(areas, s.AreaId, "area", $"site '{s.Id}'");
        }

        foreach (var b in register.Blocks)
        {
            Need(sites, b.SiteId, "site", $"block '{b.Id}'");
            Need(areas, b.AreaId, "area", $"block '{b.Id}'");
        }

        foreach (var h in register.Homes)
        {
            Need(blocks, h.BlockId, "block", $"property '{h.Id}'");
            Need(sites, h.SiteId, "site", $"property '{h.Id}'");
            Need(areas, h.AreaId, "area", $"property '{h.Id}'");
        }

        foreach (var t in register.Tenants)
        {
            Need(homes, t.PropertyId, "property", $"tenant '{t.Id}'");
        }

        return problems;
    }

    private static void Unique(IEnumerable<string> ids, string what, List<string> problems)
    {
        foreach (var id in ids.GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            problems.Add($"{what} id '{id}' appears more than once");
        }
    }
}
