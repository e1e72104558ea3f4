using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Scheduler.Persistence.Register;

/// <summary>
/// The column names of a set of asset rows that have the same attributes in the same order (every home of a register,
/// typically), held once for all of them, with an index from a name to its position: ordinal for rows read from the
/// database (<see cref="TryCreate"/>, as the dictionary it replaces), any case for a register CSV file's header
/// (<see cref="IgnoringCase"/>).
/// </summary>
public sealed class AttributeSchema
{
    private AttributeSchema(string[] names, Dictionary<string, int> index)
    {
        Names = names;
        Index = index;
    }

    /// <summary>The names, in the order the row's JSON gave them.</summary>
    public string[] Names { get; }

    /// <summary>Position of each name in <see cref="Names"/>.</summary>
    public Dictionary<string, int> Index { get; }

    /// <summary>
    /// A schema for a CSV file's columns, looked up in any case; a name given twice finds its first column.
    /// </summary>
    public static AttributeSchema IgnoringCase(string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var index = new Dictionary<string, int>(names.Length, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            index.TryAdd(names[i], i);
        }

        return new AttributeSchema(names, index);
    }

    /// <summary>A schema for <paramref name="names"/>; null when a name repeats (the caller then keeps the last value, as a dictionary would).</summary>
    internal static AttributeSchema? TryCreate(string[] names)
    {
        var index = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            if (!index.TryAdd(names[i], i))
            {
                return null;
            }
        }

        return new AttributeSchema(names, index);
    }

    /// <summary>True when <paramref name="names"/> are this schema's names in this order.</summary>
    internal bool Is(List<string> names)
    {
        if (names.Count != Names.Length)
        {
            return false;
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (!ReferenceEquals(names[i], Names[i]) && !string.Equals(names[i], Names[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// An asset's attributes (a row read from the database, or a register CSV row): the names are its
/// <see cref="AttributeSchema"/>'s, shared with every row of the same columns, and the row keeps only its array of
/// values. At 300,000 homes a dictionary per home (with its own copy of every column name) was ~600 MB of the apply's
/// ~900 MB of live data. Looks names up as the schema does and enumerates in the columns' order.
/// </summary>
public sealed class AttributeDictionary(AttributeSchema schema, string[] values) : IReadOnlyDictionary<string, string>
{
    public int Count => values.Length;

    public IEnumerable<string> Keys => schema.Names;

    public IEnumerable<string> Values => values;

    public string this[string key] => TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"There is no attribute (register column) '{key}'.");

    public bool ContainsKey(string key) => schema.Index.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (schema.Index.TryGetValue(key, out var i))
        {
            value = values[i];
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < values.Length; i++)
        {
            yield return new KeyValuePair<string, string>(schema.Names[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
