using Scheduler.Domain;
using Scheduler.Domain.Configuration;

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// One config file being read: the name problems are reported under, and the problem list shared by every
/// file of one load (so all errors are reported at once).
/// </summary>
internal sealed class YamlSource(string name, List<ConfigProblem> problems)
{
    /// <summary>The file as it appears in messages, e.g. <c>config/grounds.yaml</c>.</summary>
    public string Name { get; } = name;

    /// <summary>How many problems have been reported so far, across all files.</summary>
    public int ProblemCount => problems.Count;

    /// <summary>Where <paramref name="mark"/> is in this file (line and column are 1-based, as YamlDotNet counts them).</summary>
    public SourceLocation At(Mark mark) => new(Name, checked((int)mark.Line), checked((int)mark.Column));

    /// <summary>Where <paramref name="node"/> starts in this file.</summary>
    public SourceLocation At(YamlNode node) => At(node.Start);

    /// <summary>Records a problem at <paramref name="location"/>.</summary>
    public void Report(SourceLocation location, string message, string? value = null, string? accepted = null) =>
        problems.Add(new ConfigProblem(location, message, value, accepted));
}
