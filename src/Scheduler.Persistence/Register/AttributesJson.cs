using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Scheduler.Persistence.Register;

/// <summary>
/// The jsonb form of an asset's register columns: a flat JSON object of strings. Reading shares the strings that
/// repeat from row to row (column names, and short values such as <c>true</c>, area ids and cleaning frequencies)
/// so a register of 300,000 homes does not hold millions of copies of the same few words.
/// </summary>
internal static class AttributesJson
{
    private const int MaxShared = 20_000;
    private const int MaxSharedLength = 24;
    private static readonly ConcurrentDictionary<string, string> Shared = new(StringComparer.Ordinal);
    private static readonly SmallAttributes Empty = new([]);
    private static int _sharedCount; // ConcurrentDictionary.Count takes every lock: too slow to ask per value

    public static string Write(IReadOnlyDictionary<string, string> attributes) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(attributes.ToDictionary(), StringComparer.Ordinal));

    /// <summary>
    /// Parses jsonb's output (<c>{"key": "value", …}</c>) directly; anything with an escape or otherwise unexpected
    /// goes through the full JSON reader, which also reports a malformed value.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return json.Contains('\\', StringComparison.Ordinal) || !TryReadPlain(json, out var result) ? ReadEscaped(json) : result;
    }

    private static bool TryReadPlain(string json, out IReadOnlyDictionary<string, string> result)
    {
        var pairs = new List<string>(2 * SmallAttributes.MaxCount);
        result = Empty;
        var s = json.AsSpan();
        var i = SkipSpace(s, 0);
        if (i >= s.Length || s[i] != '{')
        {
            return false;
        }

        i = SkipSpace(s, i + 1);
        if (i < s.Length && s[i] == '}')
        {
            return SkipSpace(s, i + 1) == s.Length;
        }

        while (true)
        {
            if (!TryString(s, ref i, out var name))
            {
                return false;
            }

            i = SkipSpace(s, i);
            if (i >= s.Length || s[i] != ':')
            {
                return false;
            }

            i = SkipSpace(s, i + 1);
            if (!TryString(s, ref i, out var value))
            {
                return false;
            }

            Put(pairs, name, value);
            i = SkipSpace(s, i);
            if (i < s.Length && s[i] == ',')
            {
                i = SkipSpace(s, i + 1);
                continue;
            }

            result = Made(pairs);
            return i < s.Length && s[i] == '}' && SkipSpace(s, i + 1) == s.Length;
        }
    }

    /// <summary>Sets <paramref name="name"/> in <paramref name="pairs"/> (the last value of a repeated name wins, as in a dictionary).</summary>
    private static void Put(List<string> pairs, string name, string value)
    {
        for (var i = 0; i < pairs.Count; i += 2)
        {
            if (string.Equals(pairs[i], name, StringComparison.Ordinal))
            {
                pairs[i + 1] = value;
                return;
            }
        }

        pairs.Add(name);
        pairs.Add(value);
    }

    /// <summary>A few entries as <see cref="SmallAttributes"/> (two objects), more as a dictionary.</summary>
    private static IReadOnlyDictionary<string, string> Made(List<string> pairs)
    {
        if (pairs.Count <= 2 * SmallAttributes.MaxCount)
        {
            return pairs.Count == 0 ? Empty : new SmallAttributes([.. pairs]);
        }

        var dictionary = new Dictionary<string, string>(pairs.Count / 2, StringComparer.Ordinal);
        for (var i = 0; i < pairs.Count; i += 2)
        {
            dictionary[pairs[i]] = pairs[i + 1];
        }

        return dictionary;
    }

    private static bool TryString(ReadOnlySpan<char> s, ref int i, out string text)
    {
        text = string.Empty;
        if (i >= s.Length || s[i] != '"')
        {
            return false;
        }

        var end = s[(i + 1)..].IndexOf('"');
        if (end < 0)
        {
            return false;
        }

        text = Share(s.Slice(i + 1, end));
        i += end + 2;
        return true;
    }

    private static int SkipSpace(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        return i;
    }

    private static Dictionary<string, string> ReadEscaped(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidOperationException("An attributes column does not hold a JSON object.");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Share(reader.GetString()!);
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new InvalidOperationException($"The attribute '{name}' is not a string.");
            }

            result[name] = Share(reader.GetString()!);
        }

        return result;
    }

    private static string Share(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxSharedLength)
        {
            return new string(text);
        }

        if (Shared.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var shared))
        {
            return shared;
        }

        var made = new string(text);
        if (Volatile.Read(ref _sharedCount) < MaxShared && Shared.TryAdd(made, made))
        {
            Interlocked.Increment(ref _sharedCount);
        }

        return made;
    }
}
