using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Scheduler.Worker.Register;

/// <summary>
/// The lower-case column names of one register file, shared by every row of that file, with an index from a
/// name (any case) to its position.
/// </summary>
internal sealed class AttributeNames
{
    public AttributeNames(string[] names)
    {
        Names = names;
        Index = new Dictionary<string, int>(names.Length, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            Index.TryAdd(names[i], i);
        }
    }

    public string[] Names { get; }

    public Dictionary<string, int> Index { get; }
}

/// <summary>
/// Every column of one register row by its header name: the file's names are shared and the row keeps only
/// its array of (trimmed) values, so a register of hundreds of thousands of homes does not carry a dictionary
/// per home. Lookup by name ignores case.
/// </summary>
internal sealed class RowAttributes(AttributeNames names, string[] values) : IReadOnlyDictionary<string, string>
{
    public int Count => values.Length;

    public IEnumerable<string> Keys => names.Names;

    public IEnumerable<string> Values => values;

    public string this[string key] => TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"The register has no column '{key}'.");

    public bool ContainsKey(string key) => names.Index.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (names.Index.TryGetValue(key, out var i))
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
            yield return new KeyValuePair<string, string>(names.Names[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
