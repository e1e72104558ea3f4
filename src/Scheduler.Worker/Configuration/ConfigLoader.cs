using System.Security.Cryptography;
using System.Text;

using NodaTime;

using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Sla;
using Scheduler.Domain.WorkingDays;

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// Loads the YAML configuration estates managers edit (DESIGN.md §4). Every <c>*.yaml</c> and <c>*.yml</c> file
/// directly in the folder is read in ordinal name order and merged: the lists (<c>services</c>,
/// <c>contractors</c>, <c>schedules</c>) concatenate, ids are unique per list across all files, and a single
/// setting (<c>horizon</c>, <c>organisation.name</c>, an <c>improvements</c> component, an <c>sla</c> target) written in two files is
/// an error naming both. Every problem is reported at once, each at its file, line and column, with the value
/// found and the forms accepted; YAML syntax errors included. Nothing here throws for bad input.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The keys a config file may have at its top level.</summary>
    internal static readonly string[] TopLevelKeys = ["organisation", "horizon", "services", "contractors", "schedules", "improvements", "sla"];

    /// <summary>Reads and validates every <c>*.yaml</c>/<c>*.yml</c> file directly in <paramref name="configDirectory"/>.</summary>
    /// <param name="configDirectory">The config folder; problems name files as this path joined with the file name.</param>
    public static ConfigLoadResult Load(string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(configDirectory);
        var folder = new SourceLocation(configDirectory, 0, 0);
        if (!Directory.Exists(configDirectory))
        {
            return Failed(folder, "the configuration folder does not exist");
        }

        var files = new List<ConfigFile>();
        var problems = new List<ConfigProblem>();
        var paths = Directory.EnumerateFiles(configDirectory)
            .Where(p => Path.GetExtension(p).ToUpperInvariant() is ".YAML" or ".YML")
            .Order(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            var display = Path.Join(configDirectory, name);
            try
            {
                files.Add(new ConfigFile(name, display, File.ReadAllText(path)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add(new ConfigProblem(new SourceLocation(display, 0, 0), $"cannot read the file: {ex.Message}"));
            }
        }

        if (problems.Count > 0)
        {
            return new ConfigLoadResult(null, problems);
        }

        return Parse(files, folder);
    }

    /// <summary>
    /// Validates config files given as text, as if they were the files of one folder (they are read in ordinal
    /// order of <c>FileName</c>, and problems name them by <c>FileName</c>).
    /// </summary>
    public static ConfigLoadResult Parse(IReadOnlyList<(string FileName, string Text)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Parse([.. files.Select(f => new ConfigFile(f.FileName, f.FileName, f.Text))], new SourceLocation("config", 0, 0));
    }

    private static ConfigLoadResult Parse(IReadOnlyList<ConfigFile> unordered, SourceLocation folder)
    {
        if (unordered.Count == 0)
        {
            return Failed(folder, "there are no configuration files (*.yaml or *.yml) in the configuration folder");
        }

        var files = unordered.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var problems = new List<ConfigProblem>();
        var sections = new Sections();
        foreach (var file in files)
        {
            var source = new YamlSource(file.DisplayName, problems);
            if (ReadRoot(source, file.Text) is { } root)
            {
                sections.Add(root);
            }
        }

        var config = Build(sections, folder, problems);
        problems.AddRange(ConfigurationRules.Check(config));
        var ordered = problems
            .OrderBy(p => p.Location.Line > 0)
            .ThenBy(p => p.Location.File, StringComparer.Ordinal)
            .ThenBy(p => p.Location.Line)
            .ThenBy(p => p.Location.Column)
            .ToList();
        return ordered.Count > 0
            ? new ConfigLoadResult(null, ordered)
            : new ConfigLoadResult(config with { Version = VersionOf(files) }, []);
    }

    /// <summary>The file's one document as a mapping of top-level keys; null for an empty file or after a problem.</summary>
    private static YamlMap? ReadRoot(YamlSource source, string text)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(text);
        var scanner = new Scanner(reader);
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException ex)
        {
            var span = ex.End.Line > ex.Start.Line ? $" (from here to line {ex.End.Line}, column {ex.End.Column})" : string.Empty;
            var hint = ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) ? "; YAML indents with spaces, never tabs" : string.Empty;
            source.Report(source.At(ex.Start), $"this is not valid YAML: {ex.Message.TrimEnd('.')}{span}{hint}");
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws these instead of a YamlException on some malformed plain scalars inside flow
            // mappings (text moved or cut in the middle of a '{ ... }'), and its node loader an ArgumentException ("The
            // current event is of an unsupported type") on a ':' inserted into a mapping; found by the fuzz tests
            // (tests/…/Fuzzing).
            source.Report(source.At(scanner.CurrentPosition), "this is not valid YAML: the reader could not make sense of the text here (check brackets, quotes and colons on this line)");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            source.Report(source.At(stream.Documents[1].RootNode), "a config file holds one YAML document, but a second one starts here (after '---'); split it into another file");
            return null;
        }

        var root = new ConfigNode(source, stream.Documents[0].RootNode);
        return root.IsEmpty ? null : root.AsMap("a config file", TopLevelKeys);
    }

    private static EstateConfiguration Build(Sections sections, SourceLocation folder, List<ConfigProblem> problems)
    {
        var serviceItems = Identify(sections.Services, "service", ServiceSection.Keys, problems);
        var contractorItems = Identify(sections.Contractors, "contractor", ContractorSection.Keys, problems);
        var scheduleItems = Identify(sections.Schedules, "schedule", ScheduleSection.Keys, problems);
        var serviceIds = new ServiceIds([.. serviceItems.Where(i => i.Id is not null).Select(i => i.Id!)]);

        Organisation? organisation = null;
        if (sections.Organisation.Count == 0)
        {
            problems.Add(new ConfigProblem(folder, "no file sets 'organisation:'; add it with name, timeZone and bankHolidays", null, "organisation: { name: ..., timeZone: Europe/London, bankHolidays: england-and-wales }"));
        }
        else
        {
            organisation = OrganisationSection.Read(YamlMap.Merge("organisation", sections.Organisation));
        }

        Period? horizon = null;
        if (sections.Horizon is not { } horizonNode)
        {
            problems.Add(new ConfigProblem(folder, "no file sets 'horizon:', how far ahead work orders are created", null, "horizon: 8 weeks"));
        }
        else
        {
            horizon = horizonNode.AsDuration("horizon", DurationUnit.Weeks, DurationUnit.Months, DurationUnit.Days)?.ToPeriod();
        }

        var (improvements, capacities) = sections.Improvements.Count == 0
            ? (new Dictionary<string, int>(StringComparer.Ordinal), new Dictionary<string, int>(StringComparer.Ordinal))
            : ImprovementsSection.Read(YamlMap.Merge("improvements", sections.Improvements));

        var sla = sections.Sla.Count == 0
            ? SlaCatalog.Defaults
            : SlaSection.Read(YamlMap.Merge("sla", sections.Sla));

        return new EstateConfiguration(
            organisation ?? new Organisation(string.Empty, string.Empty, BankHolidayRegion.Invalid),
            horizon ?? Period.Zero,
            [.. serviceItems.Select(i => ServiceSection.Read(i.Map, i.Id)).OfType<ServiceDefinition>()],
            [.. contractorItems.Select(i => ContractorSection.Read(i.Map, i.Id, serviceIds)).OfType<Contractor>()],
            [.. scheduleItems.Select(i => ScheduleSection.Read(i.Map, i.Id, serviceIds)).OfType<Schedule>()],
            improvements,
            string.Empty)
        {
            ImprovementCapacities = capacities,
            Sla = sla,
        };
    }

    /// <summary>
    /// Reads each list item's mapping and id, reporting a missing or malformed id and an id used twice (naming
    /// both places). Items that are not mappings are reported and left out.
    /// </summary>
    private static List<(YamlMap Map, string? Id)> Identify(List<ConfigNode> items, string kind, string[] keys, List<ConfigProblem> problems)
    {
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var identified = new List<(YamlMap Map, string? Id)>();
        foreach (var item in items)
        {
            var written = item.Node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("id"), out var idValue)
                ? (idValue as YamlScalarNode)?.Value
                : null;
            if (item.AsMap(written is null ? $"a {kind}" : $"{kind} '{written}'", keys) is not { } map)
            {
                continue;
            }

            var idNode = map.Required("id");
            var id = idNode?.AsId($"{kind} id");
            if (id is not null && !seen.TryAdd(id, idNode!.Value.Location))
            {
                problems.Add(new ConfigProblem(
                    idNode!.Value.Location,
                    $"{kind} id '{id}' is used twice, here and at {seen[id]}; ids must be unique across all files",
                    id));
                id = null;
            }

            identified.Add((map, id));
        }

        return identified;
    }

    /// <summary>Lower-case hex of SHA-256 over each file's name and text in load order, first 12 characters.</summary>
    private static string VersionOf(IEnumerable<ConfigFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.Name));
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(file.Text));
            hash.AppendData([0]);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    private static ConfigLoadResult Failed(SourceLocation location, string message) =>
        new(null, [new ConfigProblem(location, message)]);

    /// <summary>A config file: its name (for order and version), how problems name it, and its text.</summary>
    private sealed record ConfigFile(string Name, string DisplayName, string Text)
    {
        /// <summary>Its names and length: never the text (it holds contractors' and the landlord's email addresses).</summary>
        public override string ToString() => $"ConfigFile {{ Name = {Name}, DisplayName = {DisplayName}, Text = ({Text.Length} characters) }}";
    }

    /// <summary>The top-level sections of every file, merged.</summary>
    private sealed class Sections
    {
        public List<YamlMap> Organisation { get; } = [];

        public ConfigNode? Horizon { get; private set; }

        private ConfigNode? HorizonKey { get; set; }

        public List<ConfigNode> Services { get; } = [];

        public List<ConfigNode> Contractors { get; } = [];

        public List<ConfigNode> Schedules { get; } = [];

        public List<YamlMap> Improvements { get; } = [];

        public List<YamlMap> Sla { get; } = [];

        /// <summary>Adds one file's top level: lists concatenate, mappings collect, a second horizon is reported.</summary>
        public void Add(YamlMap root)
        {
            foreach (var entry in root.Entries)
            {
                var value = entry.Value;
                switch (entry.Key)
                {
                    case "organisation" when value.AsMap("organisation", OrganisationSection.Keys) is { } map:
                        Organisation.Add(map);
                        break;
                    case "improvements" when value.AsOpenMap("improvements") is { } map:
                        Improvements.Add(map);
                        break;
                    case "sla" when !value.IsEmpty && value.AsOpenMap("sla") is { } map:
                        Sla.Add(map);
                        break;
                    case "horizon" when HorizonKey is { } first:
                        entry.KeyNode.Error($"horizon is set in two files, here and at {first.Location}; set it in one file only", value.ValueText);
                        break;
                    case "horizon":
                        (HorizonKey, Horizon) = (entry.KeyNode, value);
                        break;
                    case "services":
                        AddItems(Services, value, "services");
                        break;
                    case "contractors":
                        AddItems(Contractors, value, "contractors");
                        break;
                    case "schedules":
                        AddItems(Schedules, value, "schedules");
                        break;
                }
            }
        }

        // An empty list key (e.g. "schedules:" with nothing under it yet) adds nothing.
        private static void AddItems(List<ConfigNode> items, ConfigNode value, string what)
        {
            if (!value.IsEmpty && value.AsList(what) is { } list)
            {
                items.AddRange(list);
            }
        }
    }
}
