using YamlDotNet.RepresentationModel;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// The accepted keys of a YAML mapping, each with its value and file. Built by <see cref="ConfigNode.AsMap"/>
/// (one mapping, unknown keys reported) or by <see cref="Merge"/> (the same section spread over several files,
/// a key set in two files reported naming both).
/// </summary>
internal sealed class YamlMap
{
    private readonly List<Entry> _entries;

    // A refused merge key (<<) may have been meant to supply any key, so missing keys are not reported again.
    private readonly bool _hadMergeKey;

    private YamlMap(ConfigNode origin, string what, List<Entry> entries, bool hadMergeKey = false)
    {
        Origin = origin;
        What = what;
        _entries = entries;
        _hadMergeKey = hadMergeKey;
    }

    /// <summary>The mapping itself (the first one, when merged): where a missing key is reported.</summary>
    public ConfigNode Origin { get; }

    /// <summary>What the mapping is, for messages.</summary>
    public string What { get; }

    /// <summary>The accepted keys present, in file order.</summary>
    public IReadOnlyList<Entry> Entries => _entries;

    /// <summary>
    /// Reads <paramref name="mapping"/>, reporting keys that are not plain names or (when
    /// <paramref name="acceptedKeys"/> is not null) not accepted.
    /// </summary>
    internal static YamlMap Read(ConfigNode origin, YamlMappingNode mapping, string what, IReadOnlyList<string>? acceptedKeys)
    {
        var entries = new List<Entry>();
        var hadMergeKey = false;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = new ConfigNode(origin.Source, keyNode);
            if (key.Scalar is not { } name)
            {
                key.Error($"a key in {what} must be a plain name, but this is {ConfigNode.Describe(keyNode)}", null, acceptedKeys is null ? null : string.Join(", ", acceptedKeys));
                continue;
            }

            if (name == "<<" && keyNode is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain })
            {
                key.Error($"YAML merge keys (<<) are not supported in {what}; write the keys out (an alias such as *areas for a whole value is fine)", name);
                hadMergeKey = true;
                continue;
            }

            if (acceptedKeys is not null && !acceptedKeys.Contains(name, StringComparer.Ordinal))
            {
                var hint = Suggest(name, acceptedKeys) is { } close ? $"; did you mean '{close}'?" : string.Empty;
                key.Error($"unknown key '{name}' in {what}{hint}", name, string.Join(", ", acceptedKeys));
                continue;
            }

            entries.Add(new Entry(name, key, new ConfigNode(origin.Source, valueNode)));
        }

        return new YamlMap(origin, what, entries, hadMergeKey);
    }

    /// <summary>
    /// One view over the same section written in several files (e.g. <c>organisation:</c> split in two). A key
    /// set in more than one file is reported at each later place, naming the first; the first value is kept.
    /// </summary>
    /// <param name="what">The section's name, e.g. <c>organisation</c>; a duplicate is named <c>what.key</c>.</param>
    /// <param name="maps">The section's mapping from each file, in file order; at least one.</param>
    public static YamlMap Merge(string what, IReadOnlyList<YamlMap> maps)
    {
        var entries = new List<Entry>();
        var first = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var entry in maps.SelectMany(m => m.Entries))
        {
            if (first.TryGetValue(entry.Key, out var earlier))
            {
                entry.KeyNode.Error(
                    $"{what}.{entry.Key} is set in two files, here and at {earlier.KeyNode.Location}; set it in one file only",
                    entry.Key);
                continue;
            }

            first.Add(entry.Key, entry);
            entries.Add(entry);
        }

        return new YamlMap(maps[0].Origin, what, entries);
    }

    /// <summary>The value of <paramref name="key"/>, or null when it is not present.</summary>
    public ConfigNode? Optional(string key)
    {
        foreach (var entry in _entries)
        {
            if (entry.Key == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>The value of <paramref name="key"/>, or null after reporting it missing at the mapping.</summary>
    public ConfigNode? Required(string key)
    {
        var value = Optional(key);
        if (value is null && !_hadMergeKey)
        {
            Origin.Error($"{What} is missing the required key '{key}'");
        }

        return value;
    }

    // A close match for a mistyped key: same letters in another case, or at most two edits away.
    private static string? Suggest(string name, IReadOnlyList<string> acceptedKeys) =>
        acceptedKeys
            .Select(k => (Key: k, Distance: string.Equals(k, name, StringComparison.OrdinalIgnoreCase) ? 0 : EditDistance(k, name)))
            .Where(c => c.Distance <= Math.Min(2, name.Length / 3 + 1))
            .OrderBy(c => c.Distance)
            .Select(c => c.Key)
            .FirstOrDefault();

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>One key of the mapping: its name, where it is written, and its value.</summary>
    internal readonly record struct Entry(string Key, ConfigNode KeyNode, ConfigNode Value);
}
