using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Scheduler.Persistence.Register;

/// <summary>
/// A read-only attribute map of a few entries as one array of names and values, looked up by ordinal comparison in
/// order: what <see cref="AttributesJson"/> gives an asset with few register columns. A register of 300,000 homes is
/// held through every plan and apply, long enough for the collector to copy it twice on its way to the oldest
/// generation; a <see cref="Dictionary{TKey, TValue}"/> of three entries is three objects and ~220 bytes, this is two
/// and ~100. Enumerates in the order the entries were given (as the dictionary it replaces did).
/// </summary>
internal sealed class SmallAttributes : IReadOnlyDictionary<string, string>
{
    /// <summary>The most entries kept this way; more go into a dictionary.</summary>
    public const int MaxCount = 8;

    private readonly string[] _pairs; // name, value, name, value, …

    /// <summary>Takes <paramref name="pairs"/> (names at even indexes, each once, values after them) as it is.</summary>
    public SmallAttributes(string[] pairs) => _pairs = pairs;

    public int Count => _pairs.Length / 2;

    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < _pairs.Length; i += 2)
            {
                yield return _pairs[i];
            }
        }
    }

    public IEnumerable<string> Values
    {
        get
        {
            for (var i = 1; i < _pairs.Length; i += 2)
            {
                yield return _pairs[i];
            }
        }
    }

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The attribute '{key}' is not there.");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < _pairs.Length; i += 2)
        {
            if (string.Equals(_pairs[i], key, StringComparison.Ordinal))
            {
                value = _pairs[i + 1];
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _pairs.Length; i += 2)
        {
            yield return new KeyValuePair<string, string>(_pairs[i], _pairs[i + 1]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
