using System.Text;
using System.Text.Json;

namespace Scheduler.Persistence.Register;

/// <summary>
/// The jsonb form of an asset's register columns: a flat JSON object of strings. Reading goes through an
/// <see cref="AttributeReading"/>, which shares the names and the strings that repeat from row to row, so a register of
/// 300,000 homes does not hold millions of copies of the same few words.
/// </summary>
internal static class AttributesJson
{
    public static string Write(IReadOnlyDictionary<string, string> attributes) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(attributes.ToDictionary(), StringComparer.Ordinal));

    /// <summary>One object on its own (nothing shared with other rows).</summary>
    public static IReadOnlyDictionary<string, string> Read(string json) => Read(json, new AttributeReading());

    /// <summary>
    /// Parses jsonb's output (<c>{"key": "value", …}</c>) directly; anything with an escape or otherwise unexpected
    /// goes through the full JSON reader, which also reports a malformed value. <paramref name="typed"/>: see
    /// <see cref="AttributeReading.BeginRow"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Read(string json, AttributeReading reading, params ReadOnlySpan<string?> typed)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(reading);
        reading.BeginRow(typed);
        if (json.Contains('\\', StringComparison.Ordinal) || !TryReadPlain(json, reading))
        {
            reading.BeginRow(typed);
            ReadEscaped(json, reading);
        }

        return reading.EndRow();
    }

    private static bool TryReadPlain(string json, AttributeReading reading)
    {
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

            reading.Add(s.Slice(name.Start, name.Length), s.Slice(value.Start, value.Length));
            i = SkipSpace(s, i);
            if (i < s.Length && s[i] == ',')
            {
                i = SkipSpace(s, i + 1);
                continue;
            }

            return i < s.Length && s[i] == '}' && SkipSpace(s, i + 1) == s.Length;
        }
    }

    /// <summary>A quoted string without escapes at <paramref name="i"/>: where its text starts and how long it is.</summary>
    private static bool TryString(ReadOnlySpan<char> s, ref int i, out (int Start, int Length) text)
    {
        text = default;
        if (i >= s.Length || s[i] != '"')
        {
            return false;
        }

        var end = s[(i + 1)..].IndexOf('"');
        if (end < 0)
        {
            return false;
        }

        text = (i + 1, end);
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

    private static void ReadEscaped(string json, AttributeReading reading)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidOperationException("An attributes column does not hold a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new InvalidOperationException($"The attribute '{name}' is not a string.");
            }

            reading.Add(name, reader.GetString()!);
        }
    }
}
