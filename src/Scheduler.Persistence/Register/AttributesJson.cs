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

    private static bool TryReadPlain(string json, out Dictionary<string, string> result)
    {
        result = new Dictionary<string, string>(StringComparer.Ordinal);
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

            result[name] = value;
            i = SkipSpace(s, i);
            if (i < s.Length && s[i] == ',')
            {
                i = SkipSpace(s, i + 1);
                continue;
            }

            return i < s.Length && s[i] == '}' && SkipSpace(s, i + 1) == s.Length;
        }
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
