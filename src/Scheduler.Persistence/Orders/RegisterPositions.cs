using System.Runtime.CompilerServices;
using Scheduler.Domain.Estate;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// Where each site, block and home is in a register's lists, by id: so an incremental night picks the few assets it
/// compares whole out of the kept register (in register order, as the expansion wants them) by looking each up, instead
/// of testing all 318,000 assets of a 300,000-home estate against the set every night (~0.03–0.1 s). Each kind's places
/// sorted by id (ordinal), looked up by binary search: 4 bytes an asset (~1.3 MB at 300,000 homes beside the ~150 MB
/// register), made once per register object and held as long as that register is (a
/// <see cref="ConditionalWeakTable{TKey, TValue}"/>).
/// </summary>
internal sealed class RegisterPositions
{
    private static readonly ConditionalWeakTable<EstateRegister, RegisterPositions> Made = [];

    private RegisterPositions(EstateRegister register)
    {
        Sites = ById(register.Sites);
        Blocks = ById(register.Blocks);
        Homes = ById(register.Homes);
    }

    /// <summary>The places in <see cref="EstateRegister.Sites"/>, in the ordinal order of the sites' ids.</summary>
    public int[] Sites { get; }

    /// <summary>The places in <see cref="EstateRegister.Blocks"/>, in the ordinal order of the blocks' ids.</summary>
    public int[] Blocks { get; }

    /// <summary>The places in <see cref="EstateRegister.Homes"/>, in the ordinal order of the homes' ids.</summary>
    public int[] Homes { get; }

    /// <summary>The positions of <paramref name="register"/>'s assets (made on first use, then the same object).</summary>
    public static RegisterPositions Of(EstateRegister register) => Made.GetValue(register, static r => new RegisterPositions(r));

    /// <summary>
    /// The place in <paramref name="list"/> of the asset with <paramref name="id"/>, or -1; <paramref name="byId"/> is the
    /// list's places by id (<see cref="Homes"/> for the register's homes, and so on).
    /// </summary>
    public static int IndexOf<T>(IReadOnlyList<T> list, int[] byId, string id)
        where T : Asset
    {
        int low = 0, high = byId.Length - 1;
        while (low <= high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            var order = string.CompareOrdinal(list[byId[middle]].Id, id);
            if (order == 0)
            {
                return byId[middle];
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    /// <summary>
    /// The assets of <paramref name="list"/> whose ids are in <paramref name="ids"/>, in the list's order: what
    /// <c>list.Where(a => ids.Contains(a.Id))</c> gives (ids are unique within a register's list).
    /// </summary>
    public static T[] Pick<T>(IReadOnlyList<T> list, int[] byId, IReadOnlySet<string> ids)
        where T : Asset
    {
        var found = new List<int>();
        foreach (var id in ids)
        {
            if (IndexOf(list, byId, id) is var at and >= 0)
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

    private static int[] ById<T>(IReadOnlyList<T> assets)
        where T : Asset
    {
        var ids = new string[assets.Count];
        var places = new int[assets.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = assets[i].Id;
            places[i] = i;
        }

        // The register reader's lists come in id order, which is the ordinal order under the C collation: then there is
        // nothing to sort (checked, not assumed: another collation, or a register made otherwise, is sorted here).
        for (var i = 1; i < ids.Length; i++)
        {
            if (string.CompareOrdinal(ids[i - 1], ids[i]) > 0)
            {
                Array.Sort(ids, places, StringComparer.Ordinal);
                break;
            }
        }

        return places;
    }
}
