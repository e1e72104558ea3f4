using NodaTime;

using Scheduler.Domain;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;

namespace Scheduler.Worker.Register;

/// <summary>
/// Reads the estate register (the five CSV files of DESIGN.md §4) into an <see cref="EstateRegister"/>,
/// all or nothing: every problem in every file is collected, and the register is returned only when there
/// are none. Never throws for bad input. Every read is as of a date (<c>import --as-of</c>, else today in the organisation's zone): a
/// <c>last_gas_check</c> after it, or a component year after its year, is a problem like any other (a mistyped
/// year would otherwise move a gas deadline or make a component look new).
/// </summary>
public static class RegisterLoader
{
    /// <summary>
    /// Reads <c>areas.csv</c>, <c>sites.csv</c>, <c>blocks.csv</c>, <c>properties.csv</c> and <c>tenants.csv</c>
    /// from <paramref name="directory"/> (each read whole; UTF-8, a byte-order mark is fine). A missing folder or
    /// file, or one that cannot be read, is a problem naming its path. <paramref name="asOf"/> is the day the register
    /// is read as of: no date or year in it may be later (<see cref="RegisterRows"/>).
    /// </summary>
    public static RegisterLoadResult Load(string directory, LocalDate asOf)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            return new RegisterLoadResult(null, [new ConfigProblem(new SourceLocation(directory, 0, 0),
                "the estate register folder does not exist", Accepted: $"a folder holding {string.Join(", ", RegisterFiles.All)}")]);
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var readProblems = new List<ConfigProblem>();
        foreach (var name in RegisterFiles.All)
        {
            var path = Path.Join(directory, name);
            if (!File.Exists(path))
            {
                continue; // Parse reports it as missing.
            }

            try
            {
                texts[name] = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                readProblems.Add(new ConfigProblem(new SourceLocation(path, 0, 0), $"the file cannot be read: {e.Message}"));
                texts[name] = string.Empty;
            }
        }

        var result = Parse(texts, directory, asOf);
        if (readProblems.Count == 0)
        {
            return result;
        }

        // A file that could not be read was parsed as empty; report why instead of "the file is empty".
        var unreadable = readProblems.Select(p => p.Location.File).ToHashSet(StringComparer.Ordinal);
        var problems = readProblems.Concat(result.Problems.Where(p => !unreadable.Contains(p.Location.File))).ToList();
        return new RegisterLoadResult(null, problems);
    }

    /// <summary>
    /// Reads the register from file texts keyed by file name (<c>areas.csv</c> …), as if they were in a folder
    /// labelled <paramref name="directoryLabel"/> (used only to name files in problems; empty for bare names).
    /// A name absent from <paramref name="filesByName"/> is a missing file; <paramref name="asOf"/> as for <see cref="Load"/>.
    /// </summary>
    public static RegisterLoadResult Parse(IReadOnlyDictionary<string, string> filesByName, string directoryLabel, LocalDate asOf)
    {
        ArgumentNullException.ThrowIfNull(filesByName);
        ArgumentNullException.ThrowIfNull(directoryLabel);
        var problems = new List<ConfigProblem>();

        RegisterTable? Open(string name)
        {
            var label = directoryLabel.Length == 0 ? name : Path.Join(directoryLabel, name);
            if (!filesByName.TryGetValue(name, out var text))
            {
                problems.Add(new ConfigProblem(new SourceLocation(label, 0, 0),
                    "the file is missing", Accepted: $"the register needs {string.Join(", ", RegisterFiles.All)}"));
                return null;
            }

            return RegisterTable.Open(label, name, text, problems);
        }

        var rows = new RegisterRows(asOf);
        var areas = rows.ReadAreas(Open(RegisterFiles.Areas));
        var sites = rows.ReadSites(Open(RegisterFiles.Sites));
        var blocks = rows.ReadBlocks(Open(RegisterFiles.Blocks));
        var homes = rows.ReadHomes(Open(RegisterFiles.Properties));
        var tenants = rows.ReadTenants(Open(RegisterFiles.Tenants));

        return problems.Count > 0
            ? new RegisterLoadResult(null, problems)
            : new RegisterLoadResult(new EstateRegister(areas, sites, blocks, homes, tenants), problems);
    }
}
