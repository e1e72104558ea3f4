using Scheduler.Domain;

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// A YAML node and the file it came from, so that anything wrong with it is reported at its file, line and
/// column. The shape readers here (<see cref="AsMap"/>, <see cref="AsList"/>, <see cref="AsText"/>) report a
/// node of the wrong kind and return null; typed values are in <see cref="ConfigNodeValues"/>.
/// </summary>
internal readonly record struct ConfigNode(YamlSource Source, YamlNode Node)
{
    /// <summary>Where the node starts.</summary>
    public SourceLocation Location => Source.At(Node);

    /// <summary>
    /// The node's text when it is a scalar with a value; null for a mapping, a list, or an empty value
    /// (nothing, <c>~</c> or <c>null</c> written without quotes).
    /// </summary>
    public string? Scalar => Node is YamlScalarNode scalar && !IsNull(scalar) ? scalar.Value : null;

    /// <summary>True when the node is an empty value (<c>key:</c> with nothing after it, <c>~</c> or <c>null</c>).</summary>
    public bool IsEmpty => Node is YamlScalarNode scalar && IsNull(scalar);

    /// <summary>Records a problem at this node.</summary>
    public void Error(string message, string? value = null, string? accepted = null) =>
        Source.Report(Location, message, value, accepted);

    /// <summary>
    /// Reads the node as a mapping whose keys must be among <paramref name="acceptedKeys"/>; each unknown key is
    /// reported (with the accepted keys) and left out. Null, after reporting, when the node is not a mapping.
    /// </summary>
    /// <param name="what">What the mapping is, for messages: "a contractor", "organisation".</param>
    /// <param name="acceptedKeys">The keys this mapping may have.</param>
    public YamlMap? AsMap(string what, IReadOnlyList<string> acceptedKeys)
    {
        if (Node is not YamlMappingNode mapping)
        {
            Error($"{what} must be a mapping of keys ({string.Join(", ", acceptedKeys)}), but this is {Describe(Node)}", ValueText);
            return null;
        }

        return YamlMap.Read(this, mapping, what, acceptedKeys);
    }

    /// <summary>Reads the node as a mapping whose keys are names chosen by the manager (e.g. improvement components).</summary>
    public YamlMap? AsOpenMap(string what)
    {
        if (Node is not YamlMappingNode mapping)
        {
            Error($"{what} must be a mapping of keys, but this is {Describe(Node)}", ValueText);
            return null;
        }

        return YamlMap.Read(this, mapping, what, null);
    }

    /// <summary>The items of a list, or null (after reporting) when the node is not a list.</summary>
    public IReadOnlyList<ConfigNode>? AsList(string what)
    {
        if (Node is not YamlSequenceNode sequence)
        {
            Error($"{what} must be a list (one '- item' a line, or [a, b]), but this is {Describe(Node)}", ValueText);
            return null;
        }

        var source = Source;
        return [.. sequence.Children.Select(child => new ConfigNode(source, child))];
    }

    /// <summary>The node's non-empty text, or null (after reporting) when it is empty or not a single value.</summary>
    public string? AsText(string what)
    {
        if (Node is not YamlScalarNode)
        {
            Error($"{what} must be a single value, but this is {Describe(Node)}");
            return null;
        }

        var text = Scalar?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            Error($"{what} is empty; give it a value");
            return null;
        }

        return text;
    }

    /// <summary>The scalar text for a message, or null for a mapping or list.</summary>
    public string? ValueText => (Node as YamlScalarNode)?.Value;

    /// <summary>"a list", "a mapping", "a single value" or "an empty value", for messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping (key: value pairs)",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar when IsNull(scalar) => "an empty value",
        _ => "a single value",
    };

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && (scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");
}
