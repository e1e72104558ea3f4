using System.Text;
using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Synth;

/// <summary>
/// The configuration half of a synthetic estate: a copy of the given config folder (YAML, JSON, templates, schema;
/// not its sample register) whose <c>contractors.yaml</c> is replaced by, for every trade (each contractor of the
/// given config: its services, dispatch mode, programme day and issueAhead), one contractor per group of neighbouring areas.
/// </summary>
internal static class SyntheticContractors
{
    private const string ContractorsFile = "contractors.yaml";

    /// <summary>Writes the config folder; returns how many contractors it names.</summary>
    /// <exception cref="InvalidOperationException">The given config declares contractors outside <c>contractors.yaml</c>.</exception>
    public static int Write(EstateConfiguration template, string templateDirectory, string configDirectory, IReadOnlyList<string> areaIds, int areasPerContractor)
    {
        var elsewhere = template.Contractors.FirstOrDefault(c => !string.Equals(Path.GetFileName(c.Origin.File), ContractorsFile, StringComparison.Ordinal));
        if (elsewhere is not null)
        {
            throw new InvalidOperationException(
                $"contractor '{elsewhere.Id}' is declared in {elsewhere.Origin}; synth replaces {ContractorsFile}, so keep every contractor there.");
        }

        Copy(templateDirectory, configDirectory);
        var yaml = new StringBuilder()
            .Append("# Written by 'estate-scheduler synth': one contractor per trade for every ").Append(areasPerContractor)
            .Append(" neighbouring areas.\n\ncontractors:\n");
        var count = 0;
        foreach (var trade in template.Contractors)
        {
            for (int first = 0, region = 1; first < areaIds.Count; first += areasPerContractor, region++)
            {
                var areas = areaIds.Skip(first).Take(areasPerContractor).ToList();
                var at = trade.Email.IndexOf('@', StringComparison.Ordinal);
                yaml.Append("  - id: ").Append(trade.Id).Append("-r").Append(region).Append('\n')
                    .Append("    name: ").Append(Quoted($"{trade.Name} ({areas[0]}–{areas[^1]})")).Append('\n')
                    .Append("    email: ").Append(trade.Email[..at]).Append("+r").Append(region).Append(trade.Email[at..]).Append('\n')
                    .Append("    services: [").AppendJoin(", ", trade.Services).Append("]\n")
                    .Append("    areas: [").AppendJoin(", ", areas).Append("]\n")
                    .Append("    dispatch: ").Append(trade.Dispatch == DispatchMode.Weekly ? "weekly" : "per-order").Append('\n');
                if (trade.Dispatch == DispatchMode.Weekly)
                {
                    yaml.Append("    programmeDay: ").Append(trade.ProgrammeDay).Append('\n');
                }

                if (trade.IssueAhead is { } ahead)
                {
                    var days = ahead.Normalize().Days;
                    yaml.Append("    issueAhead: ").Append(days % 7 == 0 ? $"{days / 7} weeks" : $"{days} days").Append('\n');
                }

                count++;
            }
        }

        File.WriteAllText(Path.Join(configDirectory, ContractorsFile), yaml.ToString(), new UTF8Encoding(false));
        return count;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            var name = Path.GetFileName(file);
            if (!string.Equals(name, ContractorsFile, StringComparison.Ordinal))
            {
                File.Copy(file, Path.Join(to, name), overwrite: true);
            }
        }

        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(folder);
            if (!string.Equals(name, "sample", StringComparison.Ordinal))
            {
                Copy(folder, Path.Join(to, name));
            }
        }
    }

    private static string Quoted(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
