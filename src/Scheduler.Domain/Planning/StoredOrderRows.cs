using System.Collections;

namespace Scheduler.Domain.Planning;

/// <summary>
/// Some rows of a <see cref="StoredOrderTable"/> as a list of <see cref="StoredOrder"/>s, each made when it is read
/// (a plan's unchanged orders: every stored order in a re-apply, which as objects the collector would copy).
/// </summary>
internal sealed class StoredOrderRows(StoredOrderTable table, int[] rows) : IReadOnlyList<StoredOrder>
{
    public int Count => rows.Length;

    public StoredOrder this[int index] => table[rows[index]];

    public IEnumerator<StoredOrder> GetEnumerator()
    {
        foreach (var row in rows)
        {
            yield return table[row];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
