using System.Runtime.CompilerServices;
using Scheduler.Domain.Estate;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// Where each site, block and home is in a register's lists, by id: so an incremental night picks the few assets it
/// compares whole out of the kept register (in register order, as the expansion wants them) by looking each up, instead
/// of testing all 318,000 assets of a 300,000-home estate against the set every night (~0.03–0.1 s). Made once per
/// register object and held as long as that register is (a <see cref="ConditionalWeakTable{TKey, TValue}"/>): at
/// 300,000 homes ~10 MB beside the ~150 MB register.
/// </summary>
internal sealed class RegisterPositions
{
    private static readonly ConditionalWeakTable<EstateRegister, RegisterPositions> Made = [];

    private RegisterPositions(EstateRegister register)
    {
        Sites = PositionsOf(register.Sites);
        Blocks = PositionsOf(register.Blocks);
        Homes = PositionsOf(register.Homes);
    }

    /// <summary>Each site's place in <see cref="EstateRegister.Sites"/>, by id.</summary>
    public Dictionary<string, int> Sites { get; }

    /// <summary>Each block's place in <see cref="EstateRegister.Blocks"/>, by id.</summary>
    public Dictionary<string, int> Blocks { get; }

    /// <summary>Each home's place in <see cref="EstateRegister.Homes"/>, by id.</summary>
    public Dictionary<string, int> Homes { get; }

    /// <summary>The positions of <paramref name="register"/>'s assets (made on first use, then the same object).</summary>
    public static RegisterPositions Of(EstateRegister register) => Made.GetValue(register, static r => new RegisterPositions(r));

    /// <summary>
    /// The assets of <paramref name="list"/> whose ids are in <paramref name="ids"/>, in the list's order: what
    /// <c>list.Where(a => ids.Contains(a.Id))</c> gives (ids are unique within a register's list).
    /// </summary>
    public static T[] Pick<T>(IReadOnlyList<T> list, Dictionary<string, int> positions, IReadOnlySet<string> ids)
        where T : Asset
    {
        var found = new List<int>();
        foreach (var id in ids)
        {
            if (positions.TryGetValue(id, out var at))
            {
                found.Add(at);
            }
        }

        found.Sort();
        var picked = new T[found.Count];
        for (var i = 0; i < picked.Length; i++)
        {
            picked[i] = list[found[i]];
        }

        return picked;
    }

    private static Dictionary<string, int> PositionsOf<T>(IReadOnlyList<T> assets)
        where T : Asset
    {
        var positions = new Dictionary<string, int>(assets.Count, StringComparer.Ordinal);
        for (var i = 0; i < assets.Count; i++)
        {
            positions.Add(assets[i].Id, i);
        }

        return positions;
    }
}
